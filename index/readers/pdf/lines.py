"""Characters with boxes -> lines of text with boxes (pure; page coordinates, origin top-left, y down).

A line is a run of characters in drawing order that stay in one horizontal
band and move rightwards without a gap wider than a column gutter. Spaces
come from the file's own space characters, or from a gap between two
characters when neither is Chinese (justified Chinese text is spread out, but
has no spaces). Fragments of one line drawn out of order are merged back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.text.script import CJK, KANA

# Chinese, Japanese kana, CJK punctuation, full-width forms, and the dashes and ellipsis Chinese text uses.
WIDE = re.compile(f"[{CJK}{KANA}\u3000-\u303f\uff00-\uffef\u2014\u2026\u00b7]")
_QUOTES = "“”‘’\"'()（）[]【】《》<>"
SPACE_GAP = 0.15  # of the line height: a wider gap between two narrow (Latin) characters is a space
BREAK_GAP = 3.0  # of the line height: a wider gap ends the line (a column gutter, a table column)
CELL_GAP = 0.45  # of the line height: a wider gap is a space even between Chinese characters (a table cell);
# justified Chinese lines in the Chromium fixture spread their characters by at most 0.26


@dataclass(frozen=True)
class Char:
    c: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float = 0.0  # the font size the file gives (0: not known, as for OCR)


@dataclass(frozen=True)
class Line:
    """One line of text and its box; ``h`` is its characters' median height (its font size, roughly)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    h: float
    size: float = 0.0  # its characters' median font size, as the file gives it (0: not known)

    @property
    def mid(self) -> float:
        return (self.y0 + self.y1) / 2


def is_wide(ch: str) -> bool:
    return bool(ch) and WIDE.match(ch) is not None


def _edge(s: str, last: bool) -> str:
    """The character at one end of ``s``, looking past quotes and brackets."""
    seq = reversed(s) if last else iter(s)
    first = ""
    for ch in seq:
        first = first or ch
        if ch not in _QUOTES:
            return ch
    return first


def join_char(a: str, b: str) -> str:
    """What goes between line ``a`` and the next line ``b`` of one paragraph.

    Nothing when either side is Chinese (a break between two Chinese characters
    is no space) or after a hyphen inside a word; a space between Latin words.
    """
    if not a or not b:
        return ""
    if a.endswith(("-", "\u00ad")) and len(a) > 1 and a[-2].isalpha() and b[0].isalpha():
        return ""
    if is_wide(_edge(a, True)) or is_wide(_edge(b, False)):
        return ""
    return " "


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _text(chars: list[Char], spaced: list[bool]) -> str:
    out = []
    for i, ch in enumerate(chars):
        if i and spaced[i]:
            out.append(" ")
        out.append(ch.c)
    return "".join(out)


def _make(chars: list[Char], spaced: list[bool]) -> Line:
    hs = sorted(c.y1 - c.y0 for c in chars)
    sizes = sorted(c.size for c in chars)
    return Line(_text(chars, spaced), min(c.x0 for c in chars), min(c.y0 for c in chars),
                max(c.x1 for c in chars), max(c.y1 for c in chars), hs[len(hs) // 2], sizes[len(sizes) // 2])


def has_spaces(chars: list[Char]) -> bool:
    """Whether the producer draws space characters (Word, LibreOffice) rather than only leaving gaps (Chromium)."""
    return any(c.c == " " for c in chars)


def _gaps_as_spaces(chars: list[Char], spaced: list[bool]) -> list[bool]:
    """``spaced`` for a line drawn without space characters in a file that draws them elsewhere: a gap between
    two Latin letters wider than ``SPACE_GAP`` is a space there (Chromium draws a bold heading's words without
    spaces, "Canunusedleave" for "Can unused leave"); a gap beside a Chinese character stays layout."""
    if any(spaced):
        return spaced
    out = [False]
    for a, b in zip(chars, chars[1:]):
        tall = max(a.y1 - a.y0, b.y1 - b.y0)
        out.append(not is_wide(a.c) and not is_wide(b.c) and b.x0 - a.x1 > SPACE_GAP * tall)
    return out


def build_lines(chars: list[Char], gap_spaces: bool = True) -> list[Line]:
    """Lines from characters in drawing order; space characters only mark where a space goes.

    ``gap_spaces=False`` is for a producer that draws its spaces: a gap is then
    only layout (LibreOffice widens the gap between Chinese and Latin text).
    """
    lines: list[Line] = []
    cur: list[Char] = []
    spaced: list[bool] = []
    pending_space = False
    band = (0.0, 0.0)
    for ch in chars:
        if ch.c.isspace() or ch.c in "\ufffe\x00":
            pending_space = pending_space or ch.c.isspace()
            continue
        h = ch.y1 - ch.y0
        if cur:
            prev = cur[-1]
            ph = prev.y1 - prev.y0
            gap = ch.x0 - prev.x1
            same = _overlap(band[0], band[1], ch.y0, ch.y1) >= 0.5 * min(h, ph, band[1] - band[0])
            if same and ch.x0 >= prev.x0 - 0.3 * ph and gap < BREAK_GAP * max(h, ph):
                wide_pair = is_wide(prev.c) and is_wide(ch.c)
                tall = max(h, ph)
                spaced.append(pending_space or gap > CELL_GAP * tall
                              or (gap_spaces and not wide_pair and gap > SPACE_GAP * tall))
                cur.append(ch)
                band = (min(band[0], ch.y0), max(band[1], ch.y1))
                pending_space = False
                continue
            lines.append(_make(cur, spaced if gap_spaces else _gaps_as_spaces(cur, spaced)))
        cur, spaced, band, pending_space = [ch], [False], (ch.y0, ch.y1), False
    if cur:
        lines.append(_make(cur, spaced if gap_spaces else _gaps_as_spaces(cur, spaced)))
    return merge_fragments(lines, gap_spaces)


def merge_fragments(lines: list[Line], gap_spaces: bool = True) -> list[Line]:
    """Join pieces of one visual line (same band, touching) that were drawn at different times."""
    out = list(lines)
    changed = True
    while changed:
        changed = False
        out.sort(key=lambda ln: (round(ln.mid / max(ln.h, 1.0) * 2), ln.x0))
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            h = max(a.h, b.h)
            same_band = _overlap(a.y0, a.y1, b.y0, b.y1) >= 0.6 * min(a.y1 - a.y0, b.y1 - b.y0)
            if same_band and -0.3 * h < b.x0 - a.x1 < 0.6 * h:
                gap = b.x0 - a.x1
                wide = is_wide(a.text[-1]) and is_wide(b.text[0])
                sep = " " if gap_spaces and not wide and gap > SPACE_GAP * h else ""
                out[i] = Line(a.text + sep + b.text, a.x0, min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1), h,
                              max(a.size, b.size))
                del out[i + 1]
                changed = True
                break
    out.sort(key=lambda ln: (ln.y0, ln.x0))
    return out
