"""One paragraph once per list, the first passage and the confidence untouched; each passage's own confidence."""

from __future__ import annotations

import json
from pathlib import Path

from index.records import Chunk
from qa.pipeline import rerank
from qa.pipeline.rerank import Ranked, distinct_chunks, distinct_paragraphs

DEV = Path(__file__).resolve().parents[3] / "bench" / "data" / "dev.jsonl"


def _chunk(doc: str, para: int) -> Chunk:
    return Chunk(doc, para, 0, 1, "x", "x", ((0, 1),))


def test_the_first_chunk_of_each_paragraph_stays_in_its_place():
    chunks = [_chunk("001", 3), _chunk("001", 3), _chunk("001", 4), _chunk("002", 3), _chunk("001", 4)]
    assert distinct_chunks([1, 0, 2, 3, 4], chunks) == [1, 2, 3]
    ranked = [Ranked(i, 1.0 - i / 10, None) for i in (0, 2, 1, 4, 3)]
    assert [r.chunk for r in distinct_paragraphs(ranked, chunks)] == [0, 2, 3]


def _questions(n: int = 12) -> list[str]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows][:n]


def test_no_paragraph_twice_and_the_first_passage_and_confidence_as_before(assistant, monkeypatch):
    questions = _questions()
    shown = assistant.ask_many(questions, k=10)
    monkeypatch.setattr(rerank, "distinct_paragraphs", lambda ranked, chunks: ranked)  # as before the rule
    before = assistant.ask_many(questions, k=10)
    repeated = 0
    for new, old in zip(shown, before):
        citations = [p.citation for p in new.passages]
        assert len(citations) == len(set(citations)), new.question
        assert len(new.passages) == len(old.passages) == 10  # a repeat gives its place to another paragraph
        assert new.passages[0] == old.passages[0], new.question
        assert (new.confidence, new.answerable) == (old.confidence, old.answerable)
        repeated += len({p.citation for p in old.passages}) < len(old.passages)
    assert repeated, "none of these questions showed a paragraph twice before: the test proves nothing"


def test_each_passage_has_a_confidence_on_the_answers_scale(assistant):
    for answer in assistant.ask_many(_questions(4) + ["What is the boiling point of mercury in Fahrenheit?"], k=5):
        assert answer.passages[0].confidence == answer.confidence
        assert all(0.0 <= p.confidence <= 1.0 for p in answer.passages)
        assert answer.threshold == assistant.settings.answerable_threshold
        assert answer.answerable == (answer.confidence >= answer.threshold)
