"""The app driven in headless Chromium: ask in both languages, look up a citation, run a question file.

Screenshots of each tab are saved to tests/artifacts/ (ui-*.png).
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.ui.helpers import EN_QUESTION, ZH_QUESTION, upload

pytestmark = pytest.mark.browser

TIMEOUT = 60_000


def ask(page, question: str) -> None:
    page.get_by_role("tab", name="提问 Ask").click()
    box = page.locator("#ask-question textarea")
    box.fill(question)
    page.locator("#ask-button").click()


def wait_for_answer(page, question: str):
    """The answer section for this question (not the previous one still on the page)."""
    section = page.locator("#ask-results section.qa-answer").filter(has_text=question[:30])
    section.wait_for(timeout=TIMEOUT)
    return section


def test_ask_chinese_and_english(page, artifacts, assistant):
    for question, expected in (ZH_QUESTION, EN_QUESTION):
        ask(page, question)
        section = wait_for_answer(page, question)
        first = section.locator("article.qa-card").first
        sentence = first.locator("mark.hl-sentence").first
        assert expected in sentence.inner_text()
        answer = assistant.ask(question, k=5)
        assert section.locator("article.qa-card").count() == len(answer.passages) == 5
        assert first.locator("code.qa-cite").first.inner_text() == answer.passages[0].citation
        assert answer.passages[0].reference in first.locator(".qa-ref").inner_text()
        assert "置信度 Confidence" in section.inner_text() and f"{answer.confidence:.2f}" in section.inner_text()
        if answer.span is not None:
            assert first.locator("strong.hl-answer").first.inner_text() == answer.span.text
        # opening the card shows the surrounding paragraphs with the passage marked
        context = first.locator("details.qa-context")
        assert not context.locator("mark.ctx-passage").first.is_visible()
        context.locator("summary").click()
        marked = context.locator("mark.ctx-passage").first
        assert marked.is_visible()
        assert expected in marked.inner_text()
        assert context.locator(".ctx-para").count() >= 2
        if question == EN_QUESTION[0]:
            page.screenshot(path=str(artifacts / "ui-ask.png"), full_page=True)
    assert page.problems == []


def test_unanswerable_question_is_said_plainly(page, assistant):
    question = "What is the boiling point of mercury in Fahrenheit?"  # off topic (tests/qa: flagged unanswerable)
    assert not assistant.ask(question, k=5).answerable, "an off-topic question is called answerable"
    ask(page, question)
    section = wait_for_answer(page, question)
    assert "文章中没有答案" in section.inner_text() and "do not answer this" in section.inner_text()


def test_example_fills_the_question_box(page):
    from playwright.sync_api import expect

    page.get_by_text("光子盒发布了什么报告?", exact=True).first.click()
    expect(page.locator("#ask-question textarea")).to_have_value("光子盒发布了什么报告?", timeout=10_000)


def test_citation_lookup_and_find(page, artifacts, assistant):
    sentence = assistant.ask(ZH_QUESTION[0], k=1).sentence
    cited = assistant_cite(assistant, sentence.citation)
    page.get_by_role("tab", name="引用 Citations").click()
    page.locator("#cite-id textarea").fill(sentence.citation)
    page.locator("#cite-button").click()
    card = page.locator(f'#cite-result article.qa-cited[data-citation="{sentence.citation}"]')
    card.wait_for(timeout=TIMEOUT)
    assert card.locator("mark.hl-cited").inner_text() == sentence.text
    assert page.locator("#cite-ref-zh textarea").input_value() == cited.reference_zh
    assert page.locator("#cite-ref-en textarea").input_value() == cited.reference_en
    assert card.locator(".ctx-before, .ctx-after").count() >= 1

    page.locator("#find-text textarea").fill(sentence.text)
    page.locator("#find-button").click()
    found = page.locator('#find-result section.qa-find[data-verdict="exact"]')
    found.wait_for(timeout=TIMEOUT)
    first = found.locator("article.qa-match").first
    assert first.get_attribute("data-citation") == sentence.citation
    assert first.locator("mark.hl-match").first.inner_text() in sentence.text
    assert page.locator("#find-ref-zh textarea").input_value()
    page.screenshot(path=str(artifacts / "ui-citations.png"), full_page=True)
    assert page.problems == []


def assistant_cite(assistant, cid: str):
    from qa.provenance.cite import cite

    return cite(assistant.data, cid, assistant.texts.text)


def test_batch_upload_shows_metrics_failures_and_downloads(page, artifacts, tmp_path):
    rows = [
        {"id": "zh1", "question": ZH_QUESTION[0], "answer": ZH_QUESTION[1]},
        {"id": "en1", "question": EN_QUESTION[0], "answer": EN_QUESTION[1]},
        {"id": "none", "question": "Who won the 2022 FIFA World Cup?", "answer": None},
        {"id": "miss", "question": "量子计算机由谁发明?", "answer": "这句话不在文章里"},
    ]
    path = tmp_path / "questions.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    page.get_by_role("tab", name="批量 Batch").click()
    upload(page, "batch-file", path, TIMEOUT)
    page.locator("#batch-button").click()
    summary = page.locator('#batch-summary .qa-batch-summary[data-questions="4"]')
    summary.wait_for(timeout=TIMEOUT)
    metrics = page.locator("#batch-metrics")
    metrics.get_by_text("hit@1", exact=False).first.wait_for(timeout=TIMEOUT)
    assert "全部 overall" in metrics.inner_text()
    assert page.locator("#batch-charts svg").count() == 2
    assert "miss" in page.locator("#batch-failures").inner_text()  # its expected answer is not in the corpus
    downloads = page.locator("#batch-downloads")
    for name in ("results.csv", "results.jsonl", "report.html", "metrics.json"):
        downloads.get_by_text(name).first.wait_for(timeout=TIMEOUT)
    link = downloads.locator("a[href*='report.html']").first
    with urllib.request.urlopen(link.get_attribute("href"), timeout=10) as response:
        assert b"<html" in response.read()
    page.screenshot(path=str(artifacts / "ui-batch.png"), full_page=True)
    assert page.problems == []


def test_library_lists_the_documents(page, artifacts, assistant):
    page.get_by_role("tab", name="文库 Library").click()
    rows = page.locator("#library-documents tbody tr")
    rows.first.wait_for(timeout=TIMEOUT)
    assert rows.count() == len(assistant.data.documents)
    text = page.locator("#library").inner_text()
    assert assistant.data.meta.model_id in text
    for doc in assistant.data.documents.values():
        assert doc.title in text
    page.screenshot(path=str(artifacts / "ui-library.png"), full_page=True)
