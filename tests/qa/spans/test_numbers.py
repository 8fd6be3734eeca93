"""A number answers with its unit and counted noun, and not the numbers the question states."""

from __future__ import annotations

from qa.spans import QuestionType, answer_spans
from tests.qa.spans.helpers import top


def test_a_count_keeps_its_classifier_and_noun() -> None:
    assert top("相比之下,德国平均每个孵化器有31.5个成员,高于欧洲平均水平。", "德国平均每个孵化器有多少成员?") \
        == "31.5个成员"


def test_a_count_written_with_spaces_is_one_span() -> None:
    sentence = "联盟的学术成员共 42 家大学, 占比 12.3%, 覆盖了多所顶尖高校。"
    assert top(sentence, "How many universities are members?", {"大学", "成员"}) == "42 家大学"


def test_a_share_question_gets_the_percentage() -> None:
    sentence = "联盟的学术成员共 42 家大学, 占比 12.3%, 覆盖了多所顶尖高校。"
    assert top(sentence, "What share of the members are universities?", {"大学", "成员"}) == "12.3%"


def test_chinese_numerals_with_approximation() -> None:
    assert top("该设备已在二十余家医院投入使用。", "该设备已经在多少家医院投入使用?") == "二十余家医院"


def test_money_keeps_multiplier_and_currency() -> None:
    sentence = "该中心曾孵化19家公司,帮助初创企业筹集资金约2.35亿英镑。"
    assert top(sentence, "How much money did the centre help startups raise?", {"中心", "初创企业", "筹集"}) \
        == "2.35亿英镑"


def test_the_year_of_the_question_picks_its_number() -> None:
    sentence = "美国在该领域的投入从2019年的3.2亿美元增加到2023年的7.5亿美元。"
    assert top(sentence, "美国在该领域2023年的投入是多少?") == "7.5亿美元"


def test_a_number_the_question_already_states_is_not_the_answer() -> None:
    assert top("受访的15家企业中有9家来自欧洲。", "受访的15家企业中有几家来自欧洲?") == "9家"


def test_a_year_is_not_a_quantity() -> None:
    found = answer_spans("2021年该公司融资5000万元。", QuestionType("number"))
    assert [c.text for c in found] == ["5000万元"]


def test_the_month_and_day_of_a_date_are_not_a_count() -> None:
    sentence = "截至 2022 年 6 月 24 日, QuIC 一共有成员 163 家,其中正式成员 88 家。"
    # the year the question names sits right before the month: it used to make 6 月 the count
    assert top(sentence, "How many members did QuIC have as of June 2022?", {"QuIC", "成员", "2022"}) == "163 家"
    assert top(sentence, "How many members did QuIC have as of June 2022?") == "163 家"
    # a month that is a length of time still counts
    assert top("该项目前后历时 6 个月,投入 3 名工程师。", "该项目历时多久?") == "6 个月"
