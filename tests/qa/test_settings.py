"""The settings loader: the TOML files are the one source of every value, and a wrong key is named."""

from __future__ import annotations

import tomllib
from dataclasses import MISSING, fields

import pytest

from qa.settings import (
    FIND_TOML,
    RETRIEVAL_TOML,
    BadSetting,
    FindSettings,
    MissingSetting,
    Settings,
    SettingsError,
    UnknownSetting,
    load_find_settings,
    load_settings,
)


def _toml(path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize("cls", [Settings, FindSettings])
def test_the_records_state_no_default_of_their_own(cls):
    assert all(f.default is MISSING and f.default_factory is MISSING for f in fields(cls))


def test_retrieval_settings_are_the_values_of_the_toml():
    raw, s = _toml(RETRIEVAL_TOML), load_settings()
    assert s.candidates == raw["candidates"] and s.neighbour == raw["neighbour"]
    assert s.weights == raw["weights"]
    assert (s.rerank, s.rerank_weight) == (raw["rerank"]["candidates"], raw["rerank"]["weight"])
    assert (s.sentence_dense, s.sentence_type_bonus) == (raw["sentence"]["dense"], raw["sentence"]["type_bonus"])
    assert s.answerable_threshold == raw["answerable"]["threshold"]
    assert s.confidence == raw["answerable"]["coefficients"]
    assert s.weights_for("other") == s.weights["zh"] and s.coefficients_for("other") == s.confidence["zh"]


def test_find_settings_are_the_values_of_the_toml():
    assert load_find_settings() == FindSettings(**_toml(FIND_TOML)["claim"])


def _edited(tmp_path, source, old: str, new: str):
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,key", [
    ("[rerank]\ncandidates = 20\nweight = 1.0", "[rerank]\ncandidates = 20\nwieght = 1.0", "rerank.wieght"),
    ("candidates = 50\n", "candidates = 50\ncandidate = 40\n", "candidate"),
    ("[weights.en]\nzh = 1.0\ngloss = 1.0", "[weights.en]\nzh = 1.0\nglos = 1.0", "weights.en.glos"),
    ("[weights.mixed]", "[weights.fr]", "weights.fr"),
    ("[answerable.coefficients.en]\nbias", "[answerable.coefficients.en]\nbais", "answerable.coefficients.en.bais"),
])
def test_an_unknown_retrieval_key_is_refused_with_its_name(tmp_path, old, new, key):
    path = _edited(tmp_path, RETRIEVAL_TOML, old, new)
    with pytest.raises(UnknownSetting) as err:
        load_settings(path)
    assert err.value.key == key and repr(key) in str(err.value) and str(path) in str(err.value)
    assert err.value.path == path


def test_an_unknown_find_key_is_refused_with_its_name(tmp_path):
    path = _edited(tmp_path, FIND_TOML, "number_bonus =", "numbers_bonus =")
    with pytest.raises(UnknownSetting) as err:
        load_find_settings(path)
    assert err.value.key == "claim.numbers_bonus" and "'claim.numbers_bonus'" in str(err.value)
    assert "number_bonus" in err.value.expected


def test_a_missing_key_is_named(tmp_path):
    path = _edited(tmp_path, RETRIEVAL_TOML, "type_bonus = 0.3\n", "")
    with pytest.raises(MissingSetting) as err:
        load_settings(path)
    assert err.value.key == "sentence.type_bonus" and "'sentence.type_bonus'" in str(err.value)


@pytest.mark.parametrize("old,new,key", [
    ("candidates = 50\n", 'candidates = "50"\n', "candidates"),
    ("candidates = 50\n", "candidates = 50.5\n", "candidates"),
    ("[answerable]\nthreshold = 0.6", "[answerable]\nthreshold = 6", "answerable.threshold"),
    ("\nneighbour = 0.2\n", "\nneighbour = true\n", "neighbour"),
])
def test_a_value_of_the_wrong_kind_is_refused_with_what_was_expected(tmp_path, old, new, key):
    path = _edited(tmp_path, RETRIEVAL_TOML, old, new)
    with pytest.raises(BadSetting) as err:
        load_settings(path)
    assert err.value.key == key and err.value.expected and repr(key) in str(err.value)


def test_a_missing_or_broken_file_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError) as err:
        load_find_settings(tmp_path / "absent.toml")
    assert err.value.reason == "missing_file" and err.value.path == tmp_path / "absent.toml"
    broken = tmp_path / "broken.toml"
    broken.write_text("[claim\n", encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_find_settings(broken)
    assert err.value.reason == "not_toml" and str(broken) in str(err.value)
