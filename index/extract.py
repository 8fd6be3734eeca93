"""One corpus file -> its extracted text (through the reader of its format), or why it is skipped.

The build never stops on one bad file: a file that cannot be read becomes a
:class:`~index.records.Skipped` with the reason and its facts, listed by
``qa build`` and the Library tab. A file whose content (SHA-256) the previous
build already read, with the same reader version, is not read again: its
kept text and page map are reused (OCR takes seconds a page).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from index import kept
from index.readers import (
    SUFFIXES,
    BrokenFile,
    EncryptedPDF,
    Extracted,
    NoText,
    UnreadableEncoding,
    UnsupportedFormat,
    format_of,
    read_document,
)
from index.records import Skipped
from index.walk import LEFT_OUT

READER_VERSION = 2  # bump when a reader's output changes, so the next build reads every file again
# 2: the headings the format marks (Extracted.headings)
MAX_TEXT_BYTES = 20 * 1024 * 1024  # a text, Markdown or HTML file: one article
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024  # a PDF or DOCX (images and fonts make them larger)
FORMATS = ("txt", "md", "pdf", "docx", "html")


def limit_for(fmt: str) -> int:
    return MAX_DOCUMENT_BYTES if fmt in ("pdf", "docx") else MAX_TEXT_BYTES


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(SUFFIXES))


@dataclass(frozen=True)
class Reused:
    """Where the previous build kept a file's extraction: its folder and its ``documents.json`` row."""

    folder: Path
    row: dict


def read_file(path: Path, name: str, previous: dict[str, Reused] | None = None,
              ocr: bool = True) -> tuple[Extracted, str] | Skipped:
    """``(extracted, sha256 of the file)``, or the :class:`Skipped` record saying why the file is not indexed."""
    try:
        fmt = format_of(path)
    except UnsupportedFormat as exc:
        return Skipped(name, "format", {"suffix": exc.suffix, "supported": list(exc.supported)})
    except OSError as exc:
        return Skipped(name, "unreadable", {"detail": type(exc).__name__})
    try:
        size = path.stat().st_size
        limit = limit_for(fmt)
        if size > limit:
            return Skipped(name, "too_large", {"format": fmt, "size": size, "limit": limit})
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(name, "unreadable", {"detail": type(exc).__name__})
    digest = hashlib.sha256(data).hexdigest()
    found = (previous or {}).get(digest)
    if found is not None:
        reused = _reuse(found)
        if reused is not None:
            return reused, digest
    try:
        return read_document(path, ocr=ocr), digest
    except EncryptedPDF:
        return Skipped(name, "encrypted", {"format": fmt})
    except NoText as exc:
        return Skipped(name, "no_text", {"format": fmt, "pages": exc.pages, "ocr_tried": exc.ocr_tried,
                                         "ocr_available": exc.ocr_available})
    except UnreadableEncoding as exc:
        return Skipped(name, "encoding", {"format": fmt, "tried": list(exc.tried), "detail": exc.reason})
    except BrokenFile as exc:
        return Skipped(name, "broken", {"format": exc.format, "detail": exc.reason})
    except Exception as exc:  # noqa: BLE001 - a reader failing on one odd file must not stop the build; it is listed
        return Skipped(name, "broken", {"format": fmt, "detail": f"{type(exc).__name__}: {exc}"[:200]})


def skip_info(corpus_dir: Path, s: Skipped) -> dict:
    """What meta.json records of a skipped file: its reason, and enough to see it unchanged next time."""
    info: dict = {"reason": s.reason, "facts": s.facts}
    if s.reason in LEFT_OUT:  # refused by the walk (a link out of the corpus, a bad name): never opened
        return info
    try:
        st = (corpus_dir / s.path).stat()
        info.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
        if s.reason != "too_large":
            info["sha256"] = _sha256_file(corpus_dir / s.path)
    except OSError:
        pass
    return info


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _reuse(found: Reused) -> Extracted | None:
    """The previous build's extraction of the same content, or None when it cannot be used."""
    r = found.row
    if r.get("reader") != READER_VERSION:
        return None
    try:
        text = kept.read_text(found.folder, r["sha256"], r["text_sha256"])
        pages = kept.read_pages(found.folder, r["sha256"], r.get("pages_sha256", "")).pages if r.get("pages") else ()
    except Exception:  # noqa: BLE001 - a damaged previous build: read the file again
        return None
    return Extracted(text=text, title=r.get("extracted_title", ""), format=r["format"], encoding=r.get("encoding"),
                     pages=pages, ocr=bool(r.get("ocr")), warnings=tuple(r.get("warnings", ())),
                     headings=tuple(int(h) for h in r.get("headings", ())))


# ---------------------------------------------------------------- the facts, as one clause (the app words them)
def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


SKIP_FACTS = {
    "format": lambda f: f"format {f.get('suffix') or '(no suffix)'} is not read",
    "unreadable": lambda f: f"cannot be read ({f.get('detail')})",
    "too_large": lambda f: f"{_mb(f['size'])}, over the {_mb(f['limit'])} limit for a {f['format']} file",
    "encrypted": lambda f: "an encrypted PDF (needs a password)",
    "no_text": lambda f: "no text" + (f" on its {f['pages']} page(s)" if f.get("pages") else "")
    + (", not even by OCR" if f.get("ocr_tried") else "" if f.get("ocr_available", True) else ", OCR not installed"),
    "encoding": lambda f: f"no text encoding fits ({f.get('detail')})",
    "broken": lambda f: f"not a readable {f.get('format')} file ({f.get('detail')})",
    "outside": lambda f: f"a symlink to {f.get('target')}, outside the corpus folder",
    "broken_link": lambda f: "a symlink to nothing (or a loop)",
    "bad_name": lambda f: "its name is not valid UTF-8",
}


def skip_facts(s: Skipped) -> str:
    """``a.pdf: an encrypted PDF (needs a password)``: the facts of a skip, neutrally."""
    say = SKIP_FACTS.get(s.reason)
    return f"{s.path}: {say(s.facts) if say else s.reason}"
