"""Ordered lines of every page -> the document text, its page ranges and line boxes (pure).

Inside a column a paragraph ends where the next line is indented, the gap
below a line is wider than the column's usual leading, the font size
changes, or a line stops short of the column's right edge after a sentence
end. A paragraph continues across a column or page break when the last line
reaches the right edge without a sentence end and the next column starts
without an indent. Lines of a paragraph are joined by ``join_char`` (no space
between Chinese characters); paragraphs are separated by a blank line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.readers.base import Box, Page
from index.readers.pdf.lines import Line, join_char
from index.readers.pdf.order import Flow

SEP = "\n\n"
_ENDS = tuple("。！？!?…；;：:")
INDENT = 0.8  # of the line height
SHORT = 1.5  # of the line height short of the right edge
# Extra space between lines that makes a paragraph break, in line heights: lines of a text layer sit
# at exact intervals (a mixed Chinese/Latin line's box is ~0.07 line heights taller); OCR boxes jitter.
SLACK_TEXT, SLACK_OCR = 0.25, 0.6
# A change of font size between lines (a heading) breaks a paragraph; OCR boxes of Latin lines without
# ascenders or descenders are lower than Chinese ones, so OCR tolerates more.
SIZE_TEXT, SIZE_OCR = 0.2, 0.4
FONT_TOLERANCE = 0.08  # font sizes of one paragraph's lines differ by less (a 1.17em heading over 1em text)
HEADING_SIZE = 1.15  # a one-line paragraph printed this much larger than the body's lines is a heading
HEADING_MAX = 120  # characters: longer, it is a paragraph set large


@dataclass(frozen=True)
class PageLayout:
    number: int
    width: float
    height: float
    flows: tuple[Flow, ...]
    ocr: bool = False


@dataclass(frozen=True)
class _Placed:
    page: int
    line: Line


def _similar(a: Line, b: Line, tolerance: float = 0.2) -> bool:
    """Lines of one size: by the font size the file gives where both have one (a box's height varies with the
    glyphs: Chromium's Chinese bold boxes are lower than its body text's), else by their boxes."""
    if a.size > 0 and b.size > 0:
        return abs(a.size - b.size) <= FONT_TOLERANCE * max(a.size, b.size)
    return abs(a.h - b.h) <= tolerance * max(a.h, b.h)


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”’」』）)\"' ").endswith(_ENDS)


def _pitch(lines: Sequence[Line]) -> float:
    gaps = sorted(b.y0 - a.y1 for a, b in zip(lines, lines[1:]) if b.y0 > a.y1 - 0.5 * a.h)
    return gaps[len(gaps) // 2] if gaps else 0.4 * (lines[0].h if lines else 1.0)


def _breaks(prev: Line, ln: Line, left: float, right: float, pitch: float, ocr: bool) -> bool:
    h = max(prev.h, ln.h)
    slack, size = (SLACK_OCR, SIZE_OCR) if ocr else (SLACK_TEXT, SIZE_TEXT)
    if ln.y0 - prev.y1 > pitch + slack * h or not _similar(prev, ln, size):
        return True
    if ln.x0 - left > INDENT * ln.h:
        return True
    short = right - prev.x1
    if short > SHORT * prev.h and prev.x0 - left > INDENT * prev.h:
        return True  # a centred or indented line that stops short is a block of its own
    return short > SHORT * prev.h and (_ends_sentence(prev.text) or short > 0.3 * (right - left))


def _continues(prev: Line, prev_right: float, ln: Line, left: float, ocr: bool) -> bool:
    return (prev_right - prev.x1 <= SHORT * prev.h and not _ends_sentence(prev.text)
            and ln.x0 - left <= INDENT * ln.h and _similar(prev, ln, SIZE_OCR if ocr else SIZE_TEXT))


def paragraphs(pages: Sequence[PageLayout]) -> list[list[_Placed]]:
    paras: list[list[_Placed]] = []
    last: tuple[Line, float] | None = None  # the previous flow's last line and that flow's right edge
    for page in pages:
        for flow in page.flows:
            lines = flow.lines
            if not lines:
                continue
            left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
            pitch = _pitch(lines)
            for j, ln in enumerate(lines):
                if j == 0:
                    new = last is None or not paras or not _continues(last[0], last[1], ln, left, page.ocr)
                else:
                    new = _breaks(lines[j - 1], ln, left, right, pitch, page.ocr)
                if new:
                    paras.append([])
                paras[-1].append(_Placed(page.number, ln))
            last = (lines[-1], right)
    return paras


def heading_starts(placed: Sequence[tuple[Sequence[_Placed], int]]) -> tuple[int, ...]:
    """Where the one-line paragraphs of ``placed`` (paragraph, start) printed ``HEADING_SIZE`` times the body's
    size or more start: the headings a PDF marks by its print, as a FAQ's "病假期间可以出国旅游吗？" over its
    answer. Sizes are the font's where the file gives them, else the boxes' (the caller leaves OCR out)."""
    lines = [p.line for para, _ in placed for p in para]
    if not lines:
        return ()
    size = (lambda ln: ln.size) if all(ln.size > 0 for ln in lines) else (lambda ln: ln.h)  # the font's, or the box's
    # the body's size: the median over characters, not lines (a FAQ has as many heading lines as answers)
    weighted = sorted((size(ln), len(ln.text)) for ln in lines)
    half, seen, body = sum(n for _, n in weighted) / 2, 0, weighted[-1][0]
    for value, n in weighted:
        seen += n
        if seen >= half:
            body = value
            break
    return tuple(start for para, start in placed
                 if len(para) == 1 and size(para[0].line) >= HEADING_SIZE * body and _titles(para[0].line.text))


def _titles(text: str) -> bool:
    """A large line that can title what follows: short, and not a sentence (a lead set large ends as one),
    unless a question."""
    end = text.rstrip("”’」』）)\"' ")
    return len(text) <= HEADING_MAX and (not _ends_sentence(text) or end.endswith(("？", "?")))


def assemble(pages: Sequence[PageLayout]) -> tuple[str, tuple[Page, ...], tuple[int, ...]]:
    """The document text, its page map (every box's ``text[start:end]`` is its line's text) and where the headings
    the print marks start (``heading_starts``)."""
    parts: list[str] = []
    pos = 0
    boxes: dict[int, list[Box]] = {p.number: [] for p in pages}
    paras = paragraphs(pages)
    starts: list[int] = []
    ocr = {p.number for p in pages if p.ocr}
    for para in paras:
        if parts:
            parts.append(SEP)
            pos += len(SEP)
        starts.append(pos)
        prev = ""
        for placed in para:
            ln = placed.line
            if prev:
                sep = join_char(prev, ln.text)
                parts.append(sep)
                pos += len(sep)
            parts.append(ln.text)
            boxes[placed.page].append(Box(pos, pos + len(ln.text), ln.x0, ln.y0, ln.x1, ln.y1))
            pos += len(ln.text)
            prev = ln.text
    text = "".join(parts)
    out = []
    at = 0
    for p in pages:
        bs = tuple(boxes[p.number])
        start, end = (bs[0].start, bs[-1].end) if bs else (at, at)
        at = end
        out.append(Page(p.number, start, end, p.width, p.height, bs, p.ocr))
    printed = [(para, s) for para, s in zip(paras, starts) if not any(pl.page in ocr for pl in para)]
    return text, tuple(out), heading_starts(printed)
