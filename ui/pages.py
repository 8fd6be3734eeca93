"""A PDF passage shown on its page: the page rendered by pypdfium2, the answering sentence and the answer as boxes.

The boxes come from the index's page map (``index.kept.PageMap``: each line's
box, in points from the page's top-left corner), never from searching the
image, so they mark exactly the characters the passage's offsets name. A box
covers the part of a line the highlight holds, its left and right edges
placed in proportion to the characters before and after it on the line. Pages
are rendered from the original file only when it is still the file the index
read (its SHA-256), and kept in a small cache: a page asked about again is not
rendered again. The markup is ``ui/templates/pages.html.j2``: an ``<img>``
with absolutely positioned boxes over it, in percentages, so it scales.
"""

from __future__ import annotations

import base64
import hashlib
import io
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from index.readers.base import Box, Page
from ui.render import macros

DPI = 96  # a page 794 px wide for A4: its print is legible, its image ~100 KB
GREYS = 4  # grey levels of the rendered page: print on paper needs few, and the image is 60 KB, not 160
CACHE_PAGES = 48  # rendered pages kept in memory
KINDS = ("sentence", "answer")  # what is drawn, in drawing order (the answer on top)


@dataclass(frozen=True)
class Mark:
    """A box to draw: ``kind`` and its rectangle as percentages of the page's width and height."""

    kind: str
    left: float
    top: float
    width: float
    height: float


def _width(ch: str) -> float:
    """A character's advance in ems, roughly: Chinese and full-width forms 1, Latin letters, digits, spaces 0.5."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


def line_part(box: Box, start: int, end: int, text: str | None = None) -> tuple[float, float] | None:
    """The x-range of ``text[start:end]`` on a line box (None: not on it), placed in proportion to the characters
    before and after it on the line (each weighted by its width when ``text``, the document text, is given)."""
    lo, hi = max(box.start, start), min(box.end, end)
    if lo >= hi:
        return None
    if text is not None and len(text) >= box.end:
        widths = [_width(c) for c in text[box.start : box.end]]
    else:
        widths = [1.0] * (box.end - box.start)
    total = sum(widths) or 1.0
    before, inside = sum(widths[: lo - box.start]), sum(widths[lo - box.start : hi - box.start])
    w = box.x1 - box.x0
    return box.x0 + w * before / total, box.x0 + w * (before + inside) / total


def marks(page: Page, spans: list[tuple[str, int, int]], text: str | None = None) -> list[Mark]:
    """The boxes of the highlights ``(kind, start, end)`` that lie on ``page`` (pure; tested on small pages)."""
    out = []
    for kind, start, end in spans:
        for b in page.boxes:
            part = line_part(b, start, end, text)
            if part is None:
                continue
            x0, x1 = part
            pad = 0.15 * (b.y1 - b.y0)  # a line box is the glyphs' ink: a little air so the mark covers them
            out.append(Mark(kind, 100 * (x0 - pad) / page.width, 100 * (b.y0 - pad) / page.height,
                            100 * (x1 - x0 + 2 * pad) / page.width, 100 * (b.y1 - b.y0 + 2 * pad) / page.height))
    return out


class PageImages:
    """Rendered pages of the corpus's PDFs, as PNG data URIs, the most recent ``size`` kept."""

    def __init__(self, size: int = CACHE_PAGES):
        self.size = size
        self._pages: OrderedDict[tuple[str, int], str] = OrderedDict()
        self._checked: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> sha256 of the file
        self._lock = threading.Lock()

    def _digest(self, path: Path) -> str | None:
        try:
            st = path.stat()
        except OSError:
            return None
        key = (str(path), st.st_size, st.st_mtime_ns)
        if key not in self._checked:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            self._checked[key] = h.hexdigest()
        return self._checked[key]

    def image(self, path: Path, sha256: str, number: int) -> str | None:
        """Page ``number`` of the PDF at ``path`` as a data URI; None when the file is not the one indexed."""
        key = (sha256, number)
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        if self._digest(path) != sha256:
            return None
        uri = "data:image/png;base64," + base64.b64encode(render_png(path, number)).decode("ascii")
        with self._lock:
            self._pages[key] = uri
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return uri


def render_png(path: Path, number: int, dpi: int = DPI) -> bytes:
    """Page ``number`` (1-based) of a PDF, rendered in grey and saved as a small PNG."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[number - 1]
        try:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            page.close()
    finally:
        doc.close()
    out = io.BytesIO()
    image.convert("L").quantize(GREYS).save(out, "PNG", optimize=True)
    return out.getvalue()


IMAGES = PageImages()


def page_html(index, doc_key: str, spans: list[tuple[str, int, int]], at: int,
              images: PageImages = IMAGES) -> Markup | None:
    """The page holding offset ``at`` of a PDF document, with ``spans`` ``(kind, start, end)`` drawn on it;
    None for a document without pages, or when its original is gone or changed since the build."""
    doc = index.documents.get(doc_key)
    if doc is None or not getattr(doc, "pages", 0):
        return None
    pages = index.page_map(doc_key)
    number = pages.page_at(at)
    page = pages.page(number) if number else None
    if page is None:
        return None
    uri = images.image(Path(index.meta.corpus_dir) / doc.path, doc.sha256, number)
    if uri is None:
        return None
    drawn = marks(page, [s for kind in KINDS for s in spans if s[0] == kind], index.document_text(doc_key))
    return macros("pages.html.j2").page(doc_key, doc.path, number, doc.pages, uri, drawn, page.width, page.height)


def passage_page(index, p) -> Markup | None:
    """A passage of the Ask tab on its page: the answering sentence and the answer span drawn (else the passage)."""
    if p.page is None:
        return None
    key = p.citation.split(":", 1)[0]
    spans = [(h.kind, h.start, h.end) for h in p.highlights if h.kind in KINDS]
    sentence = next((h for h in p.highlights if h.kind == "sentence"), None)
    if sentence is None:
        spans = [("sentence", s, e) for s, e in (p.spans or ((p.start, p.end),))]
    return page_html(index, key, spans, sentence.start if sentence else p.start)
