"""What a build keeps of each document: the text every offset refers to, and a PDF's page map.

A build folder holds ``text/<sha256>.txt`` (the document text as UTF-8,
named by the original file's SHA-256; ``documents.json`` records the text's
own SHA-256, checked when it is read) and, for a PDF, ``pages/<sha256>.json``
(its pages and line boxes). So a citation keeps pointing at the same
characters whatever becomes of the original, and a PDF, a DOCX or a web page
is cited by the text its reader extracted, not by the bytes of the file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from index.errors import CorruptIndex
from index.readers.base import Box, Page, line_boxes, page_at

TEXT_DIR = "text"
PAGES_DIR = "pages"


def text_name(file_sha256: str) -> str:
    return f"{TEXT_DIR}/{file_sha256}.txt"


def pages_name(file_sha256: str) -> str:
    return f"{PAGES_DIR}/{file_sha256}.json"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PageMap:
    """A paginated document's pages, in order; offsets are into the kept text."""

    pages: tuple[Page, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.pages)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page on which character ``offset`` lies (a character between pages: the next page)."""
        return page_at(self.pages, offset)

    def page(self, number: int) -> Page | None:
        return next((p for p in self.pages if p.number == number), None)

    def boxes(self, start: int, end: int) -> list[tuple[int, Box]]:
        """``(page number, line box)`` of every line ``text[start:end]`` touches, clipped to the range."""
        return line_boxes(self.pages, start, end)


def pages_to_json(pages: tuple[Page, ...]) -> str:
    rows = [{"number": p.number, "start": p.start, "end": p.end, "width": round(p.width, 2),
             "height": round(p.height, 2), "ocr": p.ocr,
             "boxes": [[b.start, b.end, round(b.x0, 2), round(b.y0, 2), round(b.x1, 2), round(b.y1, 2)]
                       for b in p.boxes]}
            for p in pages]  # fmt: skip
    return json.dumps({"pages": rows}, separators=(",", ":"))


def pages_from_json(body: str) -> tuple[Page, ...]:
    rows = json.loads(body)["pages"]
    return tuple(Page(int(r["number"]), int(r["start"]), int(r["end"]), float(r["width"]), float(r["height"]),
                      tuple(Box(int(s), int(e), x0, y0, x1, y1) for s, e, x0, y0, x1, y1 in r["boxes"]),
                      bool(r.get("ocr", False)))
                 for r in rows)  # fmt: skip


def write_text(folder: Path, file_sha256: str, text: str) -> str:
    """Keep ``text`` in the build folder; its own SHA-256 (``documents.json`` records it)."""
    data = text.encode("utf-8")
    path = Path(folder) / text_name(file_sha256)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def read_text(folder: Path, file_sha256: str, digest: str, index_dir: Path | str | None = None) -> str:
    """The kept text, checked against the digest the build recorded (a damaged file is refused)."""
    name = text_name(file_sha256)
    try:
        data = (Path(folder) / name).read_bytes()
    except OSError:
        raise CorruptIndex("checksum", index_dir=index_dir, path=name) from None
    if hashlib.sha256(data).hexdigest() != digest:
        raise CorruptIndex("checksum", index_dir=index_dir, path=name)
    return data.decode("utf-8")


def write_pages(folder: Path, file_sha256: str, pages: tuple[Page, ...]) -> str:
    """Keep a PDF's page map; the SHA-256 of the file written."""
    data = pages_to_json(pages).encode("utf-8")
    path = Path(folder) / pages_name(file_sha256)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def read_pages(folder: Path, file_sha256: str, digest: str = "", index_dir: Path | str | None = None) -> PageMap:
    name = pages_name(file_sha256)
    try:
        data = (Path(folder) / name).read_bytes()
        if digest and hashlib.sha256(data).hexdigest() != digest:
            raise ValueError("digest")
        return PageMap(pages_from_json(data.decode("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        raise CorruptIndex("checksum", index_dir=index_dir, path=name) from None
