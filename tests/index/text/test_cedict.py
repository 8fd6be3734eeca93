from __future__ import annotations

import gzip

from index.english import stem
from index.text import cedict

CEDICT = """\
# a tiny CC-CEDICT
大學 大学 [da4 xue2] /university/college/CL:所[suo3]/
乾 干 [gan1] /variant of 干[gan1]/
幹 干 [gan4] /to do/
後 后 [hou4] /back/behind/
國防 国防 [guo2 fang2] /national defense/
"""


def _write(path, text: str) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(text)


def test_one_parse_gives_senses_and_character_maps():
    data = cedict.parse(CEDICT.splitlines(keepends=True))
    stemmed = f"{stem('university')}|{stem('college')}"  # stemmed, as questions are
    assert data.entries["大学"] == data.entries["大學"] == stemmed
    assert data.fold["乾"] == data.fold["幹"] == "干" and data.fold["後"] == "后"
    assert data.to_trad["后"] == "後"
    assert "干" not in data.fold  # a representative maps to itself (absent)


def test_build_maps_classes_are_pure_and_deterministic():
    fold_map, to_trad = cedict.build_maps([("乾", "干"), ("幹", "干"), ("後", "后"), ("著", "着")])
    assert fold_map["乾"] == fold_map["幹"] == "干"
    assert fold_map["後"] == "后"
    assert to_trad["后"] == "後"


def test_parsed_dictionary_is_cached_in_one_file(tmp_path):
    path = tmp_path / "dict.txt.gz"
    _write(path, CEDICT)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "t2s-1-1-1.json").write_text("{}", encoding="utf-8")  # the character map's old cache of its own
    first = cedict.load(path, cache)
    assert [p.name for p in cache.iterdir()] == [next(cache.glob("cedict-*.pkl")).name]
    assert cedict.load(path, cache) == first


def test_changed_dictionary_is_parsed_again(tmp_path):
    path = tmp_path / "dict.txt.gz"
    cache = tmp_path / "cache"
    _write(path, CEDICT)
    cedict.load(path, cache)
    _write(path, CEDICT + "量子 量子 [liang4 zi3] /quantum/\n")
    assert "量子" in cedict.load(path, cache).entries
    assert len(list(cache.glob("cedict-*.pkl"))) == 1


def test_bundled_dictionary_pairs_thousands_of_characters():
    data = cedict.default()
    assert len(data.fold) > 3000 and data.entries["量子"]
