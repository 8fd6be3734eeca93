"""A deterministic stand-in for the assistant, for the evaluation tests (no index, no model).

Each scripted question returns fixed passages, in a fixed order, with
highlights at real offsets into small mixed Chinese/English documents, so the
expected metrics can be worked out by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.eval.questions import QuestionRow
from qa.records import Answer, Highlight, Passage

DOCS = {
    "001_quantum.txt": (
        "量子计算是下一代信息技术。段路明院士创办了华翊量子公司。\n\n"
        "2018年,本源量子成立了量子计算产业联盟。联盟成员有90家中小企业。\n\n"
        "IBM launched the Quantum Network in 2017. It has 200 members.\n"
    ),
    "002_policy.txt": (
        "国家量子倡议法案(National Quantum Initiative Act)于2018年签署。\n\n"
        "京沪干线是一条量子通信骨干线路。\n"
    ),
}
PARAS = {
    "001:p1": ("001_quantum.txt", "量子计算是下一代信息技术。段路明院士创办了华翊量子公司。"),
    "001:p2": ("001_quantum.txt", "2018年,本源量子成立了量子计算产业联盟。联盟成员有90家中小企业。"),
    "001:p3": ("001_quantum.txt", "IBM launched the Quantum Network in 2017. It has 200 members."),
    "002:p1": ("002_policy.txt", "国家量子倡议法案(National Quantum Initiative Act)于2018年签署。"),
    "002:p2": ("002_policy.txt", "京沪干线是一条量子通信骨干线路。"),
}


@dataclass(frozen=True)
class Script:
    ranking: tuple[str, ...]  # paragraph citations, best first
    answerable: bool
    confidence: float
    sentence: str = ""  # substring of the top passage to mark as the sentence
    span: str = ""  # substring of the top passage to mark as the answer


SCRIPTS = {
    "段路明院士创办了哪家公司?": Script(
        ("001:p1", "001:p2"), True, 0.9, "段路明院士创办了华翊量子公司。", "华翊量子公司"
    ),
    "Which backbone line did China build?": Script(
        ("001:p2", "002:p2"), True, 0.5, "联盟成员有90家中小企业。", "90家"
    ),
    "联盟是哪一年成立的?": Script(
        ("002:p1", "001:p2"),
        True,
        0.7,
        "国家量子倡议法案(National Quantum Initiative Act)于2018年签署。",
        "2018年",
    ),
    "Who won the World Cup?": Script(("001:p3",), False, 0.1, "", ""),
    "How many members does the IBM network have?": Script(("002:p1", "002:p2"), True, 0.4, "", "2018"),
    "如何用Python读取Excel?": Script(("002:p2",), True, 0.6, "京沪干线是一条量子通信骨干线路。", ""),
    "量子通信是什么?": Script(("002:p2", "001:p1"), True, 0.8, "京沪干线是一条量子通信骨干线路。", ""),
    "<script>alert('x')</script> 量子?": Script(("001:p1",), True, 0.3, "量子计算是下一代信息技术。", "<b>"),
}

# (id, lang, question, answer, doc): None answer = no gold; "" = unanswerable.
GOLD = [
    ("q1", "zh", "段路明院士创办了哪家公司?", "华翊量子", "001_quantum.txt"),
    ("q2", "en", "Which backbone line did China build?", "京沪干线", "002_policy.txt"),
    ("q3", "zh", "联盟是哪一年成立的?", "2018 年", "001_quantum.txt"),
    ("q4", "en", "Who won the World Cup?", "", None),
    ("q5", "en", "How many members does the IBM network have?", "200 members", "001_quantum.txt"),
    ("q6", "zh", "如何用Python读取Excel?", "", None),
    ("q7", None, "量子通信是什么?", None, None),
]


def gold_rows(with_gold: bool = True) -> list[QuestionRow]:
    return [
        QuestionRow(i, n, q, lang, a if with_gold else None, d if with_gold else None)
        for n, (i, lang, q, a, d) in enumerate(GOLD, start=1)
    ]


def passage(citation: str, rank: int, sentence: str = "", span: str = "") -> Passage:
    doc, text = PARAS[citation]
    start = DOCS[doc].index(text)
    highlights = []
    for kind, sub in (("sentence", sentence), ("answer", span)):
        at = text.find(sub) if sub else -1
        if at >= 0:
            highlights.append(Highlight(start + at, start + at + len(sub), sub, kind))
    return Passage(
        rank=rank,
        doc=doc,
        title=doc,
        citation=citation,
        start=start,
        end=start + len(text),
        score=1.0 / rank,
        text=text,
        highlights=tuple(highlights),
        reference=f"《{doc}》",
    )


def fake_answer(question: str, k: int = 10) -> Answer:
    s = SCRIPTS.get(question, Script(("002:p2",), False, 0.05))
    passages = tuple(
        passage(c, r, s.sentence if r == 1 else "", s.span if r == 1 else "")
        for r, c in enumerate(s.ranking[:k], start=1)
    )
    lang = "en" if question.isascii() else "zh"
    return Answer(question, lang, s.answerable, s.confidence, passages)


class FakeAnswerFn:
    """Records every batch it is given, so tests can see what reached the assistant."""

    def __init__(self, k: int = 10):
        self.k = k
        self.calls: list[list[str]] = []

    def __call__(self, questions: list[str]) -> list[Answer]:
        self.calls.append(list(questions))
        return [fake_answer(q, self.k) for q in questions]


class FakeAssistant:
    """Same surface as ``qa.pipeline.assistant.Assistant`` (``load`` + ``ask_many``), for the --workers path."""

    @classmethod
    def load(cls, index_dir: str) -> FakeAssistant:
        return cls()

    def ask_many(self, questions: list[str], k: int = 5) -> list[Answer]:
        return [fake_answer(q, k) for q in questions]
