"""Quotes: where a folded quote occurs verbatim, and the citation of what it covers.

The folded quote is searched in each document's folded text, first in reading
order (paragraph by paragraph, so a quote may run across paragraphs or across
a photo caption inside one), then in the whole file.
"""

from __future__ import annotations

from index.citation import paragraph_id
from qa.provenance.cite import reference
from qa.provenance.corpus import Citable, FindContext, FoldedDoc
from qa.provenance.records import Match, Span


def exact_matches(ctx: FindContext, folded_quote: str, k: int) -> tuple[list[Match], int]:
    """The best ``k`` places the folded quote occurs (whole sentences first, then indexed text), and their count."""
    found: dict[tuple, tuple] = {}
    for key_, doc in ctx.docs.items():
        for si, stream in enumerate(doc.streams):
            hay = stream.folded.text
            i = hay.find(folded_quote)
            while i >= 0:
                spans = stream.spans(i, i + len(folded_quote))
                place = (key_, spans[0][0], spans[-1][1])
                if place not in found:  # the reading-order stream comes first and wins
                    units = doc.touched(spans)
                    found[place] = (_rank_key(units, folded_quote, si, key_, spans[0][0]), key_, units, spans)
                i = hay.find(folded_quote, i + 1)
    best = sorted(found.values(), key=lambda x: x[0])[:k]
    matches = [match_of(ctx.docs[d], units, spans) for _, d, units, spans in best]
    return matches, len(found)


def _rank_key(units: list[Citable], folded_quote: str, stream: int, doc: str, start: int) -> tuple:
    whole = len(units) == 1 and units[0].key == folded_quote
    return (not whole, not units, stream, doc, start)


def match_of(doc: FoldedDoc, units: list[Citable], spans: tuple[Span, ...], score: float = 1.0) -> Match:
    """The match of ``spans`` in ``doc``, cited by the one unit it touches, else by the first one's paragraph."""
    start, end = spans[0][0], spans[-1][1]
    if not units:
        citation, cited, para, sent = "", "", None, None
    elif len(units) == 1:
        u = units[0]
        citation, para, sent = u.citation, u.para, u.sentence
        cited = "".join(doc.text[s:e] for s, e in u.spans)
    else:
        para, sent = units[0].para, None
        citation = paragraph_id(doc.key, para)
        cited = "".join(doc.text[s:e] for u in units for s, e in u.spans)
    source = doc.source
    zh = reference(source, para, sent, "zh") if para else ""
    en = reference(source, para, sent, "en") if para else ""
    return Match(citation, tuple(u.citation for u in units), doc.key, source.path, source.title, start, end,
                 spans, doc.text[start:end], cited, round(float(score), 4), zh, en)
