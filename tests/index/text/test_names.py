from __future__ import annotations

from index.text.names import COMPOUND_SURNAMES, SURNAMES, split_name


def test_split_name():
    assert split_name("欧阳修") == ("欧阳", "修")
    assert split_name("申红艳") == ("申", "红艳")
    assert split_name("西门吹雪") == ("西门", "吹雪")
    assert split_name("欧阳") == ("欧", "阳")  # a compound surname alone is read as a surname and a given name
    assert split_name("IBM") is None and split_name("中国科学技术大学") is None


def test_lists():
    assert len(COMPOUND_SURNAMES) == len(set(COMPOUND_SURNAMES)) == 20
    assert all(len(s) == 2 for s in COMPOUND_SURNAMES) and all(len(s) == 1 for s in SURNAMES)
    assert {"王", "李", "段"} <= SURNAMES
