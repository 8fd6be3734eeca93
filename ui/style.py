"""The app's stylesheet (a Python string, so it ships inside the package without data-file settings)."""

from __future__ import annotations

CSS = """
.qa-answer, .qa-library, .qa-card { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC",
  "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; line-height: 1.65; }
.qa-verdict { font-weight: 600; padding: .45rem .7rem; border-radius: .4rem; margin: .2rem 0 .5rem; }
.qa-ok { background: #ebfbee; color: #2b8a3e; border: 1px solid #b2f2bb; }
.qa-none { background: #fff4e6; color: #d9480f; border: 1px solid #ffd8a8; }
.qa-missing { margin: -.2rem 0 .5rem; color: #862e0b; }
.qa-missing q { font-weight: 600; }
.qa-info { background: #e7f5ff; color: #1864ab; border: 1px solid #a5d8ff; }
.qa-question q { font-weight: 600; }
.qa-lang, .qa-score, .qa-muted, .qa-meta-line { color: #868e96; font-size: .88em; }
.qa-bar { display: inline-block; width: 8rem; height: .55rem; border-radius: .3rem; background: #e9ecef;
  vertical-align: middle; overflow: hidden; }
.qa-score .qa-bar { width: 4rem; }
.qa-bar-fill { display: block; height: 100%; border-radius: .3rem; }
.qa-level-high .qa-bar-fill, .qa-level-medium .qa-bar-fill, .qa-key.qa-level-high { background: #2f9e44; }
.qa-level-near .qa-bar-fill, .qa-key.qa-level-near { background: #f59f00; }
.qa-level-low .qa-bar-fill, .qa-key.qa-level-low { background: #adb5bd; }
.qa-key { display: inline-block; width: .8rem; height: .55rem; border-radius: .2rem; vertical-align: middle; }
.qa-pinyin, .qa-title-en { color: #495057; font-style: italic; }
.qa-title-en { font-size: .9em; }
.qa-gloss { margin: .4rem 0 .2rem; padding: .35rem .5rem; background: #f8f9fa; border-radius: .35rem;
  line-height: 1.3; }
.qa-gloss-label { font-size: .8em; color: #868e96; margin-bottom: .25rem; cursor: pointer; }
.gl-word { display: inline-flex; flex-direction: column; align-items: center; margin: 0 .35rem .35rem 0;
  vertical-align: top; max-width: 11rem; text-align: center; }
.gl-zh { font-size: .95em; }
.gl-py { font-size: .78em; color: #1971c2; }
.gl-en { font-size: .78em; color: #495057; }
.gl-person .gl-en, .gl-place .gl-en { font-style: italic; color: #1971c2; }
.qa-best { margin: .3rem 0; }
.qa-legend { font-size: .85em; color: #495057; margin: .4rem 0; }
.qa-card { border: 1px solid #dee2e6; border-radius: .5rem; padding: .6rem .8rem; margin: .6rem 0;
  background: var(--block-background-fill, #fff); }
.qa-card header { font-weight: 600; }
.qa-rank { color: #1971c2; }
.qa-cite, .qa-sentence-cite code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .88em;
  background: #f1f3f5; color: #343a40; padding: 0 .3em; border-radius: .25rem; }
.qa-ref { color: #495057; font-size: .9em; margin: .15rem 0 .35rem; }
.qa-passage, .ctx-para { white-space: pre-wrap; word-break: break-word; }
.qa-sentence-cite { font-size: .85em; color: #495057; margin-top: .3rem; }
mark.hl-sentence { background: #fff3bf; color: inherit; padding: 0; }
strong.hl-answer { background: #ffd43b; font-weight: 700; text-decoration: underline; text-underline-offset: 3px; }
span.hl-term { border-bottom: 2px solid #4dabf7; }
mark.ctx-passage { background: #e7f5ff; color: inherit; }
mark.hl-cited, mark.hl-match { background: #ffd43b; color: inherit; }
.qa-context { margin-top: .5rem; }
.qa-onpage { margin-top: .5rem; }
.qa-onpage summary { cursor: pointer; color: #1971c2; font-size: .9em; }
.qa-page { margin: .4rem 0; max-width: 46rem; }
.qa-page-frame { position: relative; width: 100%; border: 1px solid #ced4da; background: #fff; }
.qa-page-image { display: block; width: 100%; height: 100%; }
.qa-box { position: absolute; pointer-events: none; border-radius: 2px; }
.qa-box-sentence { background: rgba(255, 212, 59, .38); box-shadow: 0 0 0 1px rgba(245, 159, 0, .7); }
.qa-box-answer { background: rgba(253, 126, 20, .32); box-shadow: 0 0 0 2px #e8590c; }
.qa-page figcaption { font-size: .82em; color: #868e96; margin-top: .2rem; }
.qa-context summary { cursor: pointer; color: #1971c2; font-size: .9em; }
.ctx-para { padding: .35rem .6rem; margin: .35rem 0; border-left: 3px solid #dee2e6; }
.ctx-before, .ctx-after { color: #868e96; }
.ctx-current { border-left-color: #4dabf7; }
.qa-alert { padding: .55rem .8rem; border-radius: .4rem; margin: .4rem 0; white-space: pre-wrap;
  word-break: break-word; }
.qa-alert-error { background: #fff5f5; color: #c92a2a; border: 1px solid #ffc9c9; }
.qa-alert-warn { background: #fff9db; color: #e67700; border: 1px solid #ffec99; }
.qa-alert-info { background: #e7f5ff; color: #1864ab; border: 1px solid #a5d8ff; }
.qa-table { border-collapse: collapse; width: 100%; font-size: .92em; }
.qa-table th, .qa-table td { border: 1px solid #dee2e6; padding: .3rem .5rem; text-align: left; vertical-align: top; }
.qa-table th { background: #f1f3f5; }
.qa-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.qa-meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin-top: 1rem; }
.qa-meta dt { font-weight: 600; }
.qa-meta dd { margin: 0; }
.qa-charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
.qa-charts figure { margin: 0; }
.qa-batch-summary { margin: .3rem 0; }
"""
