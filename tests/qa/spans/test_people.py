"""A name answers "who": after a job title, in Latin letters, several for a counted question."""

from __future__ import annotations

from tests.qa.spans.helpers import top


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
