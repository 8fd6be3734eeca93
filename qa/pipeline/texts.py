"""The original text of each document of an opened index, read and checked once, then kept.

Highlights, citations and the lookups of ``find`` all slice this text; it is
read from the corpus (and checked against the hash the index recorded) on
first use, by ``IndexData.document_text``.
"""

from __future__ import annotations

from index.load import IndexData


class DocumentTexts:
    """Document key -> its original text, for one opened index (a newer build gets its own)."""

    def __init__(self, data: IndexData):
        self._data = data
        self._texts: dict[str, str] = {}

    def text(self, key: str) -> str:
        if key not in self._texts:
            self._texts[key] = self._data.document_text(key)
        return self._texts[key]
