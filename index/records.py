"""Typed records of the build side. Every span is ``(start, end)`` into the original text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from index.citation import paragraph_id, sentence_id
from index.readers.base import Page

Span = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """One corpus file, read by the reader of its format (``index.readers``) and never rewritten.

    ``text`` is what every offset refers to: for ``.txt``/``.md`` the decoded
    file, for PDF, DOCX and HTML the reader's output; the index keeps it.
    ``pages`` is a PDF's page map (pages and their line boxes), empty otherwise.
    """

    key: str  # citation prefix, e.g. "001"
    path: str  # file name relative to the corpus folder
    text: str  # the document text (the file decoded, or what its reader extracted)
    title: str
    authors: tuple[str, ...] = ()
    source: str = ""
    date: str = ""
    sha256: str = ""  # of the original file
    title_en: str = ""
    format: str = "txt"  # txt | md | pdf | docx | html
    encoding: str | None = None  # the codec a text or HTML file was decoded with
    pages: tuple[Page, ...] = ()
    ocr: bool = False  # some page was read by OCR
    warnings: tuple[str, ...] = ()  # facts from the reader worth showing (pages OCR'd, furniture dropped)
    reader_title: str = ""  # the title the reader found (``title`` may be the catalog's)
    headings: tuple[int, ...] = ()  # where the lines the format marks as headings start (``Extracted.headings``)


@dataclass(frozen=True)
class Skipped:
    """A corpus file the build did not index, and why.

    ``reason``: ``format`` (not a format the readers read), ``encrypted``
    (a PDF that needs a password), ``broken`` (its library cannot parse it),
    ``no_text`` (nothing after extraction and OCR), ``too_large`` (over
    ``limit`` bytes), ``encoding`` (no text encoding fits). ``facts`` holds the
    rest (``suffix``, ``size``, ``limit``, ``pages``, ``ocr_tried``, ``detail``).
    """

    path: str  # relative to the corpus folder
    reason: str
    facts: dict[str, Any] = field(default_factory=dict)


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
    kind: str = "body"  # "body" | "heading" | "caption" | "table" (a span a row, a row a sentence)

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
