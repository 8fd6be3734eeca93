"""Which of the index's documents are English, and a Chinese word's English as the index holds it.

Each document's language is decided once at build time
(``index.text.script.document_lang``, ``DocumentInfo.lang``; an index built
before it was kept reads as Chinese). A Chinese question over English
documents is matched through the dictionary English of its words
(``qa.pipeline.analyse.with_english_gloss``, the ``xgloss`` run); in an index
holding both languages, fusion balances the lexical runs (``qa.pipeline.fuse``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.gloss import default_glossary

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader


@dataclass(frozen=True)
class CorpusLanguages:
    """Per chunk: is its document English?"""

    english: np.ndarray  # bool, one per chunk id

    @property
    def has_english(self) -> bool:
        return bool(self.english.any())

    @property
    def has_chinese(self) -> bool:
        return not bool(self.english.all())

    @property
    def bilingual(self) -> bool:
        """The index holds documents in both languages."""
        return self.has_english and not bool(self.english.all())


def is_english(index: IndexReader, doc: str) -> bool:
    """Is document ``doc`` English (its language as the build recorded it)?"""
    info = index.documents.get(doc)
    return getattr(info, "lang", "zh") == "en"


def corpus_languages(index: IndexReader) -> CorpusLanguages:
    """Each chunk's document language; an index without English documents reads nothing more.

    A document's chunks have consecutive ids, documents in corpus order, so the
    chunk counts per document give each one's id range.
    """
    english = np.zeros(index.n_chunks, dtype=bool)
    keys = [key for key in index.documents if is_english(index, key)]
    if not keys:
        return CorpusLanguages(english)
    counts = index.chunk_counts()
    start = 0
    for key in index.documents:
        n = counts.get(key, 0)
        if key in keys:
            english[start:start + n] = True
        start += n
    if start != index.n_chunks:  # not in corpus order: ask each chunk (never for a well-formed build)
        english = np.asarray([is_english(index, c.doc) for c in index.chunks(range(index.n_chunks))], dtype=bool)
    return CorpusLanguages(english)


def english_of(index: IndexReader) -> Callable[[str], tuple[str, ...]]:
    """A token's dictionary English (``index.gloss``: English stems), kept to the stems the index holds."""
    field = index.lexical("en")
    glossary = default_glossary()
    if field is None:
        return lambda token: ()

    def english(token: str) -> tuple[str, ...]:
        return tuple(t for t in glossary.terms(token) if field.idf_of(t) > 0)

    return english
