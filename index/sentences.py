"""Sentence splitting that respects Chinese punctuation and keeps original offsets."""

from __future__ import annotations

import re

from index.clean import span_text
from index.records import Paragraph, Sentence, Span

# A sentence ends at 。！？； (and ASCII ! ? ;), with any closing quotes or
# brackets after it; an ASCII period only before whitespace (not in 1.2亿 or Fig.1).
_END = re.compile(r"(?:[。！？!?；;]+|…{1,2}|\.(?=\s))[”’」』）)\"']*")
_WS = " \t\r\n\u3000\u00a0"


def split_offsets(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences of ``text``, whitespace trimmed."""
    out = []
    pos = 0
    for m in _END.finditer(text):
        out.append((pos, m.end()))
        pos = m.end()
    out.append((pos, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s] in _WS:
            s += 1
        while e > s and text[e - 1] in _WS:
            e -= 1
        if e > s:
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
    """The sentences of one paragraph of ``text`` (the original file)."""
    joined = span_text(text, para.spans)
    return [
        Sentence(doc=para.doc, para=para.number, number=i, spans=map_spans(para.spans, s, e))
        for i, (s, e) in enumerate(split_offsets(joined), start=1)
    ]
