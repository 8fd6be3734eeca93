"""A PDF passage drawn on its page: the boxes come from the page map, the page from the original, cached."""

from __future__ import annotations

import re
import shutil

import pytest

from index.readers.base import Box, Page
from tests.conftest import SEEDS, FakeEmbedder
from ui import pages
from ui.pages import Mark, line_part, marks


def test_a_box_covers_its_characters_in_proportion_to_their_width():
    line = Box(10, 20, 100.0, 50.0, 200.0, 60.0)  # ten characters on a line 100 pt wide
    assert line_part(line, 0, 5) is None and line_part(line, 20, 30) is None
    assert line_part(line, 10, 20) == (100.0, 200.0)
    assert line_part(line, 15, 30) == (150.0, 200.0)
    text = "x" * 10 + "共有 9 个工作组很"  # "共有" 2 em, " 9 " 1.5 em, "个工作组很" 5 em: 8.5 em on the line
    x0, x1 = line_part(line, 13, 14, text)  # the digit: after 2.5 em, half an em wide
    assert x0 == pytest.approx(100 + 100 * 2.5 / 8.5) and x1 == pytest.approx(100 + 100 * 3.0 / 8.5)


def test_marks_are_percentages_of_the_page_and_only_for_its_lines():
    page = Page(2, 100, 200, 500.0, 1000.0, (Box(100, 150, 50.0, 100.0, 450.0, 110.0),
                                            Box(150, 200, 50.0, 120.0, 450.0, 130.0)))
    drawn = marks(page, [("sentence", 120, 160), ("answer", 400, 410)])
    assert [m.kind for m in drawn] == ["sentence", "sentence"]
    first = drawn[0]
    assert isinstance(first, Mark) and 0 < first.left < 100 and 9.5 < first.top < 10
    assert first.width == pytest.approx(100 * (400 * 30 / 50 + 2 * 1.5) / 500)


@pytest.fixture(scope="module")
def pdf_service(tmp_path_factory):
    """Seed 003 printed by Chromium (two pages) in an index, and the app's service over it."""
    if not shutil.which("chromium"):
        pytest.skip("chromium is not installed: it prints the PDF")
    import importlib.util

    from index.build import build
    from qa.pipeline.assistant import Assistant
    from qa.settings import load_settings
    from tests.conftest import ROOT
    from ui.service import Service

    spec = importlib.util.spec_from_file_location("docs_make", ROOT / "tests" / "data" / "docs" / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    root = tmp_path_factory.mktemp("pdf-ui")
    corpus = root / "corpus"
    corpus.mkdir()
    seed = SEEDS / "003_d9fd685520b31bc1.txt"
    make.make_pdf(corpus / "003_article.pdf", make.seed_html(seed))
    build(corpus, root / "index", embedder=FakeEmbedder())
    assistant = Assistant.load(root / "index", embedder=FakeEmbedder())
    assert assistant.settings == load_settings()
    return Service(assistant), corpus


def test_qa_cite_and_ask_json_name_the_page(pdf_service, capsys, monkeypatch):
    import json

    from app.cli import main
    from tests.conftest import FakeEmbedder as Fake

    service, corpus = pdf_service
    data = service.snapshot().assistant.data
    pm = data.page_map("003")
    para = next(p for p in data.documents["003"].paragraphs if pm.page_at(p.start) == 2 and p.kind == "body")
    assert main(["cite", "--index", str(data.index_dir), "--no-server", para.citation]) == 0
    out = capsys.readouterr().out
    assert "第2页" in out.splitlines()[0] and "p. 2" in out.splitlines()[1] and "page 2 第2页" in out
    monkeypatch.setattr("index.embed.load_query_embedder", lambda model_id=None: Fake())
    assert main(["ask", "--index", str(data.index_dir), "--no-server", "--json", "中关村量子科技孵化器"]) == 0
    answer = json.loads(capsys.readouterr().out.splitlines()[0])
    for p in answer["passages"]:
        assert p["page"] == pm.page_at(p["start"]) and all(h["page"] == pm.page_at(h["start"])
                                                              for h in p["highlights"])


def test_the_ask_tab_draws_the_answering_sentence_on_its_page(pdf_service):
    from ui.ask_tab import ask_page

    service, _ = pdf_service
    html = str(ask_page(service, "中关村量子科技孵化器的总经理是谁?", 3))
    figures = re.findall(r'<figure class="qa-page" data-doc="003" data-page="(\d)">', html)
    assert figures and set(figures) <= {"1", "2"}
    assert 'class="qa-box qa-box-sentence"' in html and "data:image/png;base64," in html
    assert html.count('<details class="qa-onpage" open>') == 1, "the first card's page is open, the others closed"


def test_the_citations_tab_shows_the_cited_sentence_on_page_2(pdf_service):
    from ui.cite_tab import cite_page

    service, _ = pdf_service
    data = service.snapshot().assistant.data
    doc = data.documents["003"]
    pm = data.page_map("003")
    para = next(p for p in doc.paragraphs if pm.page_at(p.start) == 2 and p.kind == "body")
    html, ref_zh, ref_en = cite_page(service, para.citation)
    assert 'data-page="2"' in str(html) and "qa-box-sentence" in str(html)
    assert "第2页" in ref_zh and "p. 2" in ref_en


def test_a_changed_original_is_shown_as_text_only(pdf_service, tmp_path):
    from ui.ask_tab import ask_page

    service, corpus = pdf_service
    pages.IMAGES._pages.clear()
    pdf = corpus / "003_article.pdf"
    saved = tmp_path / "saved.pdf"
    shutil.copy(pdf, saved)
    try:
        pdf.write_bytes(pdf.read_bytes() + b"\n% appended\n")
        html = str(ask_page(service, "中关村量子科技孵化器的总经理是谁?", 3))
        assert "qa-page" not in html and "qa-card" in html, "the passage as text, never a page it may not be"
    finally:
        shutil.copy(saved, pdf)
