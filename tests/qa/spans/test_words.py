"""The word lists are plain files a person can edit: comments allowed, order kept, every file readable."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from qa.spans import KINDS
from qa.spans.words import alternation, entries, table, words

DATA = resources.files("qa.spans") / "data"
NAMES = sorted(p.name.removesuffix(".txt") for p in DATA.iterdir() if p.name.endswith(".txt"))
TABLES = ("en_head_endings", "en_head_nouns", "en_numbers", "zh_head_nouns")


def test_comments_and_blank_lines_are_not_entries() -> None:
    text = "# what this list is\n\n公司\n  大学  # a university\n#\n实验室\n"
    assert entries(text) == ("公司", "大学", "实验室")


def test_an_alternation_tries_entries_in_file_order() -> None:
    assert re.match(alternation("measures"), "个百分点").group() == "个百分点"
    assert re.match(alternation("classifiers"), "人次").group() == "人次"
    assert re.match(alternation("measures"), "24 qubits"[3:]).group() == "qubits"


@pytest.mark.parametrize("name", NAMES)
def test_every_list_reads_and_holds_no_entry_twice(name: str) -> None:
    found = words(name)
    assert found, name
    keys = [entry.split()[0] for entry in found] if name in TABLES else list(found)
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]


def test_the_head_noun_tables_name_known_kinds() -> None:
    for name in ("zh_head_nouns", "en_head_nouns"):
        assert {kind for (kind,) in table(name).values()} <= set(KINDS) - {"date", "other"}
