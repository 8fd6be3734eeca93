"""The Citations tab's HTML: a looked-up citation in its context, and where a quote or claim comes from."""

from __future__ import annotations

from qa.provenance.cite import Cited
from ui.render import Layer, esc, marked

CITED = 'mark class="hl-cited"'
MATCH = 'mark class="hl-match"'

VERDICTS = {
    "exact": ("原文照录 Exact quote", "qa-ok"),
    "supported": ("有原文支持 Supported by the articles", "qa-ok"),
    "not found": ("未找到出处 Not found in the articles", "qa-none"),
}


def cited_html(c: Cited) -> str:
    """The cited paragraph (the cited sentence marked, if one was named) between its neighbours."""
    para = c.paragraph
    inner = marked(para.text, para.start, [Layer(CITED, tuple(_spans(c.unit)))])
    before = f'<div class="ctx-para ctx-before">{esc(c.before.text)}</div>' if c.before else ""
    after = f'<div class="ctx-para ctx-after">{esc(c.after.text)}</div>' if c.after else ""
    return (
        f'<article class="qa-card qa-cited" data-citation="{esc(c.id)}">'
        f'<header><code class="qa-cite">{esc(c.id)}</code> <span class="qa-title">{esc(c.source.title)}</span></header>'
        f'<div class="qa-ref">{esc(c.reference_zh)}<br>{esc(c.reference_en)}</div>'
        f'<div class="qa-meta-line">{esc(c.source.path)} · 字符 characters {para.start}–{para.end}'
        + (f" · {esc(c.source.source)}" if c.source.source else "")
        + (f" · {esc(c.source.date)}" if c.source.date else "")
        + f'</div>{before}<div class="ctx-para ctx-current">{inner}</div>{after}</article>'
    )


def _spans(unit) -> list[tuple[int, int]]:
    return [(int(s), int(e)) for s, e in unit.spans]


def verdict_label(verdict: str) -> tuple[str, str]:
    return VERDICTS.get(verdict, (verdict, "qa-info"))


def match_html(match, original: str, paragraph: tuple[int, int] | None) -> str:
    """One source of a quote or claim (``qa.find.Match``): the matched characters marked in their paragraph.

    ``paragraph`` is the (start, end) of the paragraph the match is cited in; the
    shown region is widened to the whole match when a quote runs past it.
    """
    lo, hi = (match.start, match.end) if paragraph is None else paragraph
    lo, hi = min(lo, match.start), max(hi, match.end)
    spans = tuple((int(s), int(e)) for s, e in match.spans)
    cite = match.citation or "—"
    return (
        f'<article class="qa-card qa-match" data-citation="{esc(match.citation)}">'
        f'<header><code class="qa-cite">{esc(cite)}</code> <span class="qa-title">{esc(match.title)}</span> '
        f'<span class="qa-score">得分 score {match.score:.2f}</span></header>'
        f'<div class="qa-ref">{esc(match.reference)}<br>{esc(match.reference_en)}</div>'
        f'<div class="qa-meta-line">{esc(match.path)} · 字符 characters {match.start}–{match.end}</div>'
        f'<div class="ctx-para ctx-current">{marked(original[lo:hi], lo, [Layer(MATCH, spans)])}</div></article>'
    )
