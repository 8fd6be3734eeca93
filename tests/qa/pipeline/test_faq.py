"""A FAQ whose questions are headings its format marks (Markdown ``###``, a Word heading style, HTML ``<h3>``)
or lines labelled as such (问：… over 答：…, Q: over A:): the question titles the answer under it, so asking it
finds the answer, not the question.

Without the mark, "年休假可以跨年使用吗？" reads as a sentence (it ends as one), became a passage of its own,
matched the question word for word and ranked first: the assistant showed the question as its answer.
"""

from __future__ import annotations

import pytest

from index.clean import paragraphs, span_text
from index.readers import read_document
from tests.conftest import assistant_over

FAQ = (
    ("年休假可以跨年使用吗？", "可以。当年未休完的年休假可以延续到次年3月31日前使用，逾期作废。"),
    ("病假期间可以出国旅游吗？", "不可以。病假期间员工应当遵医嘱休息，经查实病假期间出境旅游的，按旷工处理。"),
    ("Can unused leave be carried over?", "Yes. Leave not taken by the end of the year can be used until March 31."),
)


def _markdown(path):
    body = "".join(f"### {q}\n\n{a}\n\n" for q, a in FAQ)
    path.write_text("# 请假常见问题\n\n" + body + "```\n# 这不是标题吗？\n```\n", encoding="utf-8")


def _docx(path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("请假常见问题", level=1)
    for q, a in FAQ:
        d.add_heading(q, level=2)
        d.add_paragraph(a)
    d.save(path)


def _html(path):
    items = "".join(f"<h3>{q}</h3><p>{a}</p>" for q, a in FAQ)
    path.write_text(f"<html><head><title>请假常见问题</title></head><body><article><h1>请假常见问题</h1>{items}"
                    "</article></body></html>", encoding="utf-8")


def _pdf(path):  # the web page printed by Chromium: its headings are marked only by their print
    import shutil
    import subprocess

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium not installed: it prints the page to PDF (scripts/test installs it)")
    page = path.with_suffix(".html")
    _html(page)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={path}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    page.unlink()


def _labelled(path):  # plain text, a label on each question and answer line
    body = "".join(f"{'问' if q[0] > '~' else 'Q'}：{q}\n{'答' if q[0] > '~' else 'A'}：{a}\n\n" for q, a in FAQ)
    path.write_text("请假常见问题\n\n" + body, encoding="utf-8")


MAKERS = {"faq.md": _markdown, "faq.docx": _docx, "faq.html": _html, "faq.txt": _labelled, "faq.pdf": _pdf}
SHOWN = {"faq.md": "### {}", "faq.txt": "问：{}"}  # how each format writes a question line


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_each_format_marks_its_question_headings(tmp_path, name):
    path = tmp_path / name
    MAKERS[name](path)
    doc = read_document(path)
    kinds = {span_text(doc.text, p.spans): p.kind for p in paragraphs(doc.text, "faq", frozenset(doc.headings))}
    for question, answer in FAQ:
        labels = ("Q：", "A：") if question.isascii() else ("问：", "答：")
        line = SHOWN.get(name, "{}").format(question).replace("问：", labels[0])
        assert kinds[line] == "heading"
        assert kinds[labels[1] + answer if name == "faq.txt" else answer] == "body"
    if name == "faq.md":  # a line in a fenced code block is no heading, whatever it starts with
        assert "# 这不是标题吗？" in doc.text and not any(doc.text.startswith("# 这", h) for h in doc.headings)


def test_an_unmarked_question_line_is_still_a_sentence():
    text = "你知道吗？\n\n这一节说明如何配置网络接口。\n"
    assert [p.kind for p in paragraphs(text, "x")] == ["body", "body"]
    # a question label without an answer label under it is a sentence too
    assert [p.kind for p in paragraphs("问：你知道吗？\n\n这一节说明如何配置网络接口。\n", "x")] == ["body", "body"]
    assert [p.kind for p in paragraphs(text, "x", frozenset({0}))] == ["heading", "body"]


def test_a_marked_line_is_no_heading_when_its_form_says_content():
    text = "# apt-get update\n\n城市 | 企业\n合肥 | 60多家\n"
    marked = frozenset({0, text.index("城市")})
    assert [p.kind for p in paragraphs(text, "x", marked)] == ["body", "table"]


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_asking_a_faq_question_finds_its_answer_not_the_question(tmp_path, fake_embedder, name):
    (tmp_path / "corpus").mkdir()
    MAKERS[name](tmp_path / "corpus" / name)
    a = assistant_over(tmp_path, fake_embedder)
    for question, answer in (("年休假可以跨年使用吗?", FAQ[0][1]), ("病假期间可以出国旅游吗?", FAQ[1][1])):
        top = a.ask(question, k=3).passages[0]
        assert top.text == ("答：" + answer if name == "faq.txt" else answer), (question, top.text)
