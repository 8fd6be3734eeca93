"""What one answered question contributes to the metrics, judged once against its gold fields.

Every metric is computed from these records alone, so a run can be re-scored
from its ``results.jsonl`` without the model or the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from qa.eval.metrics.text import contains
from qa.eval.questions import QuestionRow
from qa.records import Answer, Passage


@dataclass(frozen=True)
class Judged:
    id: str
    lang: str  # the group it is reported under: "zh" | "en"
    gold_answer: str | None  # None: no expected answer given; "": expected unanswerable
    gold_doc: str | None
    hits: tuple[bool, ...]  # per returned passage: contains the gold answer
    relevant: tuple[bool, ...]  # per returned passage: relevant for nDCG (see qa.metrics.ndcg)
    sentence: str | None  # text of the top passage's sentence highlight
    span: str | None  # text of the top passage's answer highlight
    answerable: bool
    confidence: float

    @property
    def gold_answerable(self) -> bool | None:
        return None if self.gold_answer is None else bool(self.gold_answer.strip())

    @property
    def hit_rank(self) -> int | None:
        """1-based rank of the first passage that contains the answer."""
        return next((i for i, h in enumerate(self.hits, start=1) if h), None)


def same_doc(gold: str, passage: Passage) -> bool:
    """A gold ``doc`` may be the file name, its stem, or the citation prefix (``001``)."""
    g = PurePosixPath(gold.replace("\\", "/").strip())
    d = PurePosixPath(passage.doc)
    return g.name == d.name or g.name == d.stem or g.name == passage.citation.split(":", 1)[0]


def judge(row: QuestionRow, answer: Answer, k: int | None = None) -> Judged:
    """Judge the top ``k`` passages of an answer against the row's gold fields."""
    passages = answer.passages[:k] if k else answer.passages
    gold = row.answer
    hits = tuple(contains(p.text, gold) for p in passages) if gold else ()
    relevant: tuple[bool, ...] = ()
    if row.doc and row.gold_answerable is not False:
        relevant = tuple(same_doc(row.doc, p) and (not gold or contains(p.text, gold)) for p in passages)
    sentence, span = answer.sentence, answer.span
    return Judged(
        id=row.id,
        lang=row.group,
        gold_answer=gold,
        gold_doc=row.doc,
        hits=hits,
        relevant=relevant,
        sentence=sentence.text if sentence else None,
        span=span.text if span else None,
        answerable=bool(answer.answerable),
        confidence=float(answer.confidence),
    )
