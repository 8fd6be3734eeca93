"""PDF: the text layer where there is one, OCR where there is none, as clean paragraphs with a page map.

Per page: characters with boxes (``chars``) -> lines (``lines``), or OCR lines
for a page whose text layer is empty or garbage (``ocr``); then, across
pages, running headers, footers and page numbers dropped (``furniture``);
then per page the reading order of columns (``order``); then paragraphs
joined across line, column and page breaks, with every line's box kept
(``paragraphs``).
"""

from __future__ import annotations

import re
from pathlib import Path

from index.readers.base import Extracted
from index.readers.errors import BrokenFile, EncryptedPDF, NoText
from index.readers.pdf import ocr as ocr_mod
from index.readers.pdf.chars import frame, needs_ocr, page_chars
from index.readers.pdf.furniture import drop_furniture
from index.readers.pdf.lines import Line, build_lines, has_spaces, join_char
from index.readers.pdf.order import reading_order
from index.readers.pdf.paragraphs import PageLayout, assemble

_JUNK_TITLE = re.compile(r"^(untitled.*|microsoft word\s*-.*|.*\.(docx?|pdf|txt|tex|dvi|html?)|document\d*|无标题.*)$",
                         re.I)
TITLE_MAX = 120


def _open(path: Path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise EncryptedPDF(path) from None
        raise BrokenFile(path, "PDF", str(exc)) from None


def _draws_something(page) -> bool:
    """Anything on the page (an image, or text drawn as outlines) that OCR could read; a blank page has nothing."""
    import pypdfium2.raw as raw

    return raw.FPDFPage_CountObjects(page.raw) > 0


def title_from_lines(lines: list[Line]) -> str:
    """The largest print on the first page (a title set over two lines is joined)."""
    if not lines:
        return ""
    top = max(ln.h for ln in lines)
    big = sorted((ln for ln in lines if ln.h >= 0.95 * top), key=lambda ln: (ln.y0, ln.x0))
    parts = [big[0]]
    for ln in big[1:]:
        if ln.y0 - parts[-1].y1 > 1.5 * top:
            break
        parts.append(ln)
    text = parts[0].text
    for ln in parts[1:]:
        text += join_char(text, ln.text) + ln.text
    return text[:TITLE_MAX]


def read(path: Path, ocr: bool = True) -> Extracted:
    """Read a PDF; ``ocr=False`` leaves pages without a text layer empty instead of reading them by OCR."""
    path = Path(path)
    doc = _open(path)
    warnings: list[str] = []
    try:
        pages: list[list[Line]] = []
        sizes: list[tuple[float, float]] = []
        ocred: list[bool] = []
        can_ocr = ocr and ocr_mod.available()
        draws_spaces = False  # once a page has space characters, gaps are layout, not spaces
        for number, page in enumerate(doc, start=1):
            try:
                fr = frame(page)
                chars = page_chars(page, fr)
                draws_spaces = draws_spaces or has_spaces(chars)
                lines, by_ocr = build_lines(chars, gap_spaces=not draws_spaces), False
                if needs_ocr(chars) and _draws_something(page):
                    if can_ocr:
                        lines, by_ocr = ocr_mod.page_lines(page, ocr_mod.DPI), True
                    else:
                        warnings.append(f"page {number} has no text layer and was not read by OCR")
                pages.append(lines)
                sizes.append(fr.size)
                ocred.append(by_ocr)
            finally:
                page.close()
        meta_title = (doc.get_metadata_dict().get("Title") or "").strip()
    finally:
        doc.close()
    kept, dropped = drop_furniture(pages, [h for _, h in sizes])
    if dropped:
        warnings.append(f"{dropped} running header, footer or page-number lines dropped")
    layouts = [
        PageLayout(n, w, h, tuple(reading_order(lines)), o)
        for n, (lines, (w, h), o) in enumerate(zip(kept, sizes, ocred), start=1)
    ]
    text, page_map, headings = assemble(layouts)
    if not text.strip():
        raise NoText(path, pages=len(pages), ocr_tried=any(ocred), ocr_available=can_ocr or not ocr)
    if any(ocred):
        warnings.append("pages read by OCR: " + ", ".join(str(n) for n, o in enumerate(ocred, 1) if o))
    if not meta_title or _JUNK_TITLE.match(meta_title):
        meta_title = title_from_lines(next((p for p in kept if p), []))
    title = meta_title
    return Extracted(text=text, title=title[:TITLE_MAX], format="pdf", pages=page_map, ocr=any(ocred),
                     warnings=tuple(warnings), headings=headings)
