"""A list answers a question asking for several things, best with the asked number of items."""

from __future__ import annotations

from tests.qa.spans.helpers import top


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
