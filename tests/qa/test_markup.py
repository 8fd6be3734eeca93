"""One mark() for every page: marks placed by slicing at offsets, properly nested, text escaped."""

from __future__ import annotations

from markupsafe import Markup

from qa.markup import Layer, highlight_spans, mark, merged, placed
from qa.records import Highlight, Passage


def test_marks_nest_and_are_placed_by_offsets():
    text = "前言。段路明创办了华翊量子。后记"
    base = 100
    layers = [
        Layer("mark", "s", ((base + 3, base + 14),)),
        Layer("b", "a", ((base + 9, base + 13),)),
        Layer("i", "t", ((base + 0, base + 2), (base + 11, base + 16))),  # crosses the sentence's end
    ]
    html = mark(text, base, layers)
    assert html == (
        '<i class="t">前言</i>。<mark class="s">段路明创办了<b class="a">华翊<i class="t">量子</i></b>'
        '<i class="t">。</i></mark><i class="t">后记</i>'
    )


def test_text_is_escaped_inside_and_outside_marks():
    text = "a<b>&c</b>"
    assert mark(text, 0, [Layer("mark", "s", ((1, 4),))]) == 'a<mark class="s">&lt;b&gt;</mark>&amp;c&lt;/b&gt;'


def test_merged_clips_and_joins():
    assert merged([(5, 9), (0, 3), (2, 4), (20, 30)], 1, 25) == [(1, 4), (5, 9), (20, 25)]
    assert merged([(3, 3), (9, 12)], 0, 9) == []


def test_placed_keeps_a_span_only_where_the_offsets_hold_its_text():
    assert placed("甲乙丙丁", 100, 101, 103, "乙丙") == (101, 103)
    assert placed("甲乙丙丁", 100, 101, 103, "甲乙") is None  # the text is elsewhere: not searched for
    assert placed("甲乙丙丁", 100, 103, 106, "丁") is None  # runs past the end


def test_highlight_spans_by_kind_and_first_only():
    highlights = (Highlight(10, 11, "a", "term"), Highlight(50, 52, "cd", "sentence"),
                  Highlight(12, 14, "cd", "sentence"), Highlight(14, 15, "e", "sentence"))
    p = Passage(1, "d.txt", "", "d:p1", 10, 16, 1.0, "abcdef", highlights)
    assert highlight_spans(p, "sentence") == ((12, 14), (14, 15))
    assert highlight_spans(p, "sentence", first=True) == ((12, 14),)
    assert highlight_spans(p, "answer") == ()


def test_mark_returns_markup_that_templates_do_not_escape_again():
    html = mark("<b>", 0, [Layer("mark", 'x" onclick="y', ((0, 3),))])
    assert isinstance(html, Markup)
    assert html == '<mark class="x&#34; onclick=&#34;y">&lt;b&gt;</mark>'
    assert Markup("<p>{}</p>").format(html) == f"<p>{html}</p>"
