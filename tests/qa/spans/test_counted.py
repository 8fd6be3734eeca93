"""A count question (几轮, 多少家, "how many companies") gets a count, not a sum of money or a share.

Issue 13: "未磁科技成立四年来完成了几轮融资?" got the span 3亿元. The sentences are the seeds' own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from index.text import segment
from qa.spans.answer import answer_spans
from qa.spans.qtype import question_type

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def _seed_sentence(fragment: str) -> str:
    """The seeds' sentence holding ``fragment``."""
    for path in sorted(SEEDS.glob("*.txt")):
        for sentence in re.findall(r"[^。\n]*。", path.read_text(encoding="utf-8")):
            if fragment in sentence:
                return sentence
    raise AssertionError(f"no seed sentence holds {fragment!r}")


def _terms(question: str) -> set[str]:
    return {t for t in segment.words(question) if len(t.strip()) > 1}


@pytest.mark.parametrize(("question", "asked"), [
    ("未磁科技成立四年来完成了几轮融资?", "轮"),
    ("这家联盟目前有多少个成员单位?", "个"),
    ("该设备已经进入了几家医院?", "家"),
    ("How many rounds of financing has the company completed?", "rounds"),
    ("How many startups did the centre incubate?", "startups"),
])
def test_a_count_question_names_what_it_counts(question, asked):
    assert question_type(question).counted == asked


@pytest.mark.parametrize("question", [
    "公司融资超过多少资金?", "该项目投资多少亿元?", "量子领域的投入是多少?", "外资在这一领域的投资占比是多少?",
    "How much funding did it raise?", "How long did it take?", "多少年后实现?",
])
def test_an_amount_or_a_share_is_not_a_count(question):
    assert question_type(question).counted == ""


@pytest.mark.parametrize(("question", "fragment", "count", "not_counts"), [
    ("未磁科技成立四年来完成了几轮融资?", "完成5轮超过3亿元融资", "5轮", ("3亿元",)),
    ("2022年我国量子通信与安全领域有几家企业获得投资?", "4家企业获得约0.41亿美元", "4家企业", ("0.41亿美元", "51.61%")),
    ("How many companies in China's quantum communication and security field received investment in 2022?",
     "4家企业获得约0.41亿美元", "4家企业", ("0.41亿美元", "51.61%")),
    ("中国的量子生态中心平均有多少个成员?", "中国以平均36.8个成员", "36.8个成员", ("15亿美元",)),
])
def test_a_count_question_gets_a_count_span_not_money_or_a_share(question, fragment, count, not_counts):
    sentence = _seed_sentence(fragment)
    qtype = question_type(question)
    terms = set() if question.isascii() else _terms(question)
    found = answer_spans(sentence, qtype, terms, min_score=float("-inf"))
    assert found[0].text == count, [(c.text, c.score) for c in found]
    # money and shares lose 0.9; the count itself is scored as before (no reward for a matching measure word)
    plain = {c.text: c.score for c in answer_spans(sentence, replace(qtype, counted=""), terms,
                                                        min_score=float("-inf"))}
    scored = {c.text: c.score for c in found}
    assert scored[count] == pytest.approx(plain[count])
    for text in not_counts:
        assert scored[text] == pytest.approx(plain[text] - 0.9)
