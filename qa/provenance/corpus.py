"""The corpus as ``find`` searches it, built once per opened index (``FindContext.build``).

Each document is folded (:mod:`index.text.fold`: punctuation, width,
traditional characters and line breaks do not count) in two streams: its
indexed paragraphs in reading order, and the whole file. Its citable units are
its sentences, and the paragraphs without sentences (headings). Claims are
scored against every indexed sentence, in the index's order, by its tokens,
its English gloss and its quantities, computed on first use.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np

from index.text.fold import Folded, fold_spans, key
from qa.provenance.cite import Source, source_of
from qa.provenance.numbers import numbers_in
from qa.provenance.records import Span
from qa.settings import FindSettings, load_find_settings

if TYPE_CHECKING:
    from index.engines.base import IndexReader


class Analysis(Protocol):
    """What ``find`` needs of a claim's analysis (``Query`` of the answer pipeline)."""

    lang: str
    zh_terms: Mapping[str, float]  # Chinese tokens (for an English claim: its translation) with weights
    en_terms: Sequence[str]  # English words, matched against the sentences' gloss


@dataclass(frozen=True)
class Citable:
    """A sentence, or a paragraph without sentences (a heading), as find cites it."""

    doc: str
    citation: str
    para: int
    sentence: int | None  # its number in the paragraph; None for a paragraph
    spans: tuple[Span, ...]
    key: str  # folded text


@dataclass(frozen=True)
class Stream:
    """Pieces of a document folded one after another, with the folded index where each begins."""

    folded: Folded
    starts: tuple[int, ...]
    pieces: tuple[Span, ...]

    def spans(self, i: int, j: int) -> tuple[Span, ...]:
        """Original spans of the folded range ``[i, j)``, one per piece it crosses."""
        out = []
        k = bisect.bisect_right(self.starts, i) - 1
        while k < len(self.pieces) and self.starts[k] < j:
            lo = max(i, self.starts[k])
            hi = min(j, self.starts[k + 1] if k + 1 < len(self.starts) else len(self.folded.text))
            if hi > lo:
                out.append(self.folded.span(lo, hi))
            k += 1
        return tuple(out)


def stream(text: str, pieces: list[Span]) -> Stream:
    parts = [fold_spans(text, [p]) for p in pieces]
    starts, pos = [], 0
    for p in parts:
        starts.append(pos)
        pos += len(p.text)
    folded = Folded("".join(p.text for p in parts), tuple(o for p in parts for o in p.offsets))
    return Stream(folded, tuple(starts), tuple(pieces))


@dataclass(frozen=True)
class FoldedDoc:
    key: str
    text: str  # the original
    source: Source
    streams: tuple[Stream, ...]  # reading order first, then the whole file
    units: tuple[Citable, ...]  # in order of start
    reach: tuple[int, ...]  # reach[i]: the furthest end among units[:i + 1], to skip units before a match

    def touched(self, spans: tuple[Span, ...]) -> list[Citable]:
        """The units a match overlaps, in order."""
        out = []
        for u in self.units[bisect.bisect_right(self.reach, spans[0][0]):]:
            if u.spans[0][0] >= spans[-1][1]:
                break
            if any(us < me and ms < ue for us, ue in u.spans for ms, me in spans):
                out.append(u)
        return out


def _reach(units: list[Citable]) -> tuple[int, ...]:
    out, far = [], 0
    for u in units:
        far = max(far, u.spans[-1][1])
        out.append(far)
    return tuple(out)


class SentenceTerms:
    """Per indexed sentence, in the index's order: its tokens, its English gloss and its quantities."""

    def __init__(self, texts: Sequence[str]):
        self.texts = texts

    @cached_property
    def tokens(self) -> list[frozenset[str]]:
        from index.tokenize import tokenize

        return [frozenset(tokenize(t)) for t in self.texts]

    @cached_property
    def gloss(self) -> list[frozenset[str]]:
        from index.gloss import default_glossary
        from index.tokenize import tokenize

        glossary = default_glossary()
        return [frozenset(glossary.gloss(tokenize(t))) for t in self.texts]

    @cached_property
    def numbers(self) -> list[frozenset[float]]:
        return [numbers_in(t) for t in self.texts]


@dataclass(frozen=True)
class FindContext:
    """Everything ``find`` reads, built once per opened index: the folded documents, the indexed
    sentences with their vectors and terms, the lexical weights, and how a claim is analysed and embedded."""

    docs: dict[str, FoldedDoc]
    sentences: tuple[Citable, ...]  # aligned with ``vectors`` and ``terms``
    terms: SentenceTerms
    vectors: np.ndarray  # one unit vector per sentence
    zh_idf: Callable[[str], float]
    en_idf: Callable[[str], float] | None  # None when the index has no English gloss field
    analyse: Callable[[str], Analysis]
    encode: Callable[[list[str]], np.ndarray]
    settings: FindSettings

    @classmethod
    def build(cls, data: IndexReader, text: Callable[[str], str], analyse: Callable[[str], Analysis],
              encode: Callable[[list[str]], np.ndarray], settings: FindSettings | None = None) -> FindContext:
        """``text(key)`` is a document's original text; ``analyse`` and ``encode`` are the pipeline's.

        Every sentence of the index is read once, in row order (``iter_sentences``)."""
        from index.engines.folder import as_reader

        data = as_reader(data)
        settings = settings or load_find_settings()
        rows_of: dict[tuple[str, int], list[int]] = {}
        all_rows: list = []
        batches: list[np.ndarray] = []
        for ids, batch, vectors in data.iter_sentences():
            for r, row in zip(ids.tolist(), batch):
                rows_of.setdefault((row.doc, row.para), []).append(r)
                all_rows.append(row)
            batches.append(vectors)
        dim = int(data.meta.dimension)
        all_vectors = np.concatenate(batches) if batches else np.zeros((0, dim), dtype=np.float32)
        docs: dict[str, FoldedDoc] = {}
        by_row: dict[int, Citable] = {}
        for k, info in data.documents.items():
            original = text(k)
            units: list[Citable] = []
            for p in info.paragraphs:
                rows = rows_of.get((k, p.number), [])
                for r in rows:
                    row = all_rows[r]
                    spans = tuple(tuple(s) for s in row.spans)
                    by_row[r] = Citable(k, row.citation, p.number, row.number, spans,
                                        key(row.text))
                    units.append(by_row[r])
                if not rows:
                    clean = "".join(original[s:e] for s, e in p.spans)
                    units.append(Citable(k, p.citation, p.number, None, p.spans, key(clean)))
            units.sort(key=lambda u: u.spans[0][0])
            reading = [s for p in info.paragraphs for s in p.spans]
            streams = (stream(original, reading), stream(original, [(0, len(original))]))
            docs[k] = FoldedDoc(k, original, source_of(info), streams, tuple(units), _reach(units))
        sentences = tuple(by_row[r] for r in range(len(all_rows)))
        terms = SentenceTerms([row.text for row in all_rows])
        zh, en = data.lexical("zh"), data.lexical("en")
        en_idf = en.idf_of if en is not None else None
        return cls(docs, sentences, terms, all_vectors, zh.idf_of, en_idf, analyse, encode, settings)
