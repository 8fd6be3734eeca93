"""A number asked in a unit (几天, 多少个月, "how many days") is answered in that unit, and the question's own
number counts against a span only in the unit the question states it in.

"工作满5年有几天年休假?" was answered 10年 from "已满1年不满10年的，年休假5天": 5天 repeated the question's 5
(its years), so it lost, and nothing said the question asked for days.
"""

from __future__ import annotations

import pytest

from qa.spans.qtype import question_type
from qa.spans.units import asked_unit, stated_numbers, unit_after
from tests.qa.spans.helpers import top

LEAVE = "员工累计工作已满1年不满10年的，年休假5天。"


@pytest.mark.parametrize(("question", "unit"), [
    ("工作满5年有几天年休假?", "天"), ("试用期是几个月?", "个月"), ("京沪干线有多少公里?", "公里"),
    ("How many days of leave do I get?", "天"), ("How many hours a week?", "小时"),
    ("有多少家公司?", ""), ("几月份发布?", ""), ("How many companies?", ""),
])
def test_the_unit_a_question_asks_in(question, unit):
    assert asked_unit(question) == unit
    if question_type(question).kind == "number":
        assert question_type(question).unit == unit


def test_the_numbers_a_question_states_carry_their_units():
    assert stated_numbers("工作满5年有几天年休假?") == (("5", "年"),)
    assert stated_numbers("How many days after 15 years of service?") == (("15", "年"),)
    assert stated_numbers("请假五天需要谁审批?") == stated_numbers("Who approves five days of leave?") == (("5", "天"),)
    assert stated_numbers("一个人可以请几天?") == ()  # a number in words counts only with its unit
    assert unit_after(" days of leave") == unit_after("天") == "天"
    assert unit_after(" apples") == ""


def test_a_number_in_the_asked_unit_answers_though_the_question_states_it_in_another():
    assert top(LEAVE, "工作满5年有几天年休假?") == "5天"
    english = "An employee with 1 to 10 years of service gets 5 days of annual leave."
    assert top(english, "How many days of annual leave after 5 years of service?") == "5 days"


def test_the_question_own_number_in_its_own_unit_is_still_no_answer():
    # "满10年" is stated in years, and 10年 is the question's own number: the days are the answer
    assert top("已满10年不满20年的，年休假10天。", "工作满10年有几天年休假?") == "10天"
    # stated in the asked unit, the question's number is what it knows already: the other one answers
    assert top("婚假3天，晚婚的再增加7天。", "婚假3天之外再增加几天?") == "7天"
