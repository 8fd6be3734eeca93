"""The assistant: load an index and its model once, then answer questions by showing the source.

``Assistant`` only composes the steps of ``qa.pipeline`` in the order a
question walks them (analyse -> retrieve -> fuse -> rerank -> passages ->
confidence); each step is a function of typed inputs, callable on its own.
The index is read through the storage interface
(``index.engines.base.IndexReader``), so every step is the same code for
the folder index (``--engine faiss``) and Milvus (``--engine milvus``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.engines.base import ById
from index.gloss import default_glossary
from qa.limits import check_k, check_question
from qa.pipeline import confidence, fuse, passages, rerank, retrieve, sections, together
from qa.pipeline.analyse import Query, analyse_question
from qa.pipeline.calibration import Calibration, calibrated_lang, in_force, read_calibration
from qa.pipeline.languages import CorpusLanguages, corpus_languages, english_of, is_english
from qa.pipeline.texts import DocumentTexts
from qa.pipeline.translate import Translator, translator_for
from qa.records import Answer
from qa.settings import Settings, load_settings

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import Engine, IndexReader
    from index.load import IndexData


@dataclass(eq=False)
class Assistant:
    index: IndexReader  # the opened index (folder or Milvus), read through the storage interface
    embedder: object
    settings: Settings
    engine: Engine | None = None  # where ``index`` was opened from: ``newer`` opens it again
    texts: DocumentTexts = field(init=False, repr=False)  # the documents' original texts, read on first use
    # the build's own answerable thresholds (qa.pipeline.calibration), None: the one of qa/retrieval.toml
    calibration: Calibration | None = field(init=False, repr=False)
    # the build kept a calibration fitted under other coefficients (an older version): the TOML's line holds
    calibration_stale: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.texts = DocumentTexts(self.index)
        cal = read_calibration(self.index)
        self.calibration = in_force(cal, self.settings.confidence)
        self.calibration_stale = cal is not None and self.calibration is None

    def threshold(self, lang: str, doc_lang: str | None = None) -> float:
        """The confidence from which a question in ``lang`` is answered: the build's calibration, else the TOML's;
        in an index of both languages, the line of the first passage's document language (``doc_lang``) where
        the build fitted one.

        A mixed question (Chinese with Latin names: ``sshd.socket 监听哪个端口?``) is judged as a Chinese one,
        with the Chinese coefficients, so it takes the Chinese threshold too.
        """
        default = self.settings.answerable_threshold
        if self.calibration is None:
            return default
        return self.calibration.threshold(calibrated_lang(lang), default, doc_lang)

    def doc_lang(self, doc: str) -> str:
        """The language of the document a passage cites (``Passage.doc``): "en" or "zh"."""
        return "en" if doc in self._english_docs else "zh"

    @cached_property
    def _english_docs(self) -> frozenset[str]:
        return frozenset(d.path for key, d in self.index.documents.items() if is_english(self.index, key))

    @property
    def data(self) -> IndexData:
        """The folder index's arrays, for tools that read them whole (benchmarks, tests); Milvus has none."""
        data = getattr(self.index, "data", None)
        if data is None:
            raise AttributeError(f"an index kept in {self.index.engine} has no in-memory arrays (.index reads it)")
        return data

    @classmethod
    def load(cls, index_dir: Path | str | None = None, model: str | None = None, embedder=None,
             check_corpus: bool = True) -> Assistant:
        """The assistant on the folder index at ``index_dir`` (``open`` takes any engine)."""
        from index.engines.folder import FolderEngine

        folder = FolderEngine(Path(index_dir) if index_dir is not None else None)
        return cls.open(folder, model=model, embedder=embedder, check_corpus=check_corpus)

    @classmethod
    def open(cls, engine: Engine, model: str | None = None, embedder=None, check_corpus: bool = True) -> Assistant:
        """The assistant on the index ``engine`` keeps (``index.engines.engine_for``), checked as it opens."""
        index = engine.open(model=model, check_corpus=check_corpus)
        import faiss

        # One question is one small search: FAISS's thread pool costs more than it saves
        # (measured 16 ms vs 0.75 ms per query on 10k chunks, bench/results/scale.json).
        faiss.omp_set_num_threads(1)
        if embedder is None:
            from index.embed import load_query_embedder

            embedder = load_query_embedder(index.meta.model_id)  # the bundled model without torch
        return cls(index, embedder, load_settings(), engine)

    @cached_property
    def translator(self) -> Translator:
        """English question -> Chinese index tokens; built on the first English question (or by ``warm_up``)."""
        return translator_for(self.index)

    @cached_property
    def languages(self) -> CorpusLanguages:
        """Which chunks belong to English documents (nothing is read for an index without any)."""
        return corpus_languages(self.index)

    @cached_property
    def _english(self):
        """A Chinese token's English stems the index holds: only for an index with English documents."""
        return english_of(self.index) if self.languages.has_english else None

    def _full_match(self, query):
        """Each lexical run's full-match score (``fuse.full_match``), for an index holding both languages."""
        zh, en = self.index.lexical("zh"), self.index.lexical("en")
        none = lambda token: 0.0  # noqa: E731 - a build without that field
        return fuse.full_match(query, zh.idf_of if zh else none, en.idf_of if en else none)

    def _with_absent(self, query: Query) -> Query:
        """The query with the terms of its phrases the index never writes together (``together.absent_terms``)."""
        chinese = self.translator.knows_phrase if query.lang == "en" and self.languages.has_chinese else None
        glossary = default_glossary()
        absent = together.absent_terms(query, self.index, glossary.phrases.__contains__, chinese,
                                       glossary.common_english)
        return replace(query, absent=absent) if absent else query

    def _translate(self, question: str):
        # the translator (CC-CEDICT, pinyin, corpus pairs: ~1 s to build) only for the questions that need it
        return self.translator.translate(question)

    def warm_up(self) -> None:
        """Load the lazy parts (jieba, dictionaries, tagger) now rather than on the first question."""
        for answer in self.ask_many(["量子通信干线有哪些?", "Who founded the company in 2018?"], k=1):
            self.gloss(answer)  # pinyin and the dictionary's senses, for English readers

    def newer(self) -> Assistant | None:
        """A new assistant on a newer build of the same index, if one has completed since loading.

        A running app keeps answering from the loaded build while ``qa build``
        writes the next one, and swaps its reference only once the index points
        at a complete build (``current`` for a folder, the alias in Milvus; an
        object is never changed under a request running in another thread).
        The check is one readlink (one alias lookup) per call.
        """
        target = self.index.current_build()
        if target is None or target == self.index.build_id or self.engine is None:
            return None
        index = self.engine.open(check_corpus=False)
        if index.meta.model_id != self.index.meta.model_id:
            index.close()
            return None  # a rebuild with another model needs a restart with that model
        # its own texts and translator, built on use
        return Assistant(index, self.embedder, self.settings, self.engine)

    # ------------------------------------------------------------------ citations (qa.provenance)
    def cite(self, citation: str):
        """The cited paragraph or sentence, with context and references (qa.provenance.cite)."""
        from qa.provenance.cite import cite

        return cite(self.index, citation, self.texts.text)

    @cached_property
    def finder(self):
        """What ``find`` reads of this index (``qa.provenance.FindContext``), built on first use (~50 ms)."""
        from qa.provenance.find import FindContext

        return FindContext.build(self.index, self.texts.text, lambda text: analyse_question(text, self._translate),
                                 self.embedder.encode)

    def find(self, text: str, k: int = 5):
        """Where a quote or a claim comes from (qa.provenance.find)."""
        from qa.provenance.find import find

        return find(self.finder, text, k=k)

    def find_many(self, texts: list[str], k: int = 1):
        """One find result per text, in order (its BadQuestion for a text that cannot be looked up)."""
        from qa.provenance.find import find_many

        return find_many(self.finder, texts, k=k)

    def gloss(self, answer: Answer) -> Answer:
        """The answer for an English reader: pinyin, the sentence word by word, English titles (qa.pipeline.gloss)."""
        from index.citation import Citation
        from qa.pipeline.gloss import gloss_answer

        documents = self.index.documents

        def title_en(citation: str) -> str:
            doc = documents.get(Citation.parse(citation).doc)
            return doc.title_en if doc is not None else ""

        return gloss_answer(answer, title_en)

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
        index, texts, settings = self.index, self.texts, self.settings
        timings = {"embed": embed_seconds}
        query, ranked = self.rank(question, qvec, k, timings)
        t = time.perf_counter()
        shown = tuple(passages.passage(rank, r, query, index, texts) for rank, r in enumerate(ranked, start=1))
        timings["highlight"] += time.perf_counter() - t
        each = confidence.passage_confidences(query, qvec, ranked, index, settings)
        conf = each[0] if each else 0.0  # the first passage's is the answer's (answer_confidence)
        shown = tuple(replace(p, confidence=c) for p, c in zip(shown, each))
        threshold = self.threshold(query.lang, self.doc_lang(shown[0].doc) if shown else None)
        answerable = conf >= threshold and bool(shown)
        missing = () if answerable else together.as_written(question, query.lang, confidence.unmatched_in(query, index))
        return Answer(question, query.lang, answerable, conf, shown, timings, threshold, missing)

    def rank(self, question: str, qvec: np.ndarray, k: int, timings: dict[str, float] | None = None):
        """The analysed question and its ``k`` ranked passages (``rerank.Ranked``), before highlighting:
        what ``ask`` shows and what the confidence's features are computed from (``bench/calibrate.py``)."""
        index, texts, settings = self.index, self.texts, self.settings
        timings = {} if timings is None else timings
        t = time.perf_counter()
        query = self._with_absent(analyse_question(question, self._translate, self._english))
        timings["analyse"] = time.perf_counter() - t
        t = time.perf_counter()
        english = self.languages.english if self.languages.has_english else None
        runs = retrieve.runs(query, qvec, index, settings.candidates, english)
        timings["retrieve"] = time.perf_counter() - t
        t = time.perf_counter()
        index.prefetch(sorted({cid for run in runs.as_dict().values() for cid in run}), sentences=False)
        full = self._full_match(query) if self.languages.bilingual else None
        fused = fuse.fuse(runs, settings.weights_for(query.lang), ById(index.neighbours), settings.neighbour, full)
        fused = sections.demote_back_matter(fused, lambda cid: index.chunk(cid).heading, settings.back_matter,
                                            settings.rerank)
        timings["fuse"] = time.perf_counter() - t
        t = time.perf_counter()
        index.prefetch([cid for cid, _ in fused[: max(k, settings.rerank)]])
        ranked = rerank.rerank(query, qvec, fused, k, index, texts, settings)
        timings["highlight"] = time.perf_counter() - t
        return query, ranked
