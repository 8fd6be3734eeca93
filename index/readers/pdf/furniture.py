"""Running headers, running footers and page numbers: found across pages and dropped (pure).

A line is page furniture when it sits in the top or bottom band of its page
(among the first or last few lines, within ``ZONE`` of the page height) and
either reads as a page number (``12``, ``- 12 -``, ``第12页``, ``Page 3 of 9``,
``xii``) or repeats in that band on other pages. Repeats are compared with
digits folded, so ``633 世界科技研究与发展`` and ``634 世界科技研究与发展`` are one header.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from index.readers.pdf.lines import Line

ZONE = 0.12  # of the page height, at the top and at the bottom
EDGE_LINES = 3  # only the first or last few lines of a page can be furniture
MIN_SHARE = 0.3  # a header repeats on at least this share of the pages (and on two of them)

_PAGE_NUMBER = re.compile(
    r"^[\s\-–—·•|]*(?:"
    r"\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7}"
    r"|第\s*\d{1,4}\s*页(?:\s*[/,，]?\s*共\s*\d{1,4}\s*页)?"
    r"|(?:page|p\.|pp\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r")[\s\-–—·•|]*$",
    re.I,
)


def is_page_number(text: str) -> bool:
    return _PAGE_NUMBER.match(text.strip()) is not None


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _edges(lines: Sequence[Line], height: float) -> set[int]:
    """Indices of the lines a header or footer could be: near the top or bottom edge."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].y0)
    top = [i for i in order[:EDGE_LINES] if lines[i].y1 <= ZONE * height]
    bottom = [i for i in order[-EDGE_LINES:] if lines[i].y0 >= (1 - ZONE) * height]
    return set(top) | set(bottom)


def furniture(pages: Sequence[Sequence[Line]], heights: Sequence[float]) -> list[set[int]]:
    """For each page, the indices of its lines that are headers, footers or page numbers."""
    edges = [_edges(lines, h) for lines, h in zip(pages, heights)]
    seen: Counter[str] = Counter()
    for lines, idx in zip(pages, edges):
        seen.update({_key(lines[i].text) for i in idx})
    need = max(2, MIN_SHARE * len(pages))
    out = []
    for lines, idx in zip(pages, edges):
        out.append({i for i in idx if is_page_number(lines[i].text) or seen[_key(lines[i].text)] >= need})
    return out


def drop_furniture(pages: Sequence[Sequence[Line]], heights: Sequence[float]) -> tuple[list[list[Line]], int]:
    """The pages without their furniture, and how many lines were dropped."""
    marks = furniture(pages, heights)
    kept = [[ln for i, ln in enumerate(lines) if i not in m] for lines, m in zip(pages, marks)]
    return kept, sum(len(m) for m in marks)
