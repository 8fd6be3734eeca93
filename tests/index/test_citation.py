from __future__ import annotations

import pytest

from index.citation import BadCitationId, Citation, paragraph_id, sentence_id


def test_format():
    assert str(Citation("001", 23)) == "001:p23" == paragraph_id("001", 23)
    assert str(Citation("001", 23, 2)) == "001:p23.s2" == sentence_id("001", 23, 2)
    assert Citation("001", 23, 2).paragraph == Citation("001", 23)


@pytest.mark.parametrize("text", ["001:p23", "001:p23.s2", "notes:p4.s1", "a.s:p1", "报告:p9.s10"])
def test_parse_reads_back_what_str_writes(text):
    assert str(Citation.parse(text)) == text


def test_parse_values():
    assert Citation.parse("003:p35.s1") == Citation("003", 35, 1)
    assert Citation.parse("a.s:p1") == Citation("a.s", 1)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("003:p35.s0", "number"),  # sentences are numbered from 1
        ("003:p0", "number"),
        ("003:p035", "number"),
        ("003:p\u0663", "form"),  # an Arabic-Indic digit is a digit to Python, not to an id
        ("003:p٣.s1", "form"),
        ("003:ｐ3", "form"),
        ("003:P3", "form"),
        ("003:p3 ", "form"),
        ("003:p3.s", "form"),
        (":p3", "form"),
        ("a:b:p3", "form"),
        ("", "form"),
    ],
)
def test_parse_refuses_with_the_text(text, reason):
    with pytest.raises(BadCitationId) as err:
        Citation.parse(text)
    assert err.value.reason == reason and err.value.text == text
    assert repr(text) in str(err.value)


def test_parse_refuses_what_is_not_text():
    with pytest.raises(BadCitationId) as err:
        Citation.parse(3)
    assert err.value.reason == "not_text"
