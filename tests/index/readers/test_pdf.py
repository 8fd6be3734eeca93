"""The two-column PDF printed by Chromium reads as the article: clean paragraphs, pages, boxes on the lines."""

from __future__ import annotations

import re

import pytest
from lxml import html as lhtml

from index.readers import BrokenFile, EncryptedPDF, NoText, read_document
from index.readers.pdf.lines import WIDE
from index.text.script import CJK

_NEAR_WIDE = re.compile(rf"(?<={WIDE.pattern}) +| +(?={WIDE.pattern})")


def source_paragraphs(make) -> list[str]:
    """The paragraphs and headings of the HTML page the PDF was printed from, as a reader sees them."""
    tree = lhtml.fromstring(make.pdf_html())
    return [re.sub(r"\s+", " ", e.text_content()).strip() for e in tree.iter("h1", "h2", "h3", "p")]


def loose(s: str) -> str:
    """Spaces beside a Chinese character are not the reader's to keep at a line end (Chromium drops them)."""
    return _NEAR_WIDE.sub("", s)


def test_every_paragraph_of_the_article_comes_out_intact_and_in_reading_order(pdf_doc, make):
    text = loose(pdf_doc.text)
    paragraphs = [loose(p) for p in source_paragraphs(make)]
    missing = [p[:40] for p in paragraphs if p not in text]
    assert not missing
    positions = [text.index(p) for p in paragraphs]
    assert positions == sorted(positions), "paragraphs out of reading order (columns interleaved?)"


def test_english_lines_are_joined_with_spaces_and_hyphens_kept(pdf_doc, make):
    english = [p for p in source_paragraphs(make) if p.startswith(("Abstract:", "Keywords:", "Case Study"))]
    assert len(english) == 3
    for p in english:
        assert p in pdf_doc.text
    assert "Industry-university-research" in pdf_doc.text


def test_no_space_between_chinese_characters_and_paragraphs_split_by_blank_lines(pdf_doc):
    assert not re.search(f"[{CJK}] +[{CJK}]", pdf_doc.text)
    paragraphs = pdf_doc.text.split("\n\n")
    assert all(p and "\n" not in p for p in paragraphs)
    # a sentence broken across a column break and one across lines are whole
    assert "产学研代表的是市场机构、教育机构、科研机构三类机构在功能上的协同配合、在资源上的集成优化。" in pdf_doc.text
    assert "负责QED-C的管理。截至2022年8月3日,根据公开数据显示[3]" in pdf_doc.text


def test_running_header_footer_and_page_numbers_are_dropped(pdf_doc, make):
    assert make.HEADER not in pdf_doc.text
    # the footer's words begin the title: they may appear once, there and nowhere else
    assert pdf_doc.text.count(make.FOOTER) == 1 and pdf_doc.text.startswith(make.FOOTER)
    assert not any(re.fullmatch(r"\d{1,3}", p.strip()) for p in pdf_doc.text.split("\n\n"))
    assert any("running header" in w for w in pdf_doc.warnings)


def test_title_pages_and_a_sentence_known_to_be_on_page_2(pdf_doc):
    assert pdf_doc.format == "pdf" and not pdf_doc.ocr
    assert pdf_doc.title == "国外典型量子产学研联盟案例研究及对中国的启示"
    assert [p.number for p in pdf_doc.pages] == [1, 2, 3]
    heading = pdf_doc.text.index("1 美国量子经济发展联盟构建模式及特征分析")  # forced onto page 2
    assert pdf_doc.page_at(heading) == 2
    assert pdf_doc.page_at(pdf_doc.text.index("美国推动了众多量子联盟的建立")) == 2
    assert pdf_doc.page_at(pdf_doc.text.index("摘要")) == 1
    assert pdf_doc.page_at(len(pdf_doc.text) - 1) == 3
    p2 = pdf_doc.pages[1]
    assert p2.start <= heading < p2.end
    assert (p2.width, p2.height) == pytest.approx((595, 842), abs=1)


def test_boxes_cover_the_text_line_by_line_and_match_the_page(pdf_doc, article_pdf):
    import pypdfium2 as pdfium

    text = pdf_doc.text
    last = -1
    for page in pdf_doc.pages:
        assert page.boxes
        for b in page.boxes:
            line = text[b.start:b.end]
            assert line and line == line.strip() and "\n" not in line
            assert last <= b.start < b.end <= page.end and b.start >= page.start
            assert 0 <= b.x0 < b.x1 <= page.width and 0 <= b.y0 < b.y1 <= page.height
            last = b.end
    # pdfium's own text inside each box (converted back to PDF coordinates) is that line
    doc = pdfium.PdfDocument(article_pdf)
    checked = agree = 0
    for page in pdf_doc.pages:
        tp = doc[page.number - 1].get_textpage()
        for b in page.boxes:
            inside = tp.get_text_bounded(b.x0 + 0.5, page.height - b.y1 + 2, b.x1 - 0.5, page.height - b.y0 - 2)
            checked += 1
            agree += re.sub(r"\W", "", inside) == re.sub(r"\W", "", text[b.start:b.end])
    doc.close()
    assert agree / checked >= 0.97, f"{agree}/{checked} boxes hold their line"


def test_boxes_of_a_passage_are_the_lines_it_spans(pdf_doc):
    sentence = "在这些量子联盟中,美国量子经济发展联盟(Quantum Economic Development Consortium, QED-C)"
    start = pdf_doc.text.index(sentence)
    boxes = pdf_doc.boxes(start, start + len(sentence))
    assert {page for page, _ in boxes} == {2}
    assert len(boxes) >= 2  # it wraps in a narrow column
    assert boxes[0][1].start == start and boxes[-1][1].end == start + len(sentence)
    assert all(b.y0 < c.y0 for (_, b), (_, c) in zip(boxes, boxes[1:]))


def test_encrypted_pdf_is_refused_by_name(article_pdf, tmp_path):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=str(article_pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(EncryptedPDF) as err:
        read_document(locked)
    assert err.value.path == locked


def test_owner_password_only_pdf_is_read(article_pdf, tmp_path):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=str(article_pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    out = tmp_path / "restricted.pdf"
    with out.open("wb") as fh:
        writer.write(fh)
    assert "QED-C" in read_document(out).text


def test_broken_and_empty_pdfs(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(BrokenFile):
        read_document(bad)
    import pypdf

    blank = tmp_path / "blank.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    with blank.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(NoText) as err:
        read_document(blank)
    assert err.value.pages == 1


def test_libreoffice_pdf_reads_like_the_docx_it_was_printed_from(office_pdf, docs):
    pdf = read_document(office_pdf)
    source = read_document(docs / "article.docx")
    assert pdf.title == source.title
    paragraphs = [p for p in source.text.split("\n\n") if " | " not in p]  # a table has no cells in a PDF
    assert [p[:30] for p in paragraphs if p not in pdf.text] == []
    # LibreOffice widens the gap between Chinese and Latin text; that gap is not a space
    assert "21世纪经济报道" in pdf.text and "21 世纪" not in pdf.text
    assert "地区 量子信息企业" in pdf.text  # table cells on one line keep a space between them
