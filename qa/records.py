"""Typed records of the answer side; ``to_dict`` gives the JSON contract of DESIGN.md.

The fields for English readers (``pinyin``, ``gloss``, ``title_en``, filled by
``qa.pipeline.gloss``) are extra keys of the JSON, present only when filled.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from index import clean

NEAR = 0.15  # a confidence this close below the threshold is "near": worth a look, not an answer
LEVELS = ("high", "medium", "near", "low")


def confidence_level(confidence: float, threshold: float) -> str:
    """``high`` and ``medium`` are answerable (>= ``threshold``), ``near`` just below it, ``low`` the rest."""
    if confidence >= max(0.75, threshold):
        return "high"
    if confidence >= threshold:
        return "medium"
    if confidence >= threshold - NEAR:
        return "near"
    return "low"


@dataclass(frozen=True)
class GlossWord:
    """One word of a sentence with its dictionary English (CC-CEDICT): a gloss, not a translation."""

    text: str  # the word as indexed (the sentence's spans joined)
    start: int  # into the original file
    end: int
    en: str  # its dictionary sense(s), or the name in pinyin for a person or a place
    pinyin: str = ""  # its reading, without tones (Gu Chengjian, chuangban)
    kind: str = "word"  # "word" | "person" | "place"


@dataclass(frozen=True)
class Highlight:
    start: int  # into the original file
    end: int
    text: str
    kind: str  # "answer" | "sentence" | "term"
    citation: str = ""  # sentence citation for kind == "sentence", e.g. "001:p23.s2"
    pinyin: str = ""  # for English readers: the reading of the answer span (Gu Chengjian)
    gloss: tuple[GlossWord, ...] = ()  # for English readers: the sentence word by word
    page: int | None = None  # a paginated document (PDF): the 1-based page where the highlight starts

    def to_dict(self) -> dict:
        d = asdict(self)
        if not self.pinyin:
            del d["pinyin"]
        if self.gloss:
            d["gloss"] = [asdict(w) for w in self.gloss]  # a list, as JSON reads it back
        else:
            del d["gloss"]
        if self.page is None:
            del d["page"]
        return d


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
    # the indexed pieces of the original (start, end) that ``text`` spans: joined, they are the text as cleaned
    # (a paragraph broken by page layout reads as one); empty: the whole of ``text``
    spans: tuple[tuple[int, int], ...] = ()
    # 0..1: how sure the assistant is that this passage answers (the first passage's is the answer's confidence)
    confidence: float | None = None
    title_en: str = ""  # for English readers: the catalog's English title
    page: int | None = None  # a paginated document (PDF): the 1-based page where the passage starts

    def to_dict(self) -> dict:
        d = asdict(self)
        d["highlights"] = [h.to_dict() for h in self.highlights]
        if self.page is None:
            del d["page"]
        d["spans"] = [list(s) for s in self.spans]
        if self.confidence is None:
            del d["confidence"]
        else:
            d["confidence"] = round(self.confidence, 4)
        if not self.title_en:
            del d["title_en"]
        return d

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The indexed pieces of the passage, in document offsets (the whole passage when unknown)."""
        return self.spans or ((self.start, self.end),)

    @property
    def joints(self) -> tuple[str, ...]:
        """What is shown before each piece (``index.clean.joint``): nothing before the first, nor where Chinese
        meets Chinese, one space between words, a line break between two rows of a table."""
        out, last = [], ""  # the last piece that was not empty
        for s, e in self.pieces:
            piece = self.text[s - self.start : e - self.start]
            out.append(clean.joint(last, piece))
            last = piece or last
        return tuple(out)

    def clean_offset(self, offset: int) -> int:
        """Where document offset ``offset`` falls in ``clean_text`` (an offset between two pieces: where they join)."""
        pos = 0
        for (s, e), joint in zip(self.pieces, self.joints):
            pos += len(joint)
            if offset < s:
                return pos - len(joint)
            if offset <= e:
                return pos + offset - s
            pos += e - s
        return pos

    @property
    def clean_text(self) -> str:
        """The passage as cleaning joined it: its pieces, without what lies between them (line breaks, captions),
        a space between two pieces of words."""
        return "".join(j + self.text[s - self.start : e - self.start] for (s, e), j in zip(self.pieces, self.joints))


@dataclass(frozen=True)
class Answer:
    question: str
    lang: str  # "zh" | "en" | "mixed" | "other"
    answerable: bool
    confidence: float  # 0..1
    passages: tuple[Passage, ...] = ()
    timings: dict = field(default_factory=dict, compare=False)
    # answerable means confidence >= threshold (the calibrated one); for display, not in the JSON contract
    threshold: float | None = field(default=None, compare=False)
    # not answered: the question's words the documents hold in no form, or never together ("time zone")
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        d = {
            "question": self.question,
            "lang": self.lang,
            "answerable": self.answerable,
            "confidence": round(self.confidence, 4),
            "passages": [p.to_dict() for p in self.passages],
        }
        if self.missing:  # an extra key: only where the answer says why it has none
            d["missing"] = list(self.missing)
        return d

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
