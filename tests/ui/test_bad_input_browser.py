"""Bad input in every box of the page gives a clear message in the page, and the app keeps working."""

from __future__ import annotations

import pytest

from tests.ui.helpers import ZH_QUESTION, upload

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
EVIL = '<script>alert("q")</script><img src=x onerror="alert(1)"> ${alert(2)} {{value}} 量子通信'


def alert_text(page, selector: str, previous: str = "") -> str:
    """The message shown in ``selector`` once it differs from ``previous``."""
    box = page.locator(f"{selector} .qa-alert-error")
    page.wait_for_function(
        "([sel, prev]) => { const e = document.querySelector(sel + ' .qa-alert-error');"
        " return e && e.innerText !== prev; }",
        arg=[selector, previous], timeout=TIMEOUT,
    )  # fmt: skip
    return box.inner_text()


def still_answers(page) -> None:
    page.get_by_role("tab", name="提问 Ask").click()
    page.locator("#ask-question textarea").fill(ZH_QUESTION[0])
    page.locator("#ask-button").click()
    sentence = page.locator("#ask-results section.qa-answer article.qa-card").first.locator("mark.hl-sentence")
    sentence.first.wait_for(timeout=TIMEOUT)
    assert ZH_QUESTION[1] in sentence.first.inner_text()


def test_bad_questions(page):
    box = page.locator("#ask-question textarea")
    box.fill("")
    page.locator("#ask-button").click()
    first = alert_text(page, "#ask-results")
    assert "Cannot ask this question" in first and "empty" in first and "问题为空" in first

    box.fill("问" * 100_000)
    page.locator("#ask-button").click()
    second = alert_text(page, "#ask-results", first)
    assert "100,000 characters" in second and "2,000" in second

    box.fill("   \n\t  ")
    page.locator("#ask-button").click()
    assert "empty" in alert_text(page, "#ask-results", second)
    still_answers(page)
    assert page.problems == []


def test_html_in_a_question_is_shown_not_run(page):
    page.locator("#ask-question textarea").fill(EVIL)
    page.locator("#ask-button").click()
    question = page.locator("#ask-results .qa-question q")
    question.wait_for(timeout=TIMEOUT)
    assert question.inner_text() == EVIL  # shown literally, template syntax included
    assert page.locator("#ask-results script, #ask-results img").count() == 0
    page.wait_for_timeout(500)
    assert page.problems == []  # no alert() dialog, no page error


def test_bad_citation_ids_and_quotes(page):
    page.get_by_role("tab", name="引用 Citations").click()
    previous = ""
    for value, says in (("", "not a citation id"), ("abc", "'abc' is not a citation id"),
                        ("999:p1", "no document 999"), ("000:p9999", "does not exist"),
                        ("<b>001:p1</b>" * 10_000, "is not a citation id")):  # fmt: skip
        page.locator("#cite-id textarea").fill(value)
        page.locator("#cite-button").click()
        previous = alert_text(page, "#cite-result", previous)
        assert says in previous and "Not a valid citation" in previous
    assert page.locator("#cite-result b").count() == 0

    previous = ""
    for value, says in (("", "empty"), ("，。！…", "only punctuation"), ("量" * 100_000, "limit")):
        page.locator("#find-text textarea").fill(value)
        page.locator("#find-button").click()
        previous = alert_text(page, "#find-result", previous)
        assert says in previous and "Cannot look this text up" in previous
    still_answers(page)
    assert page.problems == []


def upload_and_run(page, path) -> None:
    upload(page, "batch-file", path, TIMEOUT)
    page.locator("#batch-button").click()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("binary.csv", bytes(range(256)) * 40, "looks binary"),
        ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "looks binary"),
        ("columns.csv", "编号,问句\n1,量子是什么?\n".encode(), "no 'question' column"),
        ("empty.jsonl", b"\n\n", "empty"),
        ("array.json", '[{"question": "量子?"}]'.encode(), "JSON array"),
    ],
)
def test_bad_question_files(page, tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    page.get_by_role("tab", name="批量 Batch").click()
    upload_and_run(page, path)
    message = alert_text(page, "#batch-summary")
    assert says in message and "Cannot read the question file" in message
    still_answers(page)
    assert page.problems == []


def test_run_without_a_file(page):
    page.get_by_role("tab", name="批量 Batch").click()
    page.locator("#batch-button").click()
    assert "no file was uploaded" in alert_text(page, "#batch-summary")
