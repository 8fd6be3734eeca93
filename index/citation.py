"""Citation ids: ``001:p23`` names a paragraph, ``001:p23.s2`` a sentence inside it.

The document prefix is the document's key (``index.corpus.doc_keys``), the
paragraph number counts the kept paragraphs of the original, the sentence
number the sentences of that paragraph, both from 1; so an id does not change
when the chunk size or the embedding model does. ``str()`` writes an id,
:meth:`Citation.parse` reads one back exactly (a person's typing, with
full-width forms and spaces, is read by ``qa.provenance.cite.parse_id``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.errors import QAError

_ID = re.compile(r"(?P<doc>[^:\s]+):p(?P<para>[0-9]+)(?:\.s(?P<sent>[0-9]+))?")


FORM = "DOCUMENT:pPARAGRAPH or DOCUMENT:pPARAGRAPH.sSENTENCE"


class BadCitationId(QAError, ValueError):
    """Text that is not a citation id as the index writes them: ``found`` is the text, ``reason`` says why."""

    FACTS = {
        "not_text": lambda e: f"a citation id is text, not {e.found!r}",
        "form": lambda e: f"{e.found!r} is not a citation id of the form {e.expected}",
        "number": lambda e: f"{e.found!r} is not a citation id: paragraph and sentence numbers start at 1 "
        "and have no leading zero",
    }

    def __init__(self, reason: str, text: object):
        super().__init__(reason, found=text, expected=FORM)

    @property
    def text(self) -> object:
        return self.found


@dataclass(frozen=True)
class Citation:
    doc: str  # the document's key, e.g. "001"
    para: int  # 1-based among the document's kept paragraphs
    sentence: int | None = None  # 1-based within the paragraph; None: the whole paragraph

    def __str__(self) -> str:
        return f"{self.doc}:p{self.para}" + (f".s{self.sentence}" if self.sentence is not None else "")

    @property
    def paragraph(self) -> Citation:
        """The paragraph this id is in (itself for a paragraph id)."""
        return Citation(self.doc, self.para) if self.sentence is not None else self

    @classmethod
    def parse(cls, text: str) -> Citation:
        """The id ``str()`` wrote: ``DOC:pN`` or ``DOC:pN.sM``, ASCII digits, numbers from 1 without leading zeros.

        Raises :class:`BadCitationId` naming the text and what is wrong with it.
        """
        if not isinstance(text, str):
            raise BadCitationId("not_text", text)
        m = _ID.fullmatch(text)
        if not m:
            raise BadCitationId("form", text)
        sent = m.group("sent")
        if m.group("para")[0] == "0" or (sent is not None and sent[0] == "0"):
            raise BadCitationId("number", text)
        return cls(m.group("doc"), int(m.group("para")), int(sent) if sent is not None else None)


def paragraph_id(doc: str, para: int) -> str:
    """``001:p23``"""
    return str(Citation(doc, para))


def sentence_id(doc: str, para: int, sentence: int) -> str:
    """``001:p23.s2``"""
    return str(Citation(doc, para, sentence))
