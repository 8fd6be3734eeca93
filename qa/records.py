"""Typed records of the answer side; ``to_dict`` gives the JSON contract of DESIGN.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Highlight:
    start: int  # into the original file
    end: int
    text: str
    kind: str  # "answer" | "sentence" | "term"
    citation: str = ""  # sentence citation for kind == "sentence", e.g. "001:p23.s2"


@dataclass(frozen=True)
class Passage:
    rank: int
    doc: str  # file name of the source
    title: str
    citation: str  # e.g. "001:p23"
    start: int
    end: int
    score: float
    text: str
    highlights: tuple[Highlight, ...] = ()
    reference: str = ""  # readable reference, e.g. 申红艳、张红《…》第12段

    def to_dict(self) -> dict:
        d = asdict(self)
        d["highlights"] = [asdict(h) for h in self.highlights]
        return d


@dataclass(frozen=True)
class Answer:
    question: str
    lang: str  # "zh" | "en" | "mixed" | "other"
    answerable: bool
    confidence: float  # 0..1
    passages: tuple[Passage, ...] = ()
    timings: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "lang": self.lang,
            "answerable": self.answerable,
            "confidence": round(self.confidence, 4),
            "passages": [p.to_dict() for p in self.passages],
        }

    @property
    def sentence(self) -> Highlight | None:
        """The answering sentence of the top passage, if any."""
        for p in self.passages[:1]:
            for h in p.highlights:
                if h.kind == "sentence":
                    return h
        return None

    @property
    def span(self) -> Highlight | None:
        for p in self.passages[:1]:
            for h in p.highlights:
                if h.kind == "answer":
                    return h
        return None
