"""The highlighted answer span is the part of the sentence the question asks for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.tokenize import tokenize
from qa.spans import QuestionType, SpanCandidate, answer_spans, question_type


def top(sentence: str, question: str, terms: set[str] | None = None) -> str | None:
    """The best span for a question; Chinese questions bring their own tokens as terms."""
    found = answer_spans(sentence, question_type(question), tokenize(question) if terms is None else terms)
    return found[0].text if found else None


# ---------------------------------------------------------------- numbers


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


# ---------------------------------------------------------------- dates


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


# ---------------------------------------------------------------- people


def test_a_name_after_a_job_title() -> None:
    sentence = "某科技园总经理李明远告诉记者,孵化器的任务是帮助团队走出实验室。"
    assert top(sentence, "Who is the general manager of the science park?", {"科技园", "总经理"}) == "李明远"


def test_a_latin_name() -> None:
    sentence = "2019年该公司成立实验室,与外部科学家Maria Schmidt合作研发新算法。"
    assert top(sentence, "Which outside scientist did the lab work with?", {"实验室", "科学家", "合作"}) \
        == "Maria Schmidt"


def test_the_person_the_question_names_is_not_the_answer() -> None:
    sentence = "张华院士表示,星海量子总经理王建国将负责新实验室的建设。"
    assert top(sentence, "张华院士说谁将负责新实验室的建设?") == "王建国"


def test_several_names_for_a_counted_question() -> None:
    sentence = "该市以(郭立新、杜文华、潘海峰)三位院士领头,人才集聚效应明显。"
    assert top(sentence, "该市有哪三位院士领头?") == "郭立新、杜文华、潘海峰"


# ---------------------------------------------------------------- names and lists


def test_a_list_joined_by_and_matches_the_count() -> None:
    sentence = "该公司孵化自美国普林斯顿大学和哈佛大学,于2020年上市。"
    assert "普林斯顿大学和哈佛大学" in top(sentence, "该公司是从哪两所大学孵化出来的?")


def test_a_list_stops_before_etc_and_the_category() -> None:
    sentence = "比较有代表性的有南京、杭州、成都、西安等城市。"
    assert top(sentence, "Which cities are named as representative?", {"代表性", "城市"}) == "南京、杭州、成都、西安"


def test_a_counted_list_prefers_the_list_of_that_length() -> None:
    sentence = "各国从研发投入、基础设施、人才培养、产业生态等方面进行全方位、系统化布局。"
    assert top(sentence, "In which four areas are the countries planning?", {"国家", "布局"}) \
        == "研发投入、基础设施、人才培养、产业生态"


def test_a_three_item_list_with_a_final_and() -> None:
    sentence = "该联盟旨在将江苏省、浙江省和安徽省打造成全球量子中心。"
    assert top(sentence, "Which three provinces does the alliance aim to turn into a hub?", {"联盟", "打造"}) \
        == "江苏省、浙江省和安徽省"


def test_a_book_title_for_a_report_question() -> None:
    sentence = "近日,某研究机构发布了《2025全球量子计算发展白皮书》。"
    assert top(sentence, "某研究机构最近发布了一份什么报告?") == "《2025全球量子计算发展白皮书》"


def test_a_quoted_name_for_a_name_question() -> None:
    sentence = "我国成功发射首颗量子通信试验卫星“星河一号”,开展了多项实验。"
    assert top(sentence, "首颗量子通信试验卫星叫什么名字?") == "“星河一号”"


def test_a_latin_company_name() -> None:
    sentence = "教育工作组的负责人来自英国的量子培训公司 QUANTEX。"
    assert top(sentence, "Which company heads the education working group?", {"公司", "教育", "工作组"}) \
        == "QUANTEX"


def test_an_organisation_keeps_its_gloss() -> None:
    sentence = "2018年,该联盟成立,由斯坦福国际研究院(SRI International)负责联盟的管理。"
    assert top(sentence, "该联盟由哪个机构负责管理?").startswith("斯坦福国际研究院")


def test_a_bare_category_word_is_never_the_answer() -> None:
    found = answer_spans("比较有代表性的有南京、杭州等城市。", question_type("哪些城市有代表性?"))
    assert "城市" not in [c.text for c in found[:1]]


# ---------------------------------------------------------------- contract


def test_nothing_to_look_for_gives_nothing() -> None:
    assert answer_spans("量子纠缠是一种量子力学现象。", QuestionType("other")) == []
    assert answer_spans("", QuestionType("number")) == []


def test_no_candidate_of_the_asked_kind_gives_nothing() -> None:
    assert answer_spans("这是一句没有任何数字的话。", QuestionType("number")) == []


@pytest.mark.parametrize("kind", ["number", "date", "person", "place", "org", "title", "list"])
def test_offsets_slice_the_sentence_and_scores_are_sorted(kind: str) -> None:
    sentence = ("2022 年 8 月,总经理李明远宣布:公司(QuantumX Inc.)已在合肥、北京和深圳设立 3 家分公司,"
                "并发布《量子产业报告》,投资约1.2亿元,占比 18%。")
    found = answer_spans(sentence, QuestionType(kind), {"公司", "分公司"})
    assert found, kind
    assert all(isinstance(c, SpanCandidate) and sentence[c.start:c.end] == c.text for c in found)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


_PIECES = ["量子", "公司", "、", "和", "年", "2021", " ", "(", ")", "《", "》", "“", "”", "家", "38", "%", "亿元",
           "总经理", "李", "明远", "IonQ", "SRI International", "。", ",", "十余", "个", "大学", "州", "的", "在"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from(
    ["number", "date", "person", "place", "org", "title", "list"]))
def test_any_text_gives_spans_that_slice_it(pieces: list[str], kind: str) -> None:
    sentence = "".join(pieces)
    for c in answer_spans(sentence, QuestionType(kind, 2, "大学", True), {"量子", "2021"}, min_score=float("-inf")):
        assert 0 <= c.start < c.end <= len(sentence)
        assert sentence[c.start:c.end] == c.text
