"""Why a file could not be read; each exception carries the facts, the app words the sentence."""

from __future__ import annotations

from pathlib import Path

from index.errors import BadCorpus


class ReaderError(BadCorpus):
    """A file the readers refuse; ``path`` names it."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)


class UnsupportedFormat(ReaderError):
    def __init__(self, path: Path, suffix: str, supported: tuple[str, ...]) -> None:
        super().__init__(path, f"{Path(path).name}: format {suffix or '(no suffix)'} is not read "
                               f"(read: {', '.join(supported)})")
        self.suffix = suffix
        self.supported = supported


class EncryptedPDF(ReaderError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{Path(path).name} is an encrypted PDF that needs a password to open")


class BrokenFile(ReaderError):
    """The file's own library could not parse it (a damaged PDF, a DOCX that is not a zip)."""

    def __init__(self, path: Path, format: str, reason: str) -> None:
        super().__init__(path, f"{Path(path).name} is not a readable {format} file ({reason})")
        self.format = format
        self.reason = reason


class NoText(ReaderError):
    """Nothing to index after extraction (and OCR, for a PDF)."""

    def __init__(self, path: Path, pages: int = 0, ocr_tried: bool = False, ocr_available: bool = True) -> None:
        what = f"{Path(path).name} has no text"
        if pages:
            what += f" on its {pages} page(s)"
        if ocr_tried:
            what += ", not even by OCR"
        elif not ocr_available:
            what += " layer, and OCR is not installed"
        super().__init__(path, what)
        self.pages = pages
        self.ocr_tried = ocr_tried
        self.ocr_available = ocr_available


class UnreadableEncoding(ReaderError):
    def __init__(self, path: Path, tried: tuple[str, ...], reason: str) -> None:
        super().__init__(path, f"{Path(path).name}: no text encoding fits ({reason}; tried {', '.join(tried)})")
        self.tried = tried
        self.reason = reason
