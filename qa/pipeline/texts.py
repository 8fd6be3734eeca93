"""The original text of each document of an opened index, read and checked once, then kept.

Highlights, citations and the lookups of ``find`` all slice this text; it is
read from the corpus (and checked against the hash the index recorded) on
first use, by the opened index's ``document_text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader


class DocumentTexts:
    """Document key -> its original text, for one opened index (a newer build gets its own)."""

    def __init__(self, data: IndexReader):
        self._data = data
        self._texts: dict[str, str] = {}

    def text(self, key: str) -> str:
        if key not in self._texts:
            self._texts[key] = self._data.document_text(key)
        return self._texts[key]
