"""Mark, inside a retrieved passage, the answering sentence, the answer span and the matched terms.

``choose.choose_sentence`` and ``term_highlights`` are pure: the sentence rows,
vectors and the original text come in as arguments; ``sentence_choice`` and
``passage`` feed them from an opened index (``index.engines.base.IndexReader``).
All offsets are into the original file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np

from index.engines.base import chunk_rows
from index.gloss import default_glossary
from index.records import Chunk, SentenceRow
from index.tokenize import token_spans
from qa.pipeline.choose import DEEP_SPAN_KINDS, SPAN_DEPTH, SentenceChoice, choose_sentence
from qa.pipeline.follow import follows, follows_paragraph
from qa.pipeline.languages import is_english
from qa.provenance.cite import reference
from qa.records import Highlight, Passage
from qa.spans import QuestionTerms, best_span, question_terms

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader
    from qa.pipeline.analyse import Query
    from qa.pipeline.rerank import Ranked
    from qa.pipeline.texts import DocumentTexts
    from qa.settings import Settings

MIN_TERM_IDF = 1.0  # terms found in most passages (量子) are not worth marking
def term_highlights(
    chunk: Chunk, text: str, terms: Mapping[str, float], idf: Callable[[str], float],
    fold: Callable[[str], str] | None = None,
) -> list[Highlight]:
    """Every occurrence in the passage of a question term specific enough to mean something.

    ``fold`` maps the text one character for one before it is matched (traditional -> simplified for a
    document the index holds as simplified); the highlights keep the original's characters and offsets.
    """
    wanted = {t for t, w in terms.items() if w > 0 and idf(t) >= MIN_TERM_IDF}
    out: list[Highlight] = []
    last_end = -1
    for s, e in chunk.spans:
        piece = fold(text[s:e]) if fold else text[s:e]
        for tok, ts, te in _piece_tokens(piece):
            if tok in wanted and s + ts >= last_end:
                out.append(Highlight(s + ts, s + te, text[s + ts : s + te], "term"))
                last_end = s + te
    return out


@lru_cache(maxsize=16_384)
def _piece_tokens(piece: str) -> tuple:
    """A passage's words with their offsets: the same for every question, so the passages asked about
    most are segmented once (jieba is most of highlighting's time; a bounded cache, pure)."""
    return tuple(token_spans(piece, stopwords=frozenset()))


def sentence_choice(
    cid: int, query: Query, qvec: np.ndarray, index: IndexReader, texts: DocumentTexts, settings: Settings,
    spans: bool = True,
) -> SentenceChoice | None:
    """The answering sentence of chunk ``cid``; with ``spans``, the answer span of the asked type in it."""
    return Chooser(query, qvec, index, texts, settings).choice(cid, spans)


class Chooser:
    """``sentence_choice`` for the candidates of one question: each chunk's choice is worked out once, and
    what every chunk shares (the terms' idf, the terms as the span finder reads them) once a question."""

    def __init__(self, query: Query, qvec: np.ndarray, index: IndexReader, texts: DocumentTexts,
                 settings: Settings) -> None:
        self.query, self.qvec, self.index, self.texts, self.settings = query, qvec, index, texts, settings
        self._choices: dict[tuple[int, bool], SentenceChoice | None] = {}
        self._terms: dict[str, tuple[Mapping[str, float], Callable[[str], float], QuestionTerms]] = {}

    def _field(self, name: str) -> tuple[Mapping[str, float], Callable[[str], float], QuestionTerms]:
        """The terms to match in a document of the lexical field ``name``, their idf and their span-finder form."""
        got = self._terms.get(name)
        if got is None:
            terms = self.query.zh_terms if name == "zh" else english_terms(self.query)
            idf = cache(self.index.lexical(name).idf_of)  # the same idf for every sentence of the question
            # the terms as choose_sentence hands them to the span finder (set(terms)), read once
            got = self._terms[name] = (terms, idf, question_terms(set(terms)))
        return got

    def choice(self, cid: int, spans: bool = True) -> SentenceChoice | None:
        key = (cid, spans)
        if key not in self._choices:
            self._choices[key] = self._choose(cid, spans)
        return self._choices[key]

    def _choose(self, cid: int, spans: bool) -> SentenceChoice | None:
        query, index, settings = self.query, self.index, self.settings
        chunk, rows, sentences = chunk_sentences(index, cid)
        vectors = dict(zip(rows, index.sentence_vectors(rows)))
        english = is_english(index, chunk.doc) and bool(english_terms(query))
        terms, idf, span_terms = self._field("en" if english else "zh")
        if english:  # an English document: its sentences' stems against the question's, by the English field's idf
            glossary = default_glossary()
            sentences = {r: replace(s, tokens=tuple(glossary.gloss(s.tokens))) for r, s in sentences.items()}
        find = None
        if spans:  # choose_sentence reads the first span only
            fold = folding(index, chunk.doc)

            def find(text, qtype, _terms):
                # a span is looked for in the text as indexed (traditional as simplified), offsets unchanged
                found = best_span(text if fold is None else fold(text), qtype, span_terms)
                return [] if found is None else [found]
        choice = choose_sentence(
            rows, sentences, vectors, self.qvec, terms, idf, self.texts.text(chunk.doc),
            query.qtype, find, settings.sentence_dense, settings.sentence_type_bonus,
            len(rows) if getattr(query.qtype, "kind", "other") in DEEP_SPAN_KINDS else SPAN_DEPTH,
        )
        return followed(choice, chunk, rows, query.text, index, self.texts.text(chunk.doc))


def followed(choice: SentenceChoice | None, chunk: Chunk, rows: list[int], question: str, index: IndexReader,
             text: str) -> SentenceChoice | None:
    """``choice``, or the first sentence of the next paragraph as the answer when it follows the chosen one
    (``qa.pipeline.follow``: a command after "使用下面的命令"); the scores stay those of ``choice``."""
    if choice is None or not rows or rows[-1] not in index.sentence_rows(chunk.doc, chunk.para)[-1:]:
        return choice  # the chunk does not end its paragraph
    after = index.sentence_rows(chunk.doc, chunk.para + 1)
    if not after:
        return choice  # the document ends, or a heading comes next
    last = index.sentence(after[-1])
    first = index.sentence(after[0])
    end = index.sentence(rows[-1])  # the paragraph's last sentence
    if choice.row == rows[-1]:
        if not follows(question, text[end.start:end.end], text[first.start:last.end]):
            return choice
    elif not follows_paragraph(question, text[end.start:end.end], text[first.start:last.end]):
        return choice  # an earlier sentence was chosen: only "how", and a paragraph that ends announcing it
    return replace(choice, row=after[0], span=(first.start, first.end, text[first.start:first.end]))


CHUNKS_KEPT = 4096  # chunks whose sentence rows are kept per opened index (a few hundred bytes each)
_KEPT: WeakKeyDictionary = WeakKeyDictionary()  # opened index -> {chunk id: (chunk, rows, {row: sentence})}


def chunk_sentences(index: IndexReader, cid: int) -> tuple[Chunk, list[int], dict[int, SentenceRow]]:
    """Chunk ``cid``, its sentence rows in reading order and those rows, read once per opened index: an
    opened index does not change, and the second stage asks for the same candidates question after question."""
    try:
        kept = _KEPT.setdefault(index, {})
    except TypeError:  # an index that cannot be referenced weakly: read every time
        kept = {}
    got = kept.get(cid)
    if got is None:
        chunk = index.chunk(cid)
        rows = chunk_rows(index, chunk)
        got = (chunk, rows, {r: index.sentence(r) for r in rows})
        if len(kept) >= CHUNKS_KEPT:
            kept.clear()
        kept[cid] = got
    return got


def english_terms(query: Query) -> dict[str, float]:
    """The question's English stems with their weights: a Chinese question's dictionary English
    (``Query.xterms``), else an English question's own words (each once per occurrence)."""
    if query.xterms:
        return dict(query.xterms)
    bag: dict[str, float] = {}
    for t in query.en_terms:
        bag[t] = bag.get(t, 0.0) + 1.0
    return bag


def folding(index: IndexReader, doc: str) -> Callable[[str], str] | None:
    """How the index holds a document's characters: traditional as simplified (one for one), else as they are."""
    if not getattr(index.documents[doc], "traditional", False):
        return None
    from index.text.fold import to_simplified

    return to_simplified


def passage(rank: int, ranked: Ranked, query: Query, index: IndexReader, texts: DocumentTexts) -> Passage:
    """The record shown for one ranked chunk: its text, citation, reference and highlights."""
    chunk = index.chunk(ranked.chunk)
    doc = index.documents[chunk.doc]
    text = texts.text(chunk.doc)
    highlights: list[Highlight] = []
    choice = ranked.choice
    end, spans = chunk.end, tuple(tuple(s) for s in chunk.spans)
    if choice is not None:
        row = index.sentence(choice.row)
        if row.end > end:  # the answer follows in the next paragraph: the passage runs on to it
            end, spans = row.end, (*spans, *(tuple(s) for s in row.spans))
        highlights.append(Highlight(row.start, row.end, text[row.start:row.end], "sentence", row.citation))
        if choice.span:
            highlights.append(Highlight(choice.span[0], choice.span[1], choice.span[2], "answer"))
    highlights.extend(term_highlights(chunk, text, query.zh_terms, index.lexical("zh").idf_of,
                                      folding(index, chunk.doc)))
    page = None
    if getattr(doc, "pages", 0):  # a PDF: each passage and highlight names the page where it starts
        pages = index.page_map(chunk.doc)
        page = pages.page_at(chunk.start)
        highlights = [replace(h, page=pages.page_at(h.start)) for h in highlights]
    return Passage(
        rank=rank, doc=doc.path, title=doc.title, citation=chunk.citation, start=chunk.start,
        end=end, score=round(float(ranked.score), 4), text=text[chunk.start:end],
        highlights=tuple(highlights),  # the reference as `qa cite` writes it, in the document's language
        reference=reference(doc, chunk.para, lang="en" if is_english(index, chunk.doc) else "zh", page=page),
        spans=spans, page=page,
    )
