"""A self-contained HTML report of an evaluation run: one file, no scripts, charts as inline SVG.

It must open from a laptop folder or an e-mail attachment, offline, so
nothing is fetched; every piece of text from questions or sources is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from qa.eval.metrics import get_metric
from qa.eval.run import EvalRun, QuestionResult, reason_label
from qa.records import Passage

MAX_FAILED_SHOWN = 500
PASSAGES_SHOWN = 3

GROUP_LABELS = {"overall": "全部 Overall", "zh": "中文 zh", "en": "英文 en"}
GROUP_COLORS = {"overall": "#343a40", "zh": "#d9480f", "en": "#1971c2"}
OTHER_COLORS = ("#2f9e44", "#7048e8", "#e8590c", "#0c8599")

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:72rem;padding:0 1rem;color:#212529;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #dee2e6}
table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}
th,td{border:1px solid #dee2e6;padding:.3rem .55rem;vertical-align:top;text-align:left}
th{background:#f1f3f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
.neg{color:#c92a2a}.pos{color:#2b8a3e}.muted{color:#868e96}
mark.sentence{background:#fff3bf}mark.answer{background:#ffd43b;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}figure{margin:0}figcaption{font-size:.9rem;color:#495057}
.passage{margin:.25rem 0 .6rem}.cite{font-family:ui-monospace,monospace;font-size:.85rem;color:#495057}
.failed td:nth-child(2){min-width:14rem}.failed td:last-child{min-width:24rem}
"""


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def _group_label(group: str) -> str:
    return GROUP_LABELS.get(group, group)


def _colors(groups: Sequence[str]) -> dict[str, str]:
    others = iter(OTHER_COLORS * 10)
    return {g: GROUP_COLORS.get(g) or next(others) for g in groups}


# ---------------------------------------------------------------- charts

W, H, LEFT, TOP, BOTTOM = 520, 300, 48, 16, 44


def _text(x: float, y: float, text: str, size: int = 11, anchor: str = "middle", extra: str = "") -> str:
    attrs = f'x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}'
    return f"<text {attrs}>{escape(text)}</text>"


def _svg_open(chart_id: str, title: str) -> list[str]:
    return [
        f'<svg id="{chart_id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        f'viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]


def _axes(pw: float, ph: float, y_ticks: list[tuple[float, str]], x_label: str, y_label: str) -> list[str]:
    """Horizontal grid lines with labels at fractions of the plot height, and both axis titles."""
    parts = []
    for frac, label in y_ticks:
        yy = TOP + ph * (1 - frac)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e9ecef"/>')
        parts.append(_text(LEFT - 6, yy + 4, label, anchor="end"))
    parts.append(_text(LEFT + pw / 2, H - 6, x_label, size=12))
    turn = f' transform="translate(12 {TOP + ph / 2:.1f}) rotate(-90)"'
    parts.append(_text(0, 0, y_label, size=12, extra=turn))
    return parts


def _legend(pw: float, index: int, label: str, color: str) -> list[str]:
    y = TOP + 8 + 18 * index
    return [
        f'<rect x="{LEFT + pw + 12}" y="{y - 9}" width="12" height="12" fill="{color}"/>',
        _text(LEFT + pw + 30, y + 1, label, size=12, anchor="start"),
    ]


def line_chart(
    series: dict[str, list[float | None]], title: str, x_label: str, y_label: str, chart_id: str
) -> str:
    """An SVG line chart of values in [0, 1] at x = 1..n, one line per series."""
    pw, ph = W - LEFT - 120, H - TOP - BOTTOM
    n = max((len(v) for v in series.values()), default=1)

    def x(i: int) -> float:
        return LEFT + (pw * (i - 1) / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return TOP + ph * (1 - v)

    parts = _svg_open(chart_id, title)
    parts += _axes(pw, ph, [(t, f"{t:g}") for t in (0, 0.25, 0.5, 0.75, 1)], x_label, y_label)
    parts += [_text(x(i), TOP + ph + 16, str(i)) for i in range(1, n + 1, max(1, math.ceil(n / 10)))]
    colors = _colors(list(series))
    shown = 0
    for name, values in series.items():
        points = [(i, v) for i, v in enumerate(values, start=1) if v is not None]
        if not points:
            continue
        color, label = colors[name], _group_label(name)
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in points)
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{path}"/>')
        parts += [
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{color}">'
            f"<title>{escape(label)} @{i}: {v:.3f}</title></circle>"
            for i, v in points
        ]
        parts += _legend(pw, shown, label, color)
        shown += 1
    if not shown:
        parts.append(_text(LEFT + pw / 2, TOP + ph / 2, "无标注答案 no expected answers", size=12))
    parts.append("</svg>")
    return "".join(parts)


def histogram(
    values: dict[str, list[float]], colors: dict[str, str], title: str, chart_id: str, bins: int = 10
) -> str:
    """An SVG grouped histogram of values in [0, 1], one bar colour per non-empty series."""
    pw, ph = W - LEFT - 175, H - TOP - BOTTOM
    counts = {name: [0] * bins for name, vs in values.items() if vs}
    for name in counts:
        for v in values[name]:
            counts[name][min(bins - 1, max(0, int(v * bins)))] += 1
    peak = max((c for cs in counts.values() for c in cs), default=0) or 1
    peak = peak if peak <= 4 else 4 * math.ceil(peak / 4)  # whole-number ticks
    parts = _svg_open(chart_id, title)
    steps = min(peak, 4)
    ticks = [(t / steps, str(peak * t // steps)) for t in range(steps + 1)]
    parts += _axes(pw, ph, ticks, "置信度 confidence", "问题数 questions")
    slot = pw / bins
    parts += [_text(LEFT + slot * b, TOP + ph + 16, f"{b / bins:g}") for b in range(0, bins + 1, 2)]
    bar = slot * 0.8 / max(1, len(counts))
    for index, (name, cs) in enumerate(counts.items()):
        color = colors.get(name, "#868e96")
        for b, c in enumerate(cs):
            if c:
                bh, xx = ph * c / peak, LEFT + slot * b + slot * 0.1 + bar * index
                parts.append(
                    f'<rect x="{xx:.1f}" y="{TOP + ph - bh:.1f}" width="{bar:.1f}" height="{bh:.1f}" '
                    f'fill="{color}">'
                    f"<title>{escape(name)} [{b / bins:g}, {(b + 1) / bins:g}): {c}</title></rect>"
                )
        parts += _legend(pw, index, name, color)
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- passages


def _relative(p: Passage, start: int, end: int, text: str) -> tuple[int, int] | None:
    """Where a highlight (offsets into the file) sits inside the passage text."""
    s, e = start - p.start, end - p.start
    if 0 <= s <= e <= len(p.text) and p.text[s:e] == text:
        return s, e
    found = p.text.find(text) if text else -1
    return (found, found + len(text)) if found >= 0 else None


def marked_passage(p: Passage) -> str:
    """Passage text, escaped, with the sentence and answer highlights as ``<mark>``."""
    spans = {}
    for kind in ("sentence", "answer"):
        h = next((h for h in p.highlights if h.kind == kind), None)
        if h is not None:
            spans[kind] = _relative(p, h.start, h.end, h.text)
    cuts = sorted({0, len(p.text), *(i for sp in spans.values() if sp for i in sp)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(p.text[a:b])
        for kind in ("answer", "sentence"):  # answer innermost
            sp = spans.get(kind)
            if sp and sp[0] <= a and b <= sp[1]:
                piece = f'<mark class="{kind}">{piece}</mark>'
        out.append(piece)
    return "".join(out)


# ---------------------------------------------------------------- sections


def _metrics_table(run: EvalRun) -> str:
    table = run.table
    groups = list(table.values)
    has_gap = "zh" in groups and "en" in groups
    head = "".join(f"<th>{escape(_group_label(g))}</th>" for g in groups)
    head += "<th>差距 zh−en</th>" if has_gap else ""
    rows = []
    for name in table.names:
        m = get_metric(name)
        cells = "".join(
            f'<td class="num" title="n={table.counts[g][name]}">{_fmt(table.values[g][name])}</td>'
            for g in groups
        )
        if has_gap:
            gap = table.gap.get(name)
            cls = "neg" if gap is not None and gap < 0 else "pos" if gap else ""
            cells += f'<td class="num {cls}">{_fmt(gap, signed=True)}</td>'
        rows.append(
            f"<tr><th>{escape(m.zh)}<br><span class=muted>{escape(m.en)}</span></th>{cells}"
            f'<td class="num">{table.counts["overall"][name]}</td></tr>'
        )
    return (
        f"<table id=metrics><tr><th>指标 Metric</th>{head}<th>n</th></tr>{''.join(rows)}</table>"
        "<p class=muted>n = 计入该指标的问题数 questions the metric applies to (overall). "
        "差距 = 中文 − 英文 gap = zh − en.</p>"
    )


def _language_table(run: EvalRun) -> str:
    by: dict[str, list[QuestionResult]] = {"overall": list(run.results)}
    for r in run.results:
        by.setdefault(r.judged.lang, []).append(r)
    rows = []
    for g in run.table.values:
        items = by.get(g, [])
        gold_yes = sum(1 for r in items if r.judged.gold_answerable)
        gold_no = sum(1 for r in items if r.judged.gold_answerable is False)
        failed = sum(1 for r in items if r.failed)
        rows.append(
            f"<tr><th>{escape(_group_label(g))}</th><td class=num>{len(items)}</td>"
            f"<td class=num>{gold_yes}</td><td class=num>{gold_no}</td><td class=num>{failed}</td></tr>"
        )
    return (
        "<table id=languages><tr><th>语言 Language</th><th>问题 questions</th><th>可回答 answerable</th>"
        f"<th>无法回答 unanswerable</th><th>失败 failed</th></tr>{''.join(rows)}</table>"
    )


def _charts(run: EvalRun) -> str:
    curve = line_chart(
        run.curves, "命中率曲线 hit@k by language", "k (前k段 top k passages)", "命中率 hit@k", "hit-curve"
    )
    names = {True: "可回答 answerable", False: "无法回答 unanswerable", None: "无标注 no gold"}
    conf: dict[str, list[float]] = {name: [] for name in names.values()}
    for r in run.results:
        conf[names[r.judged.gold_answerable]].append(r.judged.confidence)
    colors = dict(zip(conf, ("#2f9e44", "#c92a2a", "#868e96")))
    title = "置信度分布 confidence, answerable vs unanswerable"
    hist = histogram(conf, colors, title, "confidence-histogram")
    return (
        f"<div class=charts><figure>{curve}<figcaption>命中率@k:答案出现在前k段中的比例 "
        f"hit@k: share of answerable questions with the answer in the top k passages</figcaption></figure>"
        f"<figure>{hist}<figcaption>置信度直方图,按标注是否可回答 confidence histogram, by gold answerability"
        "</figcaption></figure></div>"
    )


def _failed_table(run: EvalRun) -> str:
    failed = [r for r in run.results if r.failed]
    if not failed:
        return "<p id=failed>没有失败的问题 No failed questions.</p>"
    shown = failed[:MAX_FAILED_SHOWN]
    rows = []
    for r in shown:
        row = r.row
        expected = escape(row.answer) if row.answer else "<span class=muted>(无法回答 unanswerable)</span>"
        if row.doc:
            expected += f"<br><span class=cite>{escape(row.doc)}</span>"
        reasons = "<br>".join(escape(reason_label(c, run.k)) for c in r.reasons)
        if rank := r.judged.hit_rank:
            reasons += f"<br><span class=muted>答案在第{rank}段 answer at rank {rank}</span>"
        if r.error:
            reasons += f"<br><span class=muted>{escape(r.error)}</span>"
        passages = (
            "".join(
                f"<div class=passage><span class=cite>#{p.rank} {escape(p.citation)} "
                f"{escape(p.reference or p.doc)}</span><br>{marked_passage(p)}</div>"
                for p in r.answer.passages[:PASSAGES_SHOWN]
            )
            or "<span class=muted>(无 none)</span>"
        )
        rows.append(
            f"<tr><td>{escape(row.id)}</td><td>{escape(row.question)}</td><td>{escape(r.judged.lang)}</td>"
            f"<td>{expected}</td><td>{reasons}</td><td class=num>{r.answer.confidence:.2f}</td>"
            f"<td>{passages}</td></tr>"
        )
    more = (
        f"<p class=muted>只显示前 {len(shown)} 个,共 {len(failed)} 个 showing {len(shown)} of {len(failed)}; "
        "see results.jsonl.</p>"
        if len(failed) > len(shown)
        else ""
    )
    return (
        "<table id=failed class=failed><tr><th>id</th><th>问题 question</th><th>语言 lang</th>"
        "<th>期望答案 expected</th><th>原因 why</th><th>置信度 conf.</th>"
        f"<th>实际检索到 retrieved instead</th></tr>{''.join(rows)}</table>{more}"
    )


def _skipped(run: EvalRun) -> str:
    if not run.problems:
        return ""
    rows = "".join(f"<tr><td class=num>{p.line}</td><td>{escape(p.reason)}</td></tr>" for p in run.problems)
    return (
        f"<h2>跳过的行 Skipped rows ({len(run.problems)})</h2>"
        f"<table id=skipped><tr><th>行 line</th><th>原因 reason</th></tr>{rows}</table>"
    )


def render_report(run: EvalRun) -> str:
    """The whole report as one HTML string."""
    n_failed = sum(1 for r in run.results if r.failed)
    summary = (
        f"<p>问题 questions: <b>{len(run.results)}</b> · 跳过 skipped: {len(run.problems)} · "
        f"失败 failed: {n_failed} · k = {run.k} · {run.seconds:.1f} s"
        + (f"<br><span class=cite>{escape(run.source)}</span>" if run.source else "")
        + "</p>"
    )
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>评估报告 Evaluation report</title><style>{CSS}</style></head><body>"
        f"<h1>评估报告 Evaluation report</h1>{summary}"
        f"<h2>指标 Metrics</h2>{_metrics_table(run)}"
        f"<h2>按语言 By language</h2>{_language_table(run)}"
        f"<h2>图表 Charts</h2>{_charts(run)}"
        f"<h2>失败的问题 Failed questions ({n_failed})</h2>"
        "<p class=muted>黄色:高亮的答案句;深黄:答案片段。 "
        "Yellow: the highlighted sentence; dark yellow: the answer span.</p>"
        f"{_failed_table(run)}{_skipped(run)}</body></html>\n"
    )
