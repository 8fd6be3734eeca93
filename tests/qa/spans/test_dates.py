"""A date answers whole (ranges, months, days), and not when it is an aside."""

from __future__ import annotations

import pytest

from tests.qa.spans.helpers import top


def test_a_date_question_gets_the_year_with_its_unit() -> None:
    assert top("2018 年,某公司牵头成立了量子产业联盟。", "该联盟是哪一年成立的?") == "2018 年"


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("该规划的实施期为2024—2034年。", "2024—2034年"),
        ("截至 2022 年 8 月 4 日,联盟共有 200 家成员。", "2022 年 8 月 4 日"),
        ("项目于2023年12月正式启动。", "2023年12月"),
    ],
)
def test_whole_dates_and_ranges(sentence: str, date: str) -> None:
    assert top(sentence, "When did it happen?", set()) == date


def test_a_date_in_parentheses_is_an_aside() -> None:
    sentence = "2019 年,甲公司对标乙公司的合作网络(2016 年成立),成立了自己的产业联盟。"
    assert top(sentence, "甲公司的产业联盟是哪一年成立的?") == "2019 年"
