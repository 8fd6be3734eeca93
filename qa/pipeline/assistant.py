"""The assistant: load an index and its model once, then answer questions by showing the source."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from index.english import english_terms
from index.gloss import default_glossary
from index.load import IndexData, open_index
from index.pairs import TermPair
from index.tokenize import tokenize
from qa import answerable, fuse, retrieve
from qa.config import Settings, load_settings
from qa.errors import BadQuestion
from qa.highlight import SentenceChoice, choose_sentence, term_highlights
from qa.limits import MAX_K, MAX_QUESTION_CHARS, check_question  # noqa: F401  (re-exported)
from qa.query import Query, analyse
from qa.records import Answer, Highlight, Passage
from qa.spans import answer_spans, question_type
from qa.translate import Translator

CHEAP_SPAN_KINDS = ("number", "date")  # regex-only span search: affordable on every candidate


@dataclass(eq=False)
class Assistant:
    data: IndexData
    embedder: object
    settings: Settings
    _texts: dict = field(default_factory=dict, repr=False)

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
        return Assistant(data, self.embedder, self.settings)  # its own derived caches, built on use

    def cite(self, citation: str):
        """The cited paragraph or sentence, with context and references (qa.cite)."""
        from qa.provenance.cite import cite

        return cite(self.data, citation, self.text)

    @cached_property
    def finder(self):
        """What ``find`` reads of this index (``qa.provenance.FindContext``), built on first use (~50 ms)."""
        from qa.provenance.find import FindContext

        return FindContext.build(self.data, self.text, self.analyse, self.embedder.encode)

    def find(self, text: str, k: int = 5):
        """Where a quote or a claim comes from (qa.provenance.find)."""
        from qa.provenance.find import find

        return find(self.finder, text, k=k)

    def find_many(self, texts: list[str], k: int = 1):
        """One find result per text, in order (its BadQuestion for a text that cannot be looked up)."""
        from qa.provenance.find import find_many

        return find_many(self.finder, texts, k=k)

    # ------------------------------------------------------------------ parts
    @cached_property
    def translator(self) -> Translator:
        return make_translator(self.data)

    def analyse(self, question: str) -> Query:
        # the translator (CC-CEDICT, pinyin, corpus pairs: ~1 s to build) only for the questions that need it
        return analyse(question, lambda q: self.translator.translate(q), english_terms, question_type)

    def runs(self, query: Query, qvec: np.ndarray, n: int | None = None) -> dict[str, dict[int, float]]:
        n = n or self.settings.candidates
        runs = {
            "zh": retrieve.lexical(self.data.zh, query.zh_terms, n),
            "dense": retrieve.dense(self.data.faiss, qvec, n),
        }
        if query.en_terms:
            runs["gloss"] = retrieve.lexical(self.data.en, list(query.en_terms), n)
        runs["sentence"] = retrieve.sentence_dense(self.data.sentence_vectors, self.sentence_chunk, qvec, n)
        return runs

    @property
    def sentence_chunk(self) -> np.ndarray:
        """For every sentence row, the first chunk that holds it (derived when the index opened)."""
        return self.data.views.sentence_chunk

    def fused(self, query: Query, runs: dict[str, dict[int, float]], weights: dict | None = None):
        fused = fuse.weighted_sum(runs, weights or self.settings.weights_for(query.lang))
        return fuse.neighbour_smoothing(fused, self.neighbours, self.settings.neighbour)

    @property
    def neighbours(self) -> list[tuple[int, int]]:
        """Previous and next chunk of the same document (-1 at the ends)."""
        return self.data.views.neighbours

    @property
    def top_idf(self) -> float:
        """The weight of a question word the corpus never uses: the most telling of all (红楼梦)."""
        return self.data.views.top_idf

    def idf(self, token: str) -> float:
        return self.data.zh.idf_of(token)

    def text(self, key: str) -> str:
        if key not in self._texts:
            self._texts[key] = self.data.document_text(key)
        return self._texts[key]

    # ------------------------------------------------------------------ answering
    def ask(self, question: str, k: int = 5) -> Answer:
        return self.ask_many([question], k=k)[0]

    def ask_many(self, questions: list[str], k: int = 5) -> list[Answer]:
        """Answer several questions; the question vectors are computed in one batch."""
        if not 1 <= int(k) <= MAX_K:
            raise BadQuestion("k_range", found=k, limit=MAX_K)
        cleaned = [check_question(q) for q in questions]
        t0 = time.perf_counter()
        qvecs = self.embedder.encode(cleaned) if cleaned else np.zeros((0, 1), np.float32)
        per_q = (time.perf_counter() - t0) / max(1, len(cleaned))
        return [self._answer(q, qv, int(k), per_q) for q, qv in zip(cleaned, qvecs)]

    def _answer(self, question: str, qvec: np.ndarray, k: int, embed_seconds: float) -> Answer:
        timings = {"embed": embed_seconds}
        t = time.perf_counter()
        query = self.analyse(question)
        timings["analyse"] = time.perf_counter() - t
        t = time.perf_counter()
        runs = self.runs(query, qvec)
        timings["retrieve"] = time.perf_counter() - t
        t = time.perf_counter()
        fused = self.fused(query, runs)
        timings["fuse"] = time.perf_counter() - t
        t = time.perf_counter()
        ranked = self.rerank(query, qvec, fused, k)
        passages = [self._passage(rank, cid, score, choice, query) for rank, (cid, score, choice) in
                    enumerate(ranked, start=1)]
        timings["highlight"] = time.perf_counter() - t
        confidence = self._confidence(query, qvec, ranked)
        answerable = confidence >= self.settings.answerable_threshold and bool(passages)
        return Answer(question, query.lang, answerable, confidence, tuple(passages), timings)

    def sentence_choice(self, cid: int, query: Query, qvec: np.ndarray, spans: bool = True) -> SentenceChoice | None:
        chunk = self.data.chunks[cid]
        rows = [r for r in self.data.sentence_rows.get((chunk.doc, chunk.para), [])
                if chunk.first_sentence <= self.data.sentences[r].number <= chunk.last_sentence]
        return choose_sentence(
            rows, self.data.sentences, self.data.sentence_vectors, qvec, query.zh_terms, self.idf,
            self.text(chunk.doc), query.qtype, answer_spans if spans else None, self.settings.sentence_dense,
            self.settings.sentence_type_bonus,
        )

    def rerank(self, query: Query, qvec: np.ndarray, fused: list[tuple[int, float]], k: int):
        """Second stage: the best sentence of each of the first candidates adds its score.

        A passage whose single sentence matches the question (and holds an
        answer of the asked type) beats one that matches it only spread out.
        """
        head = fused[: max(k, self.settings.rerank)]
        if not head:
            return []
        top = head[0][1] or 1.0
        w = self.settings.rerank_weight

        cheap = getattr(query.qtype, "kind", "other") in CHEAP_SPAN_KINDS

        def rescore(cid: int, score: float, spans: bool):
            choice = self.sentence_choice(cid, query, qvec, spans)
            return cid, score / top + w * (choice.type_score if choice is not None else 0.0), choice

        if w:
            shown = sorted((rescore(cid, s, cheap) for cid, s in head), key=lambda x: (-x[1], x[0]))[:k]
        else:  # the fused order stands: only the passages to show need their sentence
            shown = [rescore(cid, s, False) for cid, s in head[:k]]
        if cheap:
            return shown  # the answer-type search already ran on every candidate
        # Names, organisations and lists need jieba's tagger (~0.4 ms a sentence), so the
        # answer span is looked for in the passages that will be shown, which it re-orders.
        # (Only in the first three: dev en hit@1 0.93 -> 0.87; so all of them, at ~4 ms.)
        fused_score = dict(head)
        return sorted((rescore(cid, fused_score[cid], True) for cid, _, _ in shown), key=lambda x: (-x[1], x[0]))

    def _passage(self, rank: int, cid: int, score: float, choice, query: Query) -> Passage:
        chunk = self.data.chunks[cid]
        doc = self.data.documents[chunk.doc]
        text = self.text(chunk.doc)
        highlights: list[Highlight] = []
        if choice is not None:
            row = self.data.sentences[choice.row]
            highlights.append(Highlight(row.start, row.end, text[row.start:row.end], "sentence", row.citation))
            if choice.span:
                highlights.append(Highlight(choice.span[0], choice.span[1], choice.span[2], "answer"))
        highlights.extend(term_highlights(chunk, text, query.zh_terms, self.idf))
        return Passage(
            rank=rank, doc=doc.path, title=doc.title, citation=chunk.citation, start=chunk.start,
            end=chunk.end, score=round(float(score), 4), text=chunk.text,
            highlights=tuple(highlights), reference=reference(doc, chunk.para),
        )

    def chunk_words(self, chunk) -> set[str]:
        """The words the lexical index holds for a chunk: its sentences' words and its heading's."""
        words = set(tokenize(chunk.heading))
        for i in self.data.sentence_rows.get((chunk.doc, chunk.para), ()):
            row = self.data.sentences[i]
            if chunk.first_sentence <= row.number <= chunk.last_sentence:
                words.update(row.tokens)
        return words

    def answer_features(self, query: Query, qvec: np.ndarray, ranked) -> dict[str, float]:
        """What the calibrated confidence looks at: the best passage against the question."""
        if not ranked:
            return {"coverage": 0.0, "dense": 0.0, "fit": 0.0}
        cid, _, choice = ranked[0]
        chunk = self.data.chunks[cid]
        tokens = self.chunk_words(chunk)
        gloss: set[str] = set()
        stems = None
        if query.lang == "en":
            gloss = set(default_glossary().gloss(list(tokens)))
            stems = english_terms
        dense = float(self.data.embeddings[cid] @ qvec)
        if choice is not None:
            dense = max(dense, choice.dense)
        fit = choice.type_score if choice is not None else 0.0

        def weight(token: str) -> float:
            return self.idf(token) or self.top_idf

        return answerable.features(query, tokens, gloss, weight, dense, fit, stems)

    def _confidence(self, query: Query, qvec, ranked) -> float:
        if query.lang == "other" or not ranked:
            return 0.0
        feats = self.answer_features(query, qvec, ranked)
        return answerable.confidence(feats, self.settings.coefficients_for(query.lang))


def reference(doc, para: int, lang: str = "zh") -> str:
    """申红艳、张红《锚定关键环节 系统布局量子产业》第12段 (or the English form): the same as ``qa cite``."""
    from qa.provenance.cite import reference as cite_reference

    return cite_reference(doc, para, lang=lang)


def make_translator(data: IndexData) -> Translator:
    return Translator(default_glossary(), [TermPair(en=en, zh=zh) for en, zh in data.pairs], data.zh.idf_map())
