"""Real documents made from the seeds: committed small files, and PDFs printed once per session."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "data" / "docs"


def _load_make():
    spec = importlib.util.spec_from_file_location("docs_make", DOCS / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_MAKE = _load_make()


@pytest.fixture(scope="session")
def make():
    """tests/data/docs/make.py: how every fixture document is made, and the texts they were made from."""
    return _MAKE


@pytest.fixture(scope="session")
def docs() -> Path:
    return DOCS


@pytest.fixture(scope="session")
def article_pdf(tmp_path_factory) -> Path:
    """Seed 004 printed by headless Chromium: two columns, running header and footer, 3 pages."""
    if not shutil.which("chromium"):
        pytest.skip("chromium is not installed: it prints the two-column PDF (scripts/test installs it)")
    return _MAKE.make_pdf(tmp_path_factory.mktemp("pdf") / "article.pdf")


@pytest.fixture(scope="session")
def scanned_pdf(article_pdf, tmp_path_factory) -> Path:
    """Page 3 of the article rasterised at 150 dpi and wrapped as an image-only PDF."""
    return _MAKE.make_scan(article_pdf, tmp_path_factory.mktemp("scan") / "scanned.pdf", first=3, last=3)


@pytest.fixture(scope="session")
def pdf_doc(article_pdf):
    from index.readers import read_document

    return read_document(article_pdf)


@pytest.fixture(scope="session")
def office_pdf(tmp_path_factory) -> Path:
    """The DOCX fixture printed to PDF by LibreOffice."""
    if not shutil.which("libreoffice"):
        pytest.skip("libreoffice is not installed: it prints the DOCX to PDF")
    src = tmp_path_factory.mktemp("office") / "article.docx"
    shutil.copy(DOCS / "article.docx", src)
    return _MAKE.make_office_pdf(src, src.parent)
