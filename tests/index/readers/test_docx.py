"""Word files: paragraphs and headings in order, tables as rows of cells, the title."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.readers import BrokenFile, read_document

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "seeds" / "003_d9fd685520b31bc1.txt"


def test_libreoffice_docx_reads_as_the_article(docs):
    doc = read_document(docs / "article.docx")
    assert doc.format == "docx" and doc.title == "北京海淀发力量子信息产业 争夺量子产业第一城"
    paragraphs = doc.text.split("\n\n")
    seed = [p.strip() for p in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8")) if p.strip()][1:20]
    assert [p for p in paragraphs if p in seed] == seed
    assert "后起之秀海淀的优势" in paragraphs and "跨过死亡之谷:从实验室到产业" in paragraphs
    assert "地区 | 量子信息企业\n全国 | 大概90家\n合肥 | 60多家\n海淀 | 18家" in paragraphs


def test_python_docx_title_heading_merged_cells(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("量子产业报告", level=1)
    d.add_paragraph("第一段。")
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "城市"
    t.cell(0, 2).text = "企业"
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "合肥", "安徽", "60多家"
    d.add_paragraph("")
    d.add_paragraph("第二段\n换行。")
    f = tmp_path / "r.docx"
    d.save(f)
    doc = read_document(f)
    assert doc.title == "量子产业报告"
    assert doc.text == "量子产业报告\n\n第一段。\n\n城市 | 企业\n合肥 | 安徽 | 60多家\n\n第二段\n换行。"


def test_not_a_docx(tmp_path):
    f = tmp_path / "fake.docx"
    f.write_text("plain text, not a zip")
    with pytest.raises(BrokenFile):
        read_document(f)
