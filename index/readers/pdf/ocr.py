"""OCR of a page image with RapidOCR (PP-OCRv4 Chinese/English models inside the rapidocr-onnxruntime wheel).

Nothing is downloaded: the detection, direction and recognition models ship
in the wheel and run on onnxruntime's CPU provider. The engine is loaded once
per process. A page is rendered by pdfium at ``DPI``; each detected text line
becomes a ``Line`` whose box is converted back to points, so OCR'd pages go
through the same reading order and paragraph rules as text-layer pages.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from index.readers.pdf.lines import Line

DPI = 150  # measured in index/readers/README.md: lower loses small print, higher costs time without gain
MIN_SCORE = 0.5  # recognition confidence below which a line is noise (a stamp, a photo's texture)
_LOCK = threading.Lock()  # one engine, one page at a time: onnxruntime already uses every core


class OCRUnavailable(RuntimeError):
    """rapidocr-onnxruntime is not installed (or its models cannot be loaded)."""


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise OCRUnavailable(str(exc)) from None
    return RapidOCR()


def ocr_lines(image, scale: float) -> list[Line]:
    """Text lines of an RGB/BGR image (numpy array); ``scale`` is pixels per point."""
    with _LOCK:
        result, _ = engine()(image)
    out = []
    for quad, text, score in result or []:
        text = re.sub(r"\s{2,}", " ", text.strip())
        if not text or float(score) < MIN_SCORE:
            continue
        xs = [p[0] / scale for p in quad]
        ys = [p[1] / scale for p in quad]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        out.append(Line(text, x0, y0, x1, y1, y1 - y0))
    return out


def page_lines(page, dpi: int = DPI) -> list[Line]:
    """OCR one pypdfium2 page."""
    scale = dpi / 72
    bitmap = page.render(scale=scale)
    try:
        return ocr_lines(bitmap.to_numpy(), scale)
    finally:
        bitmap.close()
