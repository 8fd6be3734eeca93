"""Typed records of the build side. Every span is ``(start, end)`` into the original text."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.citation import paragraph_id, sentence_id

Span = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """One corpus file, read as UTF-8 and never rewritten."""

    key: str  # citation prefix, e.g. "001"
    path: str  # file name relative to the corpus folder
    text: str  # the original text
    title: str
    authors: tuple[str, ...] = ()
    source: str = ""
    date: str = ""
    sha256: str = ""
    title_en: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A logical paragraph after cleaning.

    ``spans`` are the indexed pieces: a paragraph broken in two by page layout
    has two spans, and the characters between them (blank lines, a photo
    caption) are not part of it.
    """

    doc: str
    number: int  # 1-based among the kept paragraphs of the document
    spans: tuple[Span, ...]
    kind: str = "body"  # "body" | "heading" | "caption"

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def citation(self) -> str:
        return paragraph_id(self.doc, self.number)


@dataclass(frozen=True)
class Sentence:
    doc: str
    para: int
    number: int  # 1-based within the paragraph
    spans: tuple[Span, ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def citation(self) -> str:
        return sentence_id(self.doc, self.para, self.number)


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """An indexed sentence as the answer side reads it: where it is, its text and its lexical words.

    ``text`` is its spans of the original joined (``index.clean.span_text``);
    ``tokens`` the distinct words the lexical index holds for it, sorted.
    """

    doc: str
    para: int
    number: int  # 1-based within the paragraph
    spans: tuple[Span, ...]
    text: str
    tokens: tuple[str, ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def citation(self) -> str:
        return sentence_id(self.doc, self.para, self.number)


@dataclass(frozen=True)
class Chunk:
    """The unit of retrieval: whole sentences of one paragraph.

    ``text == original[start:end]``; ``clean`` is the indexed text (the spans
    joined, so a paragraph broken by layout reads as one).
    """

    doc: str
    para: int
    start: int
    end: int
    text: str
    clean: str
    spans: tuple[Span, ...]
    first_sentence: int = 1
    last_sentence: int = 1
    heading: str = ""  # nearest heading above, used as retrieval context
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def citation(self) -> str:
        return paragraph_id(self.doc, self.para)
