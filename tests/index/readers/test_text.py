"""Text and Markdown: the document text is the decoded file; an HTML page saved as .md is read as HTML."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest

from index.readers import UnsupportedFormat, format_of, read_document

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "seeds" / "003_d9fd685520b31bc1.txt"


def test_a_seed_reads_as_itself(tmp_path):
    doc = read_document(SEED)
    assert doc.text == SEED.read_text(encoding="utf-8")
    assert (doc.format, doc.encoding, doc.pages, doc.ocr) == ("txt", "utf-8", (), False)
    assert doc.title == "北京海淀发力量子信息产业 争夺量子产业第一城"


def test_markdown_title_is_its_first_heading_and_line_endings_are_kept(tmp_path):
    md = tmp_path / "note.md"
    body = "Some front text\r\n\r\n## 量子产业 ##\r\n\r\n正文第一段。\r\n"
    md.write_bytes(codecs.BOM_UTF8 + body.encode("utf-8"))
    doc = read_document(md)
    assert doc.format == "md" and doc.encoding == "utf-8-sig"
    assert doc.text == body  # BOM stripped, nothing else touched: offsets are into this
    assert doc.title == "量子产业"


def test_html_saved_as_md_or_txt_is_read_as_html(docs, tmp_path):
    for suffix in (".md", ".txt"):
        saved = tmp_path / f"page{suffix}"
        shutil.copy(docs / "page.html", saved)
        assert format_of(saved) == "html"
        doc = read_document(saved)
        assert doc.format == "html"
        assert doc.title == "北京海淀发力量子信息产业 争夺量子产业第一城"
        assert "<" not in doc.text


def test_utf16_html_saved_as_txt_is_sniffed(docs, tmp_path):
    saved = tmp_path / "page.txt"
    saved.write_bytes((docs / "page.html").read_text(encoding="utf-8").encode("utf-16"))
    assert format_of(saved) == "html"
    assert read_document(saved).encoding == "utf-16-le"


def test_unsupported_format_names_the_suffix_and_the_choices(tmp_path):
    f = tmp_path / "slides.pptx"
    f.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormat) as err:
        read_document(f)
    assert err.value.suffix == ".pptx" and ".pdf" in err.value.supported and err.value.path == f
