"""One reader per document format, chosen by suffix and by what the file's first bytes say.

``read_document(path)`` returns an ``Extracted``: the document text all
offsets refer to, its title, format, encoding and (for a PDF) page map. An
HTML page saved as ``.md`` or ``.txt`` is read as HTML; a ``.pdf`` or
``.docx`` that is not one is refused as broken rather than read as text.
"""

from __future__ import annotations

from pathlib import Path

from index.readers.base import Box, Extracted, Format, Page
from index.readers.errors import (
    BrokenFile,
    EncryptedPDF,
    NoText,
    ReaderError,
    UnreadableEncoding,
    UnsupportedFormat,
)
from index.readers.sniff import sniff

SUFFIXES: dict[str, Format] = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
}

__all__ = [
    "Box", "BrokenFile", "EncryptedPDF", "Extracted", "Format", "NoText", "Page", "ReaderError", "SUFFIXES",
    "UnreadableEncoding", "UnsupportedFormat", "format_of", "read_document",
]


def format_of(path: Path) -> Format:
    """The reader ``path`` goes to: its suffix, unless its first bytes say it is HTML or PDF."""
    path = Path(path)
    suffix = path.suffix.lower()
    fmt = SUFFIXES.get(suffix)
    if fmt is None:
        raise UnsupportedFormat(path, suffix, tuple(sorted(SUFFIXES)))
    if fmt in ("txt", "md"):
        with path.open("rb") as fh:
            found = sniff(fh.read(4096))
        if found in ("html", "pdf"):
            return found
    return fmt


def read_document(path: Path, ocr: bool = True) -> Extracted:
    """Read one file with the reader for its format; ``ocr=False`` skips OCR of scanned PDF pages."""
    path = Path(path)
    fmt = format_of(path)
    if fmt == "pdf":
        from index.readers import pdf

        return pdf.read(path, ocr=ocr)
    if fmt == "docx":
        from index.readers import docx

        return docx.read(path)
    if fmt == "html":
        from index.readers import html

        return html.read(path)
    from index.readers import text

    return text.read(path)
