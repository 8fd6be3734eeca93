"""Sentence splitting that respects Chinese punctuation and keeps original offsets."""

from __future__ import annotations

import re

from index.clean import span_text
from index.records import Paragraph, Sentence, Span

# A sentence ends at 。！？； (and ASCII ! ? ;), with any closing quotes or
# brackets after it; an ASCII period only before whitespace (not in 1.2亿 or Fig.1).
_END = re.compile(r"(?:[。！？!?；;]+|…{1,2}|\.(?=\s))[”’」』）)\"']*")
_WS = " \t\r\n\u3000\u00a0"
# English abbreviations a period does not end a sentence after, when the text goes on in lower case or a
# digit ("e.g. the shell", "Fig. 2", "etc. and so on"); before a capital "etc." may end one
_ABBREVIATION = re.compile(r"(?:^|[\s(\[])(?:e\.g|i\.e|etc|vs|cf|fig|figs|no|nos|approx|a\.k\.a|"
                           r"p|pp|vol|ch|sec|eq|al)\.$", re.I)
_TITLE = re.compile(r"(?:^|[\s(\[])(?:Mr|Mrs|Ms|Dr|Prof)\.$")  # ... nor after a title before a name
_GOES_ON = re.compile(r"\s*[a-z0-9(]")
_ASIDE = re.compile(r"[(（][^()（）]*[)）]")  # a sentence that is only a parenthesis belongs to the one before
_NAME = re.compile(r"\s*[A-Z]")


def _ends(text: str, m: re.Match) -> bool:
    """Whether the sentence end ``m`` found really ends one: not a period after e.g., Fig. or Dr."""
    if not m.group().startswith("."):
        return True
    before = text[max(0, m.start() - 10):m.start() + 1]
    if _TITLE.search(before) and _NAME.match(text, m.end()):
        return False
    return not (_ABBREVIATION.search(before) and _GOES_ON.match(text, m.end()))


def split_offsets(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences of ``text``, whitespace trimmed."""
    out = []
    pos = 0
    for m in _END.finditer(text):
        if not _ends(text, m):
            continue
        out.append((pos, m.end()))
        pos = m.end()
    out.append((pos, len(text)))
    trimmed: list[tuple[int, int]] = []
    for s, e in out:
        while s < e and text[s] in _WS:
            s += 1
        while e > s and text[e - 1] in _WS:
            e -= 1
        if e > s and trimmed and _ASIDE.fullmatch(text, s, e):
            trimmed[-1] = (trimmed[-1][0], e)  # "Debian will remain 100% free". (First term of ...): its source
        elif e > s:
            trimmed.append((s, e))
    return trimmed


def map_spans(spans: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    """Map ``[start, end)`` of the joined text of ``spans`` back to original spans."""
    out = []
    pos = 0
    for s, e in spans:
        length = e - s
        lo, hi = max(start, pos), min(end, pos + length)
        if lo < hi:
            out.append((s + lo - pos, s + hi - pos))
        pos += length
    return tuple(out)


def sentences(text: str, para: Paragraph) -> list[Sentence]:
    """The sentences of one paragraph of ``text`` (the original file). A table's rows end sentences: a row is
    one, or, where a cell holds prose (a layout table of a Word document), the sentences of its row."""
    if para.kind == "table":
        spans = [(s + a, s + b) for s, e in para.spans for a, b in split_offsets(text[s:e])]
        return [Sentence(doc=para.doc, para=para.number, number=i, spans=(sp,)) for i, sp in enumerate(spans, 1)]
    joined = span_text(text, para.spans)
    return [
        Sentence(doc=para.doc, para=para.number, number=i, spans=map_spans(para.spans, s, e))
        for i, (s, e) in enumerate(split_offsets(joined), start=1)
    ]
