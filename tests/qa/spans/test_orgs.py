"""A named thing answers "which": titles in 《》, quoted names, Latin names, names with their gloss."""

from __future__ import annotations

from qa.spans import answer_spans, question_type
from tests.qa.spans.helpers import top


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


def test_an_identifier_joined_by_underscores_is_one_name() -> None:
    # a table of kernel message levels showed "answer: KERN_[ERR]", the name cut at its underscore
    assert top("3 | KERN_ERR | 错误条件", "内核错误级别 3 叫什么?", {"内核", "错误", "级别", "3"}) == "KERN_ERR"


def test_an_organisation_keeps_its_gloss() -> None:
    sentence = "2018年,该联盟成立,由斯坦福国际研究院(SRI International)负责联盟的管理。"
    assert top(sentence, "该联盟由哪个机构负责管理?").startswith("斯坦福国际研究院")


def test_a_bare_category_word_is_never_the_answer() -> None:
    found = answer_spans("比较有代表性的有南京、杭州等城市。", question_type("哪些城市有代表性?"))
    assert "城市" not in [c.text for c in found[:1]]
