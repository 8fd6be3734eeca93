from __future__ import annotations

from index.text.fold import fold, fold_spans, key, load_maps, to_simplified, to_traditional


def test_fold_ignores_punctuation_width_space_case_and_script():
    a = "QED-C由斯坦福国际研究院(SRI International)负责。"
    b = "ＱＥＤ－Ｃ 由斯坦福國際研究院（ｓｒｉ\ninternational）負責"
    assert key(a) == key(b) == "qedc由斯坦福国际研究院sriinternational负责"


def test_offsets_point_at_the_original_characters():
    text = "“量子 计算”，\n來自ＩＢＭ。"
    f = fold(text)
    assert f.text == "量子计算来自ibm"
    assert len(f.offsets) == len(f.text)
    for ch, i in zip(f.text, f.offsets):
        assert ch in key(text[i])  # each folded character comes from the original character it names
    start, end = f.span(f.text.index("来"), len(f.text))
    assert text[start:end] == "來自ＩＢＭ"


def test_fold_spans_keeps_offsets_into_the_whole_text():
    text = "其发\n\n图为装置\n\n展既有赖于"
    f = fold_spans(text, [(0, 2), (10, 15)])
    assert f.text == "其发展既有赖于"
    assert text[f.offsets[2]] == "展"


def test_compatibility_forms_expand_and_invisible_characters_vanish():
    assert key("㈠\u200b\ufeff①") == "一1"
    assert key("，。！？、；：“”‘’（）《》【】—…·") == ""


def test_traditional_round_trip_and_ambiguous_characters():
    s = "我国专利申请量2017年超过美国，位居全球第一位后面干线发展"
    t = to_traditional(s)
    assert t != s
    assert key(t) == key(s)
    # one simplified character, several traditional ones: all fold to the same class
    assert key("乾") == key("幹") == key("干")
    assert key("後") == key("后")


def test_maps_come_from_the_one_parse_of_the_dictionary(tmp_path):
    fold_map, to_trad = load_maps(cache_dir=tmp_path)
    assert [p.name for p in tmp_path.glob("*")] == [next(tmp_path.glob("cedict-*.pkl")).name]
    assert load_maps(cache_dir=tmp_path) == (fold_map, to_trad)
    assert len(fold_map) > 3000  # CC-CEDICT pairs thousands of characters
    assert to_simplified("京滬幹線") == "京沪干线"
