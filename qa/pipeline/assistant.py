"""The assistant: load an index and its model once, then answer questions by showing the source.

``Assistant`` only composes the steps of ``qa.pipeline`` in the order a
question walks them (analyse -> retrieve -> fuse -> rerank -> passages ->
confidence); each step is a function of typed inputs, callable on its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from index.load import IndexData, open_index
from qa.limits import check_k, check_question
from qa.pipeline import confidence, fuse, passages, rerank, retrieve
from qa.pipeline.analyse import analyse_question
from qa.pipeline.texts import DocumentTexts
from qa.pipeline.translate import Translator, translator_for
from qa.records import Answer
from qa.settings import Settings, load_settings


@dataclass(eq=False)
class Assistant:
    data: IndexData  # the opened index, with its derived views (``data.views``)
    embedder: object
    settings: Settings
    texts: DocumentTexts = field(init=False, repr=False)  # the documents' original texts, read on first use

    def __post_init__(self) -> None:
        self.texts = DocumentTexts(self.data)

    @classmethod
    def load(cls, index_dir: Path | str | None = None, model: str | None = None, embedder=None,
             check_corpus: bool = True) -> Assistant:
        data = open_index(index_dir, model=model, check_corpus=check_corpus)
        import faiss

        # One question is one small search: FAISS's thread pool costs more than it saves
        # (measured 16 ms vs 0.75 ms per query on 10k chunks, bench/results/scale.json).
        faiss.omp_set_num_threads(1)
        if embedder is None:
            from index.embed import load_query_embedder

            embedder = load_query_embedder(data.meta.model_id)  # the bundled model without torch
        return cls(data, embedder, load_settings())

    @cached_property
    def translator(self) -> Translator:
        """English question -> Chinese index tokens; built on the first English question (or by ``warm_up``)."""
        return translator_for(self.data)

    def _translate(self, question: str):
        # the translator (CC-CEDICT, pinyin, corpus pairs: ~1 s to build) only for the questions that need it
        return self.translator.translate(question)

    def warm_up(self) -> None:
        """Load the lazy parts (jieba, dictionaries, tagger) now rather than on the first question."""
        self.ask_many(["量子通信干线有哪些?", "Who founded the company in 2018?"], k=1)

    def newer(self) -> Assistant | None:
        """A new assistant on a newer build of the same index folder, if one has completed since loading.

        A running app keeps answering from the loaded build while ``qa build``
        writes the next one, and swaps its reference only once ``current``
        points at a complete build (an object is never changed under a request
        running in another thread). The check is one readlink per call.
        """
        from index.store import current_dir

        try:
            target = current_dir(self.data.index_dir).resolve()
        except OSError:
            return None
        if target == self.data.folder:
            return None
        data = open_index(self.data.index_dir, check_corpus=False)
        if data.meta.model_id != self.data.meta.model_id:
            return None  # a rebuild with another model needs a restart with that model
        return Assistant(data, self.embedder, self.settings)  # its own texts and translator, built on use

    # ------------------------------------------------------------------ citations (qa.provenance)
    def cite(self, citation: str):
        """The cited paragraph or sentence, with context and references (qa.provenance.cite)."""
        from qa.provenance.cite import cite

        return cite(self.data, citation, self.texts.text)

    @cached_property
    def finder(self):
        """What ``find`` reads of this index (``qa.provenance.FindContext``), built on first use (~50 ms)."""
        from qa.provenance.find import FindContext

        return FindContext.build(self.data, self.texts.text, lambda text: analyse_question(text, self._translate),
                                 self.embedder.encode)

    def find(self, text: str, k: int = 5):
        """Where a quote or a claim comes from (qa.provenance.find)."""
        from qa.provenance.find import find

        return find(self.finder, text, k=k)

    def find_many(self, texts: list[str], k: int = 1):
        """One find result per text, in order (its BadQuestion for a text that cannot be looked up)."""
        from qa.provenance.find import find_many

        return find_many(self.finder, texts, k=k)

    # ------------------------------------------------------------------ answering
    def ask(self, question: str, k: int = 5) -> Answer:
        return self.ask_many([question], k=k)[0]

    def ask_many(self, questions: list[str], k: int = 5) -> list[Answer]:
        """Answer several questions; the question vectors are computed in one batch."""
        k = check_k(k)
        cleaned = [check_question(q) for q in questions]
        t0 = time.perf_counter()
        qvecs = self.embedder.encode(cleaned) if cleaned else np.zeros((0, 1), np.float32)
        per_q = (time.perf_counter() - t0) / max(1, len(cleaned))
        return [self._answer(q, qv, k, per_q) for q, qv in zip(cleaned, qvecs)]

    def _answer(self, question: str, qvec: np.ndarray, k: int, embed_seconds: float) -> Answer:
        data, texts, settings = self.data, self.texts, self.settings
        timings = {"embed": embed_seconds}
        t = time.perf_counter()
        query = analyse_question(question, self._translate)
        timings["analyse"] = time.perf_counter() - t
        t = time.perf_counter()
        runs = retrieve.runs(query, qvec, data, settings.candidates)
        timings["retrieve"] = time.perf_counter() - t
        t = time.perf_counter()
        fused = fuse.fuse(runs, settings.weights_for(query.lang), data.views.neighbours, settings.neighbour)
        timings["fuse"] = time.perf_counter() - t
        t = time.perf_counter()
        ranked = rerank.rerank(query, qvec, fused, k, data, texts, settings)
        shown = tuple(passages.passage(rank, r, query, data, texts) for rank, r in enumerate(ranked, start=1))
        timings["highlight"] = time.perf_counter() - t
        conf = confidence.answer_confidence(query, qvec, ranked, data, settings)
        answerable = conf >= settings.answerable_threshold and bool(shown)
        return Answer(question, query.lang, answerable, conf, shown, timings)
