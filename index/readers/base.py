"""The record every reader returns: the document's text, which all offsets refer to, and its page map."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

Format = Literal["txt", "md", "pdf", "docx", "html"]
CELL_SEP = " | "  # between the cells of a table row, as every reader writes one (a line a row)


@dataclass(frozen=True)
class Box:
    """A run of characters ``text[start:end]`` (one line) drawn inside this rectangle.

    Coordinates are PDF points (1/72 inch) with the origin at the page's top-left
    corner and y growing downwards, so ``y0 < y1``; a renderer at ``dpi`` scales
    them by ``dpi / 72``.
    """

    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    """Page ``number`` (1-based) holds ``text[start:end]``; ``boxes`` are its lines, in text order."""

    number: int
    start: int
    end: int
    width: float
    height: float
    boxes: tuple[Box, ...] = ()
    ocr: bool = False


@dataclass(frozen=True)
class Extracted:
    """What a reader extracted from one file.

    ``text`` is the document text of the offsets contract: for ``.txt``/``.md``
    the decoded file (a BOM stripped), for the other formats the reader's output,
    paragraphs separated by a blank line. ``encoding`` is the codec a text or
    HTML file was decoded with; ``pages`` is the page map of a PDF (empty for
    other formats); ``ocr`` says whether any page was read by OCR.
    """

    text: str
    title: str
    format: Format
    encoding: str | None = None
    pages: tuple[Page, ...] = ()
    ocr: bool = False
    warnings: tuple[str, ...] = field(default=())
    # where a line the format marks as a heading starts (Markdown ``#``, a Word heading style, HTML ``<h2>``):
    # a question there titles its answer, though the text alone would read it as a sentence
    headings: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The 1-based page on which character ``offset`` lies (or the next page starting after it)."""
        return page_at(self.pages, offset)

    def boxes(self, start: int, end: int) -> list[tuple[int, Box]]:
        """``(page number, box)`` of every line box overlapping ``text[start:end]`` (see :func:`line_boxes`)."""
        return line_boxes(self.pages, start, end)


def joined(blocks: list[tuple[str, bool]]) -> tuple[str, tuple[int, ...]]:
    """The text of ``(block, marked as a heading)`` blocks, a blank line between them, and where each heading
    starts: a marked block of one line (one of several lines is a paragraph set in a heading style)."""
    parts, starts, pos = [], [], 0
    for text, heading in blocks:
        if heading and "\n" not in text:
            starts.append(pos)
        parts.append(text)
        pos += len(text) + 2
    return "\n\n".join(parts), tuple(starts)


def page_at(pages: tuple[Page, ...], offset: int) -> int | None:
    """The 1-based page on which character ``offset`` lies (a character between pages: the next page)."""
    if not pages:
        return None
    i = bisect_right([p.end for p in pages], offset)  # the first page ending after offset
    return pages[min(i, len(pages) - 1)].number


def line_boxes(pages: tuple[Page, ...], start: int, end: int) -> list[tuple[int, Box]]:
    """``(page number, box)`` of every line box overlapping ``text[start:end]``, clipped to that range.

    A clipped box keeps its line's rectangle: it marks the line, not the exact characters.
    """
    out = []
    for page in pages:
        if page.end <= start or page.start >= end:
            continue
        for b in page.boxes:
            if b.end > start and b.start < end:
                out.append((page.number, Box(max(b.start, start), min(b.end, end), b.x0, b.y0, b.x1, b.y1)))
    return out
