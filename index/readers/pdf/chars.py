"""A PDF page's text layer as characters with boxes, through pdfium (pypdfium2), and its quality.

Why pypdfium2: on the two-column Chinese fixture (seed 004 printed by
Chromium, 3 pages) it extracts text at ~170 pages/s against ~20 for pypdf and
~10 for pdfplumber, with the same characters (see index/readers/README.md),
and it gives every character's box, which the page map needs. Characters
pdfium generates itself (spaces and line breaks it guesses) are skipped: the
layout code decides those from the boxes.

Boxes are pdfium's "loose" boxes (the font's full height, the glyph's
advance), turned into the page's displayed frame: points, origin top-left,
y down, with the page's rotation applied.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from index.readers.pdf.lines import Char


@dataclass(frozen=True)
class Frame:
    """Maps PDF user space to the displayed page: points, origin top-left, y down."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int  # clockwise degrees: 0, 90, 180, 270

    @property
    def size(self) -> tuple[float, float]:
        w, h = self.right - self.left, self.top - self.bottom
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, self.top - y  # unrotated, origin top-left
        w, h = self.right - self.left, self.top - self.bottom
        if self.rotation == 90:
            return h - v, u
        if self.rotation == 180:
            return w - u, h - v
        if self.rotation == 270:
            return v, w - u
        return u, v

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self.point(left, top), self.point(right, bottom)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def frame(page) -> Frame:
    left, bottom, right, top = page.get_cropbox()
    return Frame(left, bottom, right, top, page.get_rotation() % 360)


def page_chars(page, fr: Frame) -> list[Char]:
    """The page's characters in drawing order, with boxes in the displayed frame."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        rect = raw.FS_RECTF()
        out: list[Char] = []
        tp = textpage.raw
        n = raw.FPDFText_CountChars(tp)
        for i in range(n):
            if raw.FPDFText_IsGenerated(tp, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(tp, i)
            if code == 2 or code == 0xFFFE:  # pdfium's mark for a hyphen at a line end
                code = 0x2D
            elif raw.FPDFText_HasUnicodeMapError(tp, i) == 1:  # a glyph the font maps to no character
                code = 0xFFFD
            ch = chr(code) if 0 < code < 0x110000 else "\ufffd"
            if 0xD800 <= code <= 0xDBFF and i + 1 < n:  # a surrogate pair comes as two characters
                low = raw.FPDFText_GetUnicode(tp, i + 1)
                if 0xDC00 <= low <= 0xDFFF:
                    ch = chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
            elif 0xDC00 <= code <= 0xDFFF:
                continue
            if ch in "\r\n":
                continue
            if not raw.FPDFText_GetLooseCharBox(tp, i, rect):
                continue
            x0, y0, x1, y1 = fr.box(rect.left, rect.bottom, rect.right, rect.top)
            if x1 - x0 <= 0 and not ch.isspace():
                continue
            out.append(Char(ch, x0, y0, x1, y1, max(0.0, float(raw.FPDFText_GetFontSize(tp, i)))))
        return out
    finally:
        textpage.close()


def bad_share(chars: list[Char]) -> float:
    """Share of characters that are no text: unmapped glyphs, private-use and control characters."""
    visible = [c.c for c in chars if not c.c.isspace()]
    if not visible:
        return 1.0
    bad = sum(1 for c in visible if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cc", "Cn", "Cs"))
    return bad / len(visible)


def needs_ocr(chars: list[Char], min_chars: int = 10, max_bad: float = 0.3) -> bool:
    """A page with (almost) no text layer, or one that is mostly garbage, is read by OCR instead."""
    visible = sum(1 for c in chars if not c.c.isspace())
    return visible < min_chars or bad_share(chars) > max_bad
