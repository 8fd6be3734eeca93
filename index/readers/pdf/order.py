"""Reading order of a page's lines: full-width blocks top to bottom, columns left to right (pure).

Lines are grouped into horizontal bands (lines whose vertical extents
overlap, directly or through a chain, in either column). Consecutive bands
are gathered into a region while one gutter, a vertical strip no line
crosses, runs through all of them; a band a line crosses starts a new region.
Inside a region with gutters, each column is read top to bottom, left column
first; a region without one is read top to bottom. This reads a page whose
title and abstract span the width above two columns, or two columns above a
full-width figure caption, in the order a person does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.readers.pdf.lines import Line

MIN_GUTTER = 0.8  # of the median line height: a narrower gap is a space, not a gutter


@dataclass(frozen=True)
class Flow:
    """Lines read in order as one column of text (or one full-width block)."""

    lines: tuple[Line, ...]


def _bands(lines: Sequence[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    bottom = float("-inf")
    for ln in sorted(lines, key=lambda ln: (ln.y0, ln.x0)):
        shrink = 0.15 * (ln.y1 - ln.y0)  # loose boxes of adjacent lines may touch
        if out and ln.y0 + shrink < bottom:
            out[-1].append(ln)
            bottom = max(bottom, ln.y1 - shrink)
        else:
            out.append([ln])
            bottom = ln.y1 - shrink
    return out


def _free(intervals: list[tuple[float, float]], lo: float, hi: float, width: float) -> list[tuple[float, float]]:
    """The gaps of at least ``width`` inside [lo, hi] that no interval covers."""
    gaps, x = [], lo
    for a, b in sorted(intervals):
        if a - x >= width:
            gaps.append((x, a))
        x = max(x, b)
    return [g for g in gaps if g[0] > lo or g[1] < hi] if gaps else []


def _gutters(lines: Sequence[Line], lo: float, hi: float, width: float) -> list[tuple[float, float]]:
    gaps = _free([(ln.x0, ln.x1) for ln in lines], lo, hi, width)
    # a gutter has text on both sides: drop a gap at the left edge of the region
    return [g for g in gaps if g[0] > lo]


def _meets(gap: tuple[float, float], gutters: list[tuple[float, float]]) -> bool:
    return any(gap[0] < g1 and gap[1] > g0 for g0, g1 in gutters)


def _columns(lines: Sequence[Line], gutters: list[tuple[float, float]]) -> list[Flow]:
    cuts = sorted((g0 + g1) / 2 for g0, g1 in gutters)
    cols: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for ln in lines:
        cols[sum(1 for c in cuts if (ln.x0 + ln.x1) / 2 > c)].append(ln)
    return [Flow(tuple(sorted(c, key=lambda ln: (ln.y0, ln.x0)))) for c in cols if c]


def reading_order(lines: Sequence[Line]) -> list[Flow]:
    """The page's lines as flows in reading order."""
    if not lines:
        return []
    hs = sorted(ln.h for ln in lines)
    width = MIN_GUTTER * hs[len(hs) // 2]
    lo, hi = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    regions: list[tuple[list[Line], list[tuple[float, float]]]] = []
    for band in _bands(lines):
        g = _gutters(band, lo, hi, width)
        if regions:
            cur, cur_g = regions[-1]
            if cur_g:
                # the band fits the region's columns when a gutter still runs through both: it may narrow it
                merged = [m for m in _gutters(cur + band, lo, hi, width) if _meets(m, cur_g)]
                if merged:
                    regions[-1] = (cur + band, merged)
                    continue
            elif not g:
                regions[-1] = (cur + band, [])
                continue
        regions.append((list(band), g))
    flows: list[Flow] = []
    for region, g in regions:
        if g:
            flows.extend(_columns(region, g))
        else:
            flows.append(Flow(tuple(sorted(region, key=lambda ln: (ln.y0, ln.x0)))))
    return flows
