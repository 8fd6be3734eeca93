"""The display rules, without a browser: confidence by level, passages as cleaning joined them, the gloss
for English readers, and Batch's outcomes instead of 'failed'."""

from __future__ import annotations

import re

from qa.eval.metrics import judge
from qa.eval.questions import QuestionRow
from qa.eval.run import QuestionResult, score_run
from qa.records import Answer, GlossWord, Highlight, Passage
from ui import batch
from ui.batch import BatchOutcome
from ui.cards import _layers, answer_html, card_html, passage_html

EVIL = "<script>alert(1)</script>"


def _passage(rank: int = 1, confidence: float | None = 0.3, score: float = 1.0, **kw) -> Passage:
    text = kw.pop("text", "甲乙丙丁。")
    return Passage(rank, "d.txt", "标题", f"001:p{rank}", 100, 100 + len(text), score, text,
                   kw.pop("highlights", ()), "ref", confidence=confidence, **kw)  # fmt: skip


def test_an_unanswered_question_shows_low_grey_confidence_never_a_bare_score():
    answer = Answer("Who won the 2022 World Cup?", "en", False, 0.18, (_passage(1, 0.18), _passage(2, 0.12, 0.8)))
    html = str(answer_html(answer, 0.6, lambda p: None))
    assert 'class="qa-confidence" data-level="low"' in html
    assert 'data-rank="1" data-citation="001:p1" data-level="low"' in html
    assert "qa-bar qa-level-low" in html and "qa-level-high" in html  # the legend keys every level
    visible = re.sub(r'title="[^"]*"', "", html)
    assert "1.00" not in visible, "the ranking score (1.00 at the top of any list) is only in a tooltip"
    assert "relative to the best of this list" in html  # ... which says what it is


def test_levels_colour_the_bars_green_amber_grey():
    for value, level in ((0.9, "high"), (0.65, "medium"), (0.5, "near"), (0.2, "low")):
        html = str(card_html(_passage(1, value), None, threshold=0.6))
        assert f'data-level="{level}"' in html and f"qa-level-{level}" in html
    assert 'data-level' not in str(card_html(_passage(1, None), None)), "a record without one says score, relative"


def test_a_passage_is_shown_as_cleaning_joined_it_with_marks_in_place():
    original = "前文。顾成建告诉\n\n图片说明\n\n记者。"
    a, b = original.index("顾"), original.index("记")
    text = original[a:]
    pieces = ((a, original.index("\n")), (b, len(original)))
    marks = (Highlight(a, len(original), text, "sentence", "001:p2.s1"), Highlight(a, a + 3, "顾成建", "answer"))
    p = Passage(1, "d.txt", "标题", "001:p2", a, len(original), 1.0, text, marks, "ref", pieces)
    html = str(passage_html(p, _layers(p)))
    assert "图片说明" not in html and "\n" not in html
    assert re.sub(r"<[^>]+>", "", html) == "顾成建告诉记者。"
    assert '<strong class="hl-answer">顾成建</strong>' in html


def test_the_gloss_is_labelled_escaped_and_open_on_the_first_card_only():
    words = (GlossWord("顾成建", 100, 103, "Gu Chengjian", "Gu Chengjian", "person"),
             GlossWord("告诉", 103, 105, EVIL, "gaosu"))  # fmt: skip
    sentence = Highlight(100, 105, "顾成建告诉", "sentence", "001:p1.s1", gloss=words)
    answer = Highlight(100, 103, "顾成建", "answer", pinyin="Gu Chengjian")
    first = _passage(1, 0.9, text="顾成建告诉", highlights=(sentence, answer), title_en="An English title")
    second = _passage(2, 0.4, text="顾成建告诉", highlights=(sentence,))
    html = str(answer_html(Answer("Who?", "en", True, 0.9, (first, second)), 0.6, lambda p: None))
    assert html.count("词典逐词释义，非翻译 Dictionary gloss, not a translation") == 2
    assert html.count('<details class="qa-gloss" lang="en" open>') == 1
    assert 'class="gl-word gl-person"' in html and "gaosu" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<span class="qa-pinyin" lang="zh-Latn">Gu Chengjian</span>' in html
    assert '<div class="qa-title-en" lang="en">An English title</div>' in html


def _result(qid: str, gold: str | None, hits_at: int | None, answerable: bool, k: int = 5) -> QuestionResult:
    """A question whose expected answer sits in passage ``hits_at`` (1-based; None: in none of them)."""
    passages = tuple(
        _passage(i, text="答案在这里。" if i == hits_at else "无关的段落。") for i in range(1, k + 1)
    )  # fmt: skip
    answer = Answer(f"问题{qid}?", "zh", answerable, 0.9 if answerable else 0.1, passages)
    row = QuestionRow(id=qid, question=answer.question, lang="zh", answer=gold, doc=None, line=1)
    return QuestionResult(row, answer, judge(row, answer, k))


def test_batch_separates_wrong_at_rank_1_not_in_the_top_k_and_flagged_unanswerable():
    results = [
        _result("right", "答案", 1, True),
        _result("lower", "答案", 3, True),
        _result("missing", "答案", None, True),
        _result("flagged", "答案", 1, False),
        _result("lower-and-flagged", "答案", 2, False),
        _result("none-answered", "", None, True),
        _result("none-refused", "", None, False),
    ]
    run = score_run(results, 5, ("hit@1",))
    assert [batch.outcomes(r) for r in results] == [
        (), ("wrong_at_1",), ("not_in_top_k",), ("flagged_unanswerable",), ("wrong_at_1", "flagged_unanswerable"),
        ("answered_unanswerable",), (),
    ]
    counts = {code: n for code, _, _, n in batch.outcome_counts(run)}
    assert counts == {"wrong_at_1": 2, "not_in_top_k": 1, "flagged_unanswerable": 2, "answered_unanswerable": 1,
                      "error": 0}  # fmt: skip
    html = str(batch.summary_html(BatchOutcome(run, None, "qs.jsonl")))
    assert 'data-wrong-at-1="2"' in html and 'data-not-in-top-k="1"' in html and 'data-flagged-unanswerable="2"' in html
    assert "wrong at rank 1" in html and "not in the top 5" in html and "flagged unanswerable" in html
    assert "failed" not in html
    rows = {r[0]: r[4] for r in batch.failure_rows(run)}
    assert set(rows) == {"lower", "missing", "flagged", "lower-and-flagged", "none-answered"}
    assert "wrong at rank 1" in rows["lower-and-flagged"] and "flagged unanswerable" in rows["lower-and-flagged"]
