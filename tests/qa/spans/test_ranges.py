"""A regulation states ranges, not the numbers people ask with: the clause whose range holds the question's
number answers it ("请假5天需要谁审批?": 3天以上7天以内), and a number in another unit does not pin a clause
("after 15 years of service" is not "年休假15天")."""

from __future__ import annotations

import math

import pytest

from qa.spans.ranges import bounds, states
from tests.conftest import assistant_over

POLICY = (
    "员工请假管理制度\n\n"
    "第三条 年休假：员工累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天；"
    "已满20年的，年休假15天。\n\n"
    "第七条 请假3天以内的，由部门经理审批；请假3天以上7天以内的，由分管副总经理审批；"
    "请假超过7天的，由总经理审批。\n"
)


@pytest.mark.parametrize(("text", "unit", "low", "high"), [
    ("员工累计工作已满1年不满10年的，年休假5天；", "年", 1, 10),
    ("请假3天以上7天以内的，由分管副总经理审批；", "天", 3, 7),
    ("请假超过7天的，由总经理审批。", "天", 7, math.inf),
    ("请假3天以内的，由部门经理审批；", "天", -math.inf, 3),
    ("三年以上的员工", "年", 3, math.inf),
    ("试用期3个月以上的员工", "个月", 3, math.inf),  # 个 belongs to the unit 个月, read once
    ("Employees with 1 to 10 years of service get 5 days.", "年", 1, 10),
    ("A request of more than 7 days goes to the CEO.", "天", 7, math.inf),
    ("Leave of less than 3 days is approved by the manager.", "天", -math.inf, 3),
])
def test_bounds_are_read_as_such_texts_write_them(text, unit, low, high):
    assert bounds(text)[unit] == (low, high)


def test_a_sentence_states_a_number_itself_or_in_a_range_and_only_in_its_unit():
    assert states("已满10年不满20年的，年休假10天；", "15", "年") is True
    assert states("已满20年的，年休假15天。", "15", "年") is False  # its 15 is days
    assert states("已满20年的，年休假15天。", "15", "天") is True
    assert states("婚假3天。", "15", "年") is None  # no years at all: the words decide


@pytest.mark.parametrize(("question", "clause"), [
    ("工作满15年有几天年休假?", "已满10年不满20年的，年休假10天；"),
    ("How many days of annual leave after 15 years of service?", "已满10年不满20年的，年休假10天；"),
    ("请假5天需要谁审批?", "请假3天以上7天以内的，由分管副总经理审批；"),
    ("Who approves a 5-day leave request?", "请假3天以上7天以内的，由分管副总经理审批；"),
    ("请假10天需要谁审批?", "请假超过7天的，由总经理审批。"),
    ("请假五天需要谁审批?", "请假3天以上7天以内的，由分管副总经理审批；"),  # a number in words counts with its unit
    ("工作满十五年有几天年休假?", "已满10年不满20年的，年休假10天；"),
])
def test_the_clause_whose_range_holds_the_question_number_answers(tmp_path, fake_embedder, question, clause):
    a = assistant_over(tmp_path, fake_embedder, {"policy.txt": POLICY})
    top = a.ask(question, k=1).passages[0]
    assert next(h for h in top.highlights if h.kind == "sentence").text == clause
