"""An image-only PDF (a page of the article rasterised) is read by OCR, with boxes and most characters right."""

from __future__ import annotations

import difflib
import re
import unicodedata

import pytest

from index.readers import NoText, read_document
from index.readers.pdf import ocr

pytestmark = pytest.mark.skipif(not ocr.available(), reason="rapidocr-onnxruntime is not installed")

# Measured on this page (seed 004, page 3, 150 dpi): 0.98 of the characters agree with the text layer.
MIN_SIMILARITY = 0.93


def fold(s: str) -> str:
    """Compare characters, not their width or the spaces OCR drops between Latin words."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


@pytest.fixture(scope="session")
def scanned_doc(scanned_pdf):
    return read_document(scanned_pdf)


def test_scanned_page_is_read_by_ocr_and_recovers_most_characters(scanned_doc, pdf_doc):
    assert scanned_doc.ocr and scanned_doc.pages[0].ocr
    assert any("OCR" in w for w in scanned_doc.warnings)
    page3 = pdf_doc.pages[2]
    truth = fold(pdf_doc.text[page3.start:page3.end])
    got = fold(scanned_doc.text)
    similarity = difflib.SequenceMatcher(None, truth, got, autojunk=False).ratio()
    assert similarity >= MIN_SIMILARITY, similarity
    assert fold("6) 劳动力分析小组, 与大学和其他教育机构合作") in got


def test_ocr_boxes_are_lines_of_the_text(scanned_doc):
    page = scanned_doc.pages[0]
    assert len(page.boxes) > 20
    for b in page.boxes:
        line = scanned_doc.text[b.start:b.end]
        assert line.strip() and "\n" not in line
        assert 0 <= b.x0 < b.x1 <= page.width + 1 and 0 <= b.y0 < b.y1 <= page.height + 1


def test_without_ocr_a_scan_has_no_text(scanned_pdf):
    with pytest.raises(NoText) as err:
        read_document(scanned_pdf, ocr=False)
    assert err.value.pages == 1 and not err.value.ocr_tried
