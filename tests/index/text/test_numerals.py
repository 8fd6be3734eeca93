from __future__ import annotations

import pytest

from index.text import numerals


@pytest.mark.parametrize("text, value", [("十", 10), ("二十", 20), ("十五", 15), ("两", 2), ("三十三", 33),
                                         ("九", 9), ("零", 0), ("二二", 0), ("几", 0)])
def test_below_hundred(text, value):
    assert numerals.below_hundred(text) == value


def test_counts_are_two_to_ten_in_one_character():
    assert [numerals.count(c) for c in "两二三十"] == [2, 2, 3, 10]
    assert numerals.count("一") is None and numerals.count("十二") is None and numerals.count("几") is None


def test_digits_and_multipliers():
    assert [numerals.digit(n) for n in (0, 3, 10)] == ["零", "三", "十"]
    assert numerals.times_myriads(1.2, "亿") == 1.2e8
    assert numerals.times_myriads(3, "万") == 30_000
    assert numerals.times_myriads(2, "万亿") == 2e12
