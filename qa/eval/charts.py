"""The report's charts as inline SVG: hit@k by language, and the confidence histogram.

The geometry is computed here as records (pure functions of the values); the
markup is ``templates/chart.svg.j2``. Values are in [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from qa.eval.metrics.judged import Judged
from qa.markup import templates

W, H, LEFT, TOP, BOTTOM = 520, 300, 48, 16, 44

GROUP_LABELS = {"overall": "全部 Overall", "zh": "中文 zh", "en": "英文 en"}
GROUP_COLORS = {"overall": "#343a40", "zh": "#d9480f", "en": "#1971c2"}
OTHER_COLORS = ("#2f9e44", "#7048e8", "#e8590c", "#0c8599")


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: int = 11
    anchor: str = "middle"
    rotate_at: tuple[float, float] | None = None  # turned -90° about this point (the y-axis title)


@dataclass(frozen=True)
class Mark:
    """A point of a line (``width`` 0) or a bar, with its tooltip."""

    x: float
    y: float
    title: str
    width: float = 0.0
    height: float = 0.0


@dataclass(frozen=True)
class Series:
    color: str
    marks: tuple[Mark, ...]
    legend: Text
    swatch: tuple[float, float]  # (x, y) of the legend's colour square


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    kind: str  # "line" | "bars"
    grid: tuple[tuple[float, Text], ...]  # y of each horizontal grid line, and its label
    grid_x: tuple[float, float]
    labels: tuple[Text, ...]  # axis titles and x tick labels
    series: tuple[Series, ...]
    note: Text | None = None  # said when there is nothing to draw

    @property
    def width(self) -> int:
        return W

    @property
    def height(self) -> int:
        return H

    def points(self, s: Series) -> str:
        return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in s.marks)


def group_label(group: str) -> str:
    return GROUP_LABELS.get(group, group)


def colors(groups: Sequence[str]) -> dict[str, str]:
    others = iter(OTHER_COLORS * 10)
    return {g: GROUP_COLORS.get(g) or next(others) for g in groups}


def _axes(pw: float, ph: float, y_ticks: list[tuple[float, str]], x_label: str, y_label: str):
    """Horizontal grid lines with labels at fractions of the plot height, and both axis titles."""
    grid = tuple((TOP + ph * (1 - frac), Text(LEFT - 6, TOP + ph * (1 - frac) + 4, label, anchor="end"))
                 for frac, label in y_ticks)
    titles = (Text(LEFT + pw / 2, H - 6, x_label, size=12),
              Text(0, 0, y_label, size=12, rotate_at=(12, TOP + ph / 2)))
    return grid, (LEFT, LEFT + pw), titles


def _legend(pw: float, index: int, label: str) -> tuple[Text, tuple[float, float]]:
    y = TOP + 8 + 18 * index
    return Text(LEFT + pw + 30, y + 1, label, size=12, anchor="start"), (LEFT + pw + 12, y - 9)


def line_chart_of(series: dict[str, list[float | None]], title: str, x_label: str, y_label: str,
                  chart_id: str) -> Chart:
    """One line per series, values at x = 1..n."""
    pw, ph = W - LEFT - 120, H - TOP - BOTTOM
    n = max((len(v) for v in series.values()), default=1)

    def x(i: int) -> float:
        return LEFT + (pw * (i - 1) / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return TOP + ph * (1 - v)

    grid, grid_x, titles = _axes(pw, ph, [(t, f"{t:g}") for t in (0, 0.25, 0.5, 0.75, 1)], x_label, y_label)
    ticks = tuple(Text(x(i), TOP + ph + 16, str(i)) for i in range(1, n + 1, max(1, math.ceil(n / 10))))
    palette = colors(list(series))
    drawn = []
    for name, values in series.items():
        points = [(i, v) for i, v in enumerate(values, start=1) if v is not None]
        if not points:
            continue
        label = group_label(name)
        marks = tuple(Mark(x(i), y(v), f"{label} @{i}: {v:.3f}") for i, v in points)
        drawn.append(Series(palette[name], marks, *_legend(pw, len(drawn), label)))
    note = None if drawn else Text(LEFT + pw / 2, TOP + ph / 2, "无标注答案 no expected answers", size=12)
    return Chart(chart_id, title, "line", grid, grid_x, titles + ticks, tuple(drawn), note)


def histogram_of(values: dict[str, list[float]], palette: dict[str, str], title: str, chart_id: str,
                 bins: int = 10) -> Chart:
    """A grouped histogram, one bar colour per non-empty series."""
    pw, ph = W - LEFT - 175, H - TOP - BOTTOM
    counts = {name: [0] * bins for name, vs in values.items() if vs}
    for name in counts:
        for v in values[name]:
            counts[name][min(bins - 1, max(0, int(v * bins)))] += 1
    peak = max((c for cs in counts.values() for c in cs), default=0) or 1
    peak = peak if peak <= 4 else 4 * math.ceil(peak / 4)  # whole-number ticks
    steps = min(peak, 4)
    ticks = [(t / steps, str(peak * t // steps)) for t in range(steps + 1)]
    grid, grid_x, titles = _axes(pw, ph, ticks, "置信度 confidence", "问题数 questions")
    slot = pw / bins
    x_ticks = tuple(Text(LEFT + slot * b, TOP + ph + 16, f"{b / bins:g}") for b in range(0, bins + 1, 2))
    bar = slot * 0.8 / max(1, len(counts))
    drawn = []
    for index, (name, cs) in enumerate(counts.items()):
        marks = []
        for b, c in enumerate(cs):
            if c:
                bh, xx = ph * c / peak, LEFT + slot * b + slot * 0.1 + bar * index
                marks.append(Mark(xx, TOP + ph - bh, f"{name} [{b / bins:g}, {(b + 1) / bins:g}): {c}", bar, bh))
        drawn.append(Series(palette.get(name, "#868e96"), tuple(marks), *_legend(pw, index, name)))
    return Chart(chart_id, title, "bars", grid, grid_x, titles + x_ticks, tuple(drawn))


def svg(chart: Chart) -> Markup:
    return Markup(templates("qa.eval").get_template("chart.svg.j2").render(chart=chart))


def line_chart(series: dict[str, list[float | None]], title: str, x_label: str, y_label: str,
               chart_id: str) -> Markup:
    """An SVG line chart of values in [0, 1] at x = 1..n, one line per series."""
    return svg(line_chart_of(series, title, x_label, y_label, chart_id))


def histogram(values: dict[str, list[float]], palette: dict[str, str], title: str, chart_id: str,
              bins: int = 10) -> Markup:
    """An SVG grouped histogram of values in [0, 1], one bar colour per non-empty series."""
    return svg(histogram_of(values, palette, title, chart_id, bins))


GOLD_NAMES = {True: "可回答 answerable", False: "无法回答 unanswerable", None: "无标注 no gold"}
GOLD_COLORS = ("#2f9e44", "#c92a2a", "#868e96")


def hit_curve_chart(curves: dict[str, list[float | None]], chart_id: str) -> Markup:
    """hit@1..hit@k, one line per language group."""
    return line_chart(curves, "命中率曲线 hit@k by language", "k (前k段 top k passages)", "命中率 hit@k", chart_id)


def confidence_chart(judged: Iterable[Judged], title: str, chart_id: str) -> Markup:
    """The confidence histogram, by gold answerability."""
    return confidence_histogram(((j.gold_answerable, j.confidence) for j in judged), title, chart_id)


def confidence_histogram(pairs: Iterable[tuple[bool | None, float]], title: str, chart_id: str) -> Markup:
    """The confidence histogram from (gold answerable, confidence) pairs (a streamed run keeps only these)."""
    conf: dict[str, list[float]] = {name: [] for name in GOLD_NAMES.values()}
    for gold, confidence in pairs:
        conf[GOLD_NAMES[gold]].append(confidence)
    return histogram(conf, dict(zip(conf, GOLD_COLORS)), title, chart_id)
