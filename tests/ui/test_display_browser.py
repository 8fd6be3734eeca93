"""The display rules in headless Chromium: an English reader's gloss, honest confidence, each paragraph once,
passages as cleaning joined them, and Batch's outcomes instead of 'failed'.

A screenshot of the English answer is saved to tests/artifacts/ui-ask-en.png.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.ui.helpers import upload
from tests.ui.test_browser import TIMEOUT, ask, wait_for_answer

pytestmark = pytest.mark.browser

EN_WHO = ("Who is the general manager of the Zhongguancun quantum incubator?", "顾成建", "Gu Chengjian")
OFF_TOPIC = "What is the boiling point of mercury in Fahrenheit?"


def test_an_english_reader_gets_pinyin_a_labelled_gloss_and_the_english_title(page, artifacts, assistant):
    question, span, pinyin = EN_WHO
    ask(page, question)
    section = wait_for_answer(page, question)
    assert section.locator(".qa-best strong").first.inner_text() == span
    assert section.locator(".qa-best .qa-pinyin").inner_text() == pinyin
    first = section.locator("article.qa-card").first
    assert first.locator(".qa-title-en").inner_text().startswith("Beijing's Haidian")
    gloss = first.locator("details.qa-gloss")
    assert gloss.get_attribute("open") is not None  # open on the first card
    assert "Dictionary gloss, not a translation" in gloss.locator("summary").inner_text()
    person = gloss.locator(".gl-word.gl-person").filter(has_text=span).first
    assert person.is_visible() and pinyin in person.inner_text()
    assert gloss.locator(".gl-word").count() > 10
    # the other cards keep theirs folded
    second = section.locator("article.qa-card").nth(1).locator("details.qa-gloss")
    assert second.count() == 0 or second.get_attribute("open") is None
    page.screenshot(path=str(artifacts / "ui-ask-en.png"), full_page=True)

    ask(page, "中国发射的首颗量子微纳卫星叫什么?")  # asked in Chinese: no gloss
    zh = wait_for_answer(page, "中国发射的首颗量子微纳卫星叫什么?")
    assert zh.locator(".qa-gloss").count() == 0 and zh.locator(".qa-title-en").count() == 0
    assert page.problems == []


def test_confidence_is_coloured_by_level_and_no_passage_shows_a_bare_score(page, assistant):
    answer = assistant.ask(OFF_TOPIC, k=5)
    assert not answer.answerable
    ask(page, OFF_TOPIC)
    section = wait_for_answer(page, OFF_TOPIC)
    verdict = section.locator(".qa-confidence")
    assert verdict.get_attribute("data-level") in ("low", "near")
    fill = verdict.locator(".qa-bar-fill")
    colour = fill.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour in ("rgb(173, 181, 189)", "rgb(245, 159, 0)"), f"not grey or amber: {colour}"
    assert "1.00" not in section.inner_text(), "a passage of an unanswered question is shown at 1.00"
    cards = section.locator("article.qa-card")
    for i in range(cards.count()):
        card = cards.nth(i)
        level = card.get_attribute("data-level")
        assert level in ("high", "medium", "near", "low")
        assert f"{answer.passages[i].confidence:.2f}" in card.locator(".qa-score").inner_text()
    assert "relative to the best of this list" in cards.first.locator(".qa-score").get_attribute("title")
    assert page.problems == []


def test_each_paragraph_once_and_shown_as_cleaning_joined_it(page, assistant):
    broken = next(c for c in assistant.data.chunks if "\n" in c.text and "\n" not in c.clean)
    question = broken.clean[:40]
    answer = assistant.ask(question, k=5)
    assert broken.citation in [p.citation for p in answer.passages]
    ask(page, question)
    section = wait_for_answer(page, question)
    citations = [c.get_attribute("data-citation") for c in section.locator("article.qa-card").all()]
    assert len(citations) == len(set(citations)) == 5
    card = section.locator(f'article.qa-card[data-citation="{broken.citation}"]')
    shown = card.locator(".qa-passage").inner_text()
    assert "\n" not in shown.strip()
    assert re.sub(r"\s", "", shown) == re.sub(r"\s", "", broken.clean)
    assert page.problems == []


def test_batch_says_what_went_wrong_not_failed(page, tmp_path):
    rows = [
        {"id": "zh1", "question": "中国发射的首颗量子微纳卫星叫什么?", "answer": "济南一号"},
        {"id": "none", "question": "Who won the 2022 FIFA World Cup?", "answer": None},
        {"id": "miss", "question": "量子计算机由谁发明?", "answer": "这句话不在文章里"},
    ]
    path = tmp_path / "outcomes.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    page.get_by_role("tab", name="批量 Batch").click()
    upload(page, "batch-file", path, TIMEOUT)
    page.locator("#batch-button").click()
    summary = page.locator('#batch-summary .qa-batch-summary[data-questions="3"]')
    summary.wait_for(timeout=TIMEOUT)
    text = summary.inner_text()
    for words in ("wrong at rank 1", "not in the top 10", "flagged unanswerable"):
        assert words in text
    assert "failed" not in text
    assert summary.get_attribute("data-not-in-top-k") == "1"  # "miss": its answer is in no article
    outcome = summary.locator('[data-outcome="not_in_top_k"]')
    assert "None of the 10 passages" in outcome.get_attribute("title")
    assert "not in the top 10" in page.locator("#batch-failures").inner_text()
    assert page.problems == []
