"""The question's wording decides what kind of span gets highlighted."""

from __future__ import annotations

import pytest

from qa.spans import KINDS, QuestionType, question_type


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("这家联盟目前有多少个成员单位?", "number"),
        ("该设备已经进入了几家医院?", "number"),
        ("外资在这一领域的投资占比是多少?", "number"),
        ("该实验室是哪一年建成的?", "date"),
        ("这份白皮书是什么时候发布的?", "date"),
        ("谁担任该孵化器的总经理?", "person"),
        ("哪位院士领衔了这个项目?", "person"),
        ("这家公司的总部设在哪里?", "place"),
        ("该公司在哪个城市上市?", "place"),
        ("这款芯片是由哪所大学研制的?", "org"),
        ("该联盟由哪个机构负责运营?", "org"),
        ("王教授创办了哪家量子公司?", "org"),
        ("研究院最近发布了一份什么报告?", "title"),
        ("第一颗量子卫星叫什么名字?", "title"),
        ("该国推出了什么人才培养项目?", "title"),  # 什么人才… is not 什么人 (who)
        ("该计划重点支持哪几个方向?", "list"),
        ("什么是量子纠缠?", "other"),
        ("如何安装这个软件?", "other"),
        # the things of a manual: a port is a number, a daemon or a shortcut is written as code
        ("这台服务器默认用哪个端口提供网页?", "number"),
        ("负责时间同步的是哪个守护进程?", "code"),
        ("锁定屏幕用什么快捷键?", "code"),
        ("该公司提供哪些服务?", "list"),  # several of them: a list, in a news article too
    ],
)
def test_chinese_question_kinds(question: str, kind: str) -> None:
    assert question_type(question).kind == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many startups did the centre incubate?", "number"),
        ("How much money did the fund raise?", "number"),
        ("What percentage of the members are universities?", "number"),
        ("When was the alliance founded?", "date"),
        ("In what year did the company go public?", "date"),
        ("Who leads the education working group?", "person"),
        ("Which scientist did the lab collaborate with?", "person"),
        ("Where is the company headquartered?", "place"),
        ("Which cities host quantum industry clusters?", "place"),
        ("Which company makes the magnetometers?", "org"),
        ("What report did the institute publish?", "title"),
        ("What is the satellite called?", "title"),
        ("What processor did the company launch?", "title"),
        ("What products has the startup developed?", "list"),
        ("What is quantum computing?", "other"),
        ("Which port does the web server listen on?", "number"),
        ("Which daemon keeps the clock in sync?", "code"),
        ("What shortcut locks the screen?", "code"),
        ("Which services does the company offer?", "list"),
    ],
)
def test_english_question_kinds(question: str, kind: str) -> None:
    assert question_type(question).kind == kind


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("该公司是从哪两所大学孵化出来的?", 2),
        ("哪三个州获得了联邦资助?", 3),
        ("量子计算需要关注的两种重要算法是什么?", 2),
        ("In which four areas are the countries investing?", 4),
        ("Which three states does the hub cover?", 3),
        ("What are the two main algorithms?", 2),
    ],
)
def test_a_stated_count_is_kept(question: str, count: int) -> None:
    found = question_type(question)
    assert found.expects_count == count
    assert found.plural


def test_a_single_answer_states_no_count() -> None:
    found = question_type("研究院最近发布了一份什么报告?")
    assert found.expects_count is None
    assert not found.plural


def test_plural_which_without_count_is_plural() -> None:
    assert question_type("该联盟有哪些成员?").plural
    assert question_type("Which universities incubated the startup?").plural


def test_focus_names_the_thing_asked_about() -> None:
    assert question_type("该公司是从哪两所大学孵化出来的?").focus == "大学"
    assert question_type("How many universities are members?").focus == "universities"
    assert question_type("What share of the funding comes from abroad?").focus == "share"
    assert question_type("哪个科学城的代表企业是未磁科技?").focus == "科学城"


def test_a_question_in_mixed_script_is_read_as_chinese() -> None:
    found = question_type("IonQ是从哪两所大学孵化出来的?")
    assert (found.kind, found.expects_count) == ("org", 2)


def test_every_kind_is_a_known_string() -> None:
    for q in ("多少", "哪年", "谁", "哪里", "哪家公司", "什么报告", "哪些方向", "你好", "", "???"):
        assert question_type(q).kind in KINDS


def test_the_record_is_immutable() -> None:
    found = question_type("谁?")
    assert isinstance(found, QuestionType)
    with pytest.raises(AttributeError):
        found.kind = "date"  # type: ignore[misc]


@pytest.mark.parametrize("question, kind, focus", [
    ("Which Haidian district party official spoke about the conference?", "person", "official"),
    ("Which state university president spoke first?", "person", "president"),
    ("Which university lab developed the chip?", "org", "lab"),
    ("Which city hosts the company?", "place", "city"),  # a verb between: the head is the first noun
    ("Which country has won the most World Cups?", "place", "country"),
])
def test_an_english_compound_noun_asks_for_its_last_noun(question, kind, focus):
    t = question_type(question)
    assert (t.kind, t.focus) == (kind, focus)
