"""A passage shown as cleaning joined it: Chinese broken by layout reads as one line, English keeps its spaces."""

from __future__ import annotations

from app.commands.answer_text import mark
from qa.records import Highlight, Passage
from ui.cards import passage_html


def _passage(text: str, pieces: list[tuple[int, int]], highlights=()) -> Passage:
    return Passage(1, "a.txt", "t", "a:p1", 0, len(text), 1.0, text, tuple(highlights), spans=tuple(pieces))


ENGLISH = "so other programs can invoke it. You can change it by the following.\n\n$ sudo update-alternatives"
YOU, CODE = ENGLISH.index("You"), ENGLISH.index("$ sudo")
PIECES = [(0, YOU - 1), (YOU, CODE - 2), (CODE, len(ENGLISH))]


def test_two_english_sentences_keep_a_space_between_them() -> None:
    p = _passage(ENGLISH, PIECES)
    assert p.clean_text == ("so other programs can invoke it. You can change it by the following. "
                            "$ sudo update-alternatives")
    assert "it. You" in str(passage_html(p, []))


def test_chinese_broken_by_layout_joins_with_nothing_between() -> None:
    text = "其发\n\n展既有赖于基础研究。"
    p = _passage(text, [(0, 2), (4, len(text))])
    assert p.clean_text == "其发展既有赖于基础研究。"


def test_marks_land_on_the_words_they_mark() -> None:
    end = len(ENGLISH)
    p = _passage(ENGLISH, PIECES, [Highlight(CODE, end, ENGLISH[CODE:], "sentence"),
                                   Highlight(CODE + 2, end, ENGLISH[CODE + 2:], "answer")])
    assert mark(p, colour=False).endswith("by the following. »$ [sudo update-alternatives]«")
    assert p.clean_text[p.clean_offset(YOU):].startswith("You can")
    assert p.clean_text[p.clean_offset(YOU - 1)] == " "  # the end of a piece: before the space that follows it
