"""The baselines a user would otherwise pick, each built the way its documentation shows.

All of them index the same chunks as the assistant (``chunk.clean``, the
indexed text of each chunk) and get the question exactly as typed: no
translation, no question analysis, no second stage. Lexical baselines use the
project's tokenizer (jieba search mode, Latin words kept whole) with English
stop words removed, so both BM25 libraries see identical tokens.

A baseline's answer is an ``qa.records.Answer`` like the assistant's, so the
same judge and metrics score both; its answering sentence is the top
passage's sentence sharing the most tokens with the question (the first one
on a tie), which is what a simple retrieve-then-highlight tool would show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from index.records import Chunk, SentenceRow
from index.text.script import detect_lang
from index.views import sentence_rows
from qa.pipeline.fuse import reciprocal_rank
from qa.records import Answer, Highlight, Passage

Tokenizer = Callable[[str], list[str]]
RRF_K = 60
RRF_DEPTH = 100  # how many results of each run the fusion sees


def english_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def baseline_tokenizer() -> Tokenizer:
    """The project's tokenizer (jieba search mode + Latin tokens) minus English stop words."""
    from index.tokenize import tokenize

    stop = english_stopwords()
    return lambda text: [t for t in tokenize(text) if t not in stop]


class Retriever(Protocol):
    def search(self, question: str, n: int) -> list[tuple[int, float]]: ...


# ---------------------------------------------------------------- the corpus every system shares


@dataclass(frozen=True)
class Corpus:
    """The chunks of a built index, with what a baseline needs to show an answer."""

    chunks: list[Chunk]
    doc_paths: dict[str, str]  # document key -> file name
    titles: dict[str, str]
    sentences: list[SentenceRow]
    chunk_sentences: list[list[int]]  # per chunk: its rows of ``sentences``

    @property
    def texts(self) -> list[str]:
        return [c.clean for c in self.chunks]


def chunk_sentence_rows(chunks: Sequence[Chunk], sentences: Sequence[SentenceRow]) -> list[list[int]]:
    by_para = sentence_rows(sentences)
    return [[r for r in by_para.get((c.doc, c.para), []) if c.first_sentence <= sentences[r].number <= c.last_sentence]
            for c in chunks]


def load_corpus(index_dir: Path | str) -> Corpus:
    from index import record_rows, store

    folder = store.current_dir(Path(index_dir)).resolve()
    chunks = record_rows.read_chunks(folder)
    docs = record_rows.read_documents(folder)
    sentences = record_rows.read_sentences(folder)
    return Corpus(chunks, {d.key: d.path for d in docs}, {d.key: d.title for d in docs}, sentences,
                  chunk_sentence_rows(chunks, sentences))


# ---------------------------------------------------------------- retrievers


def _top(scores: np.ndarray, n: int) -> list[tuple[int, float]]:
    n = min(n, len(scores))
    ids = np.argsort(-scores, kind="stable")[:n]
    return [(int(i), float(scores[i])) for i in ids]


class RankBM25:
    """``rank_bm25.BM25Okapi`` over token lists, defaults as in its README (k1=1.5, b=0.75)."""

    name = "rank_bm25"

    def __init__(self, texts: Sequence[str], tokenizer: Tokenizer):
        from rank_bm25 import BM25Okapi

        self.tokenizer = tokenizer
        self.bm25 = BM25Okapi([tokenizer(t) for t in texts])

    def search(self, question: str, n: int) -> list[tuple[int, float]]:
        return _top(np.asarray(self.bm25.get_scores(self.tokenizer(question))), n)


class BM25S:
    """``bm25s.BM25`` (Lucene variant, its default) with a ``bm25s.tokenization.Tokenizer`` whose splitter is ours."""

    name = "bm25s"

    def __init__(self, texts: Sequence[str], tokenizer: Tokenizer):
        import bm25s
        from bm25s.tokenization import Tokenizer as BTokenizer

        self.tokenizer = BTokenizer(splitter=tokenizer, stopwords=None, lower=True)
        corpus_tokens = self.tokenizer.tokenize(list(texts), return_as="tuple", show_progress=False)
        self.retriever = bm25s.BM25()
        self.retriever.index(corpus_tokens, show_progress=False)
        self.n_docs = len(texts)

    def search(self, question: str, n: int) -> list[tuple[int, float]]:
        q = self.tokenizer.tokenize([question], update_vocab=False, return_as="ids", show_progress=False)
        ids, scores = self.retriever.retrieve(q, k=min(n, self.n_docs), show_progress=False, n_threads=0)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0])]


class Dense:
    """The same embedding model, chunks encoded once, ``faiss.IndexFlatIP`` on unit vectors (cosine)."""

    name = "dense"

    def __init__(self, texts: Sequence[str], embedder, batch_size: int = 64):
        import faiss

        self.embedder = embedder
        vectors = np.ascontiguousarray(embedder.encode(list(texts), batch_size=batch_size), dtype=np.float32)
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(vectors)

    def search(self, question: str, n: int) -> list[tuple[int, float]]:
        q = np.ascontiguousarray(self.embedder.encode([question]), dtype=np.float32)
        scores, ids = self.index.search(q, min(n, self.index.ntotal))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


class NaiveRRF:
    """Reciprocal-rank fusion (k=60, equal weights) of a BM25 run and a dense run, as in Cormack et al. 2009.

    BM25 results with a zero score (no question token in the chunk) are not
    a match and are left out of the lexical run.
    """

    name = "rrf"

    def __init__(self, lexical: Retriever, dense: Retriever, k: int = RRF_K, depth: int = RRF_DEPTH):
        self.lexical, self.dense, self.k, self.depth = lexical, dense, k, depth

    def search(self, question: str, n: int) -> list[tuple[int, float]]:
        runs = {
            "bm25": {i: s for i, s in self.lexical.search(question, self.depth) if s > 0},
            "dense": dict(self.dense.search(question, self.depth)),
        }
        return reciprocal_rank(runs, k=self.k)[:n]


# ---------------------------------------------------------------- answers


def best_sentence(question_tokens: set[str], rows: Sequence[int], sentences: Sequence[SentenceRow]) -> int | None:
    """The row sharing the most distinct tokens with the question; the first on a tie."""
    best, best_overlap = None, -1
    for row in rows:
        overlap = len(question_tokens & set(sentences[row].tokens))
        if overlap > best_overlap:
            best, best_overlap = row, overlap
    return best


def answer(corpus: Corpus, retriever: Retriever, tokenizer: Tokenizer, question: str, k: int = 10) -> Answer:
    """The top ``k`` chunks as passages; the top one carries its best-overlap sentence."""
    ranked = retriever.search(question, k)
    passages = []
    for rank, (cid, score) in enumerate(ranked, start=1):
        c = corpus.chunks[cid]
        highlights: tuple[Highlight, ...] = ()
        if rank == 1:
            row = best_sentence(set(tokenizer(question)), corpus.chunk_sentences[cid], corpus.sentences)
            if row is not None:
                s = corpus.sentences[row]
                highlights = (Highlight(s.start, s.end, s.text, "sentence", s.citation),)
        passages.append(Passage(rank=rank, doc=corpus.doc_paths.get(c.doc, c.doc), title=corpus.titles.get(c.doc, ""),
                                citation=c.citation, start=c.start, end=c.end, score=round(score, 6), text=c.text,
                                highlights=highlights))
    return Answer(question, detect_lang(question), bool(passages), 1.0 if passages else 0.0, tuple(passages))
