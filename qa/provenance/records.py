"""What ``find`` answers: places in the corpus (``Match``) and the verdict on a text (``FindResult``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

Span = tuple[int, int]
VERDICTS = ("exact", "supported", "not found")


@dataclass(frozen=True)
class Match:
    """One place in the corpus: ``text == original[start:end]``; ``spans`` are the pieces that matched."""

    citation: str  # narrowest id covering the match: a sentence, else its paragraph ("" outside indexed text)
    citations: tuple[str, ...]  # every sentence (or heading paragraph) the match touches
    doc: str  # document key
    path: str  # file name in the corpus
    title: str
    start: int
    end: int
    spans: tuple[Span, ...]
    text: str
    cited: str  # the cited sentence or paragraph, spans joined
    score: float
    reference: str  # readable Chinese reference
    reference_en: str

    def to_dict(self) -> dict:
        d = asdict(self)
        d["spans"] = [list(s) for s in self.spans]
        d["citations"] = list(self.citations)
        return d


@dataclass(frozen=True)
class FindResult:
    text: str
    lang: str
    verdict: str  # one of VERDICTS
    score: float  # 1.0 for an exact match, else the best similarity score
    threshold: float  # the score a claim needs for "supported"
    matches: tuple[Match, ...] = ()
    occurrences: int = 0  # exact matches in the corpus (more than are listed, for a short quote)
    timings: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        return {
            "text": self.text, "lang": self.lang, "verdict": self.verdict, "score": round(self.score, 4),
            "threshold": self.threshold, "occurrences": self.occurrences,
            "matches": [m.to_dict() for m in self.matches],
        }

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None
