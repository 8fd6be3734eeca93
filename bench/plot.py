"""The latency-vs-corpus-size plot as a hand-written SVG (no plotting library in the bench extra)."""

from __future__ import annotations

from collections.abc import Mapping

from bench.report import size_label

_COLOURS = ("#1b6ca8", "#d1495b", "#66a182", "#7fb3d5", "#edae49", "#6f4e7c", "#444444")


def latency_svg(scale: Mapping, width: int = 640, height: int = 400) -> str:
    """Median query latency against corpus size, log-log, one line per component."""
    import math

    rows = scale["rows"]
    series: dict[str, list[tuple[int, float]]] = {}
    for row in rows:
        n = row["n"]
        for kind, f in row["faiss"].items():
            series.setdefault(f"FAISS {kind}", []).append((n, f["query_ms_median"]))
        one = row["faiss"].get("flat", {}).get("alt")
        if one:
            series.setdefault("FAISS flat, 1 thread", []).append((n, one["query_ms_median"]))
        series.setdefault("BM25 (Chinese field)", []).append((n, row["bm25"]["query_ms_median"]))
        series.setdefault("sentence-vector scan", []).append((n, row["sentence_dense"]["query_ms_median"]))
        if row.get("answer_ms_estimate"):
            series.setdefault("whole answer (estimate)", []).append((n, row["answer_ms_estimate"]))
    pts = [p for s in series.values() for p in s if p[1] and p[1] > 0]
    if not pts:
        return "<svg xmlns='http://www.w3.org/2000/svg'/>"
    left, right, top, bottom = 70, 200, 30, 50
    xs = [math.log10(p[0]) for p in pts]
    ys = [math.log10(p[1]) for p in pts]
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs))
    y0, y1 = math.floor(min(ys)), math.ceil(max(ys))
    x1 = x1 if x1 > x0 else x0 + 1
    y1 = y1 if y1 > y0 else y0 + 1

    def px(n: float) -> float:
        return left + (math.log10(n) - x0) / (x1 - x0) * (width - left - right)

    def py(ms: float) -> float:
        return height - bottom - (math.log10(ms) - y0) / (y1 - y0) * (height - top - bottom)

    el = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
          f"font-family='sans-serif' font-size='11'>",
          f"<rect width='{width}' height='{height}' fill='white'/>",
          f"<text x='{left}' y='18' font-size='13'>Query latency vs corpus size (median, log-log)</text>"]
    for e in range(x0, x1 + 1):
        x = px(10**e)
        el.append(f"<line x1='{x:.1f}' y1='{top}' x2='{x:.1f}' y2='{height - bottom}' stroke='#ddd'/>")
        el.append(f"<text x='{x:.1f}' y='{height - bottom + 15}' text-anchor='middle'>{size_label(10**e)}</text>")
    for e in range(y0, y1 + 1):
        y = py(10**e)
        el.append(f"<line x1='{left}' y1='{y:.1f}' x2='{width - right}' y2='{y:.1f}' stroke='#ddd'/>")
        label = f"{10**e:g}"
        el.append(f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end'>{label}</text>")
    el.append(f"<text x='{(left + width - right) / 2:.0f}' y='{height - 12}' text-anchor='middle'>chunks</text>")
    el.append(f"<text x='16' y='{(top + height - bottom) / 2:.0f}' transform='rotate(-90 16 "
              f"{(top + height - bottom) / 2:.0f})' text-anchor='middle'>ms per question</text>")
    for i, (name, s) in enumerate(series.items()):
        c = _COLOURS[i % len(_COLOURS)]
        s = [(n, v) for n, v in s if v and v > 0]
        path = " ".join(f"{'M' if j == 0 else 'L'}{px(n):.1f},{py(v):.1f}" for j, (n, v) in enumerate(s))
        dash = " stroke-dasharray='5,3'" if "estimate" in name else ""
        el.append(f"<path d='{path}' fill='none' stroke='{c}' stroke-width='2'{dash}/>")
        el += [f"<circle cx='{px(n):.1f}' cy='{py(v):.1f}' r='3' fill='{c}'/>" for n, v in s]
        ly = top + 10 + 18 * i
        el.append(f"<line x1='{width - right + 12}' y1='{ly}' x2='{width - right + 32}' y2='{ly}' stroke='{c}' "
                  f"stroke-width='2'{dash}/>")
        el.append(f"<text x='{width - right + 36}' y='{ly + 4}'>{name}</text>")
    el.append("</svg>")
    return "\n".join(el) + "\n"
