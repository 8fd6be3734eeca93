"""The answer side's settings, read and checked from the TOML files beside the code.

- ``qa/retrieval.toml``: fusion weights, candidates, rerank, sentence choice and
  the answerable logistic (chosen by ``bench/tune.py`` and ``bench/calibrate.py``);
- ``qa/provenance/find.toml``: how ``qa find`` scores a claim (``bench/calibrate_find.py``).

Each value is written once, in its file, with the measurement behind it: the
dataclasses here have no defaults of their own. Every key is checked against
the schema below; an unknown key (a typo), a missing one or a value of the
wrong type is refused with the key's dotted name.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from index.text.script import LANGS
from qa.errors import BadSetting, MissingSetting, SettingsError, UnknownSetting  # noqa: F401 (raised here)
from qa.pipeline.confidence import FEATURES
from qa.pipeline.retrieve import RETRIEVERS

RETRIEVAL_TOML = Path(__file__).with_name("retrieval.toml")
FIND_TOML = Path(__file__).parent / "provenance" / "find.toml"


# ---------------------------------------------------------------- records
@dataclass(frozen=True)
class Settings:
    """Retrieval and answering settings (``qa/retrieval.toml``; the TOML key of each field in brackets)."""

    weights: dict[str, dict[str, float]]  # [weights.<lang>.<retriever>] lang -> retriever -> weight
    candidates: int  # [candidates] chunks each retriever returns
    rerank: int  # [rerank.candidates] candidates whose sentences are scored in the second stage
    rerank_weight: float  # [rerank.weight]
    rerank_spans: int  # [rerank.span_candidates] candidates searched for an answer span (names, lists), whatever k
    neighbour: float  # [neighbour] share of the better neighbouring chunk's score a chunk inherits
    sentence_dense: float  # [sentence.dense] weight of embedding similarity when choosing the sentence
    sentence_type_bonus: float  # [sentence.type_bonus] an answer of the asked type in the sentence
    answerable_threshold: float  # [answerable.threshold]
    back_matter: float  # [sections.back_matter] share of its score a passage under a back-matter heading keeps
    confidence: dict[str, dict[str, float]]  # [answerable.coefficients.<lang>] lang -> logistic coefficients

    def weights_for(self, lang: str) -> dict[str, float]:
        return self.weights.get(lang) or self.weights["zh"]

    def coefficients_for(self, lang: str) -> dict[str, float]:
        return self.confidence.get(lang) or self.confidence["zh"]


@dataclass(frozen=True)
class FindSettings:
    """How claims are scored (``[claim]`` of ``find.toml``, calibrated by ``bench/calibrate_find.py``)."""

    dense: float
    lexical: float
    english_gloss: float  # share of an English claim's lexical score from the English gloss
    number_penalty: float  # share of the score kept when none of the claim's numbers are there
    number_bonus: float  # added when the sentence states the claim's quantities (years aside)
    threshold: float


# ---------------------------------------------------------------- schema
@dataclass(frozen=True)
class Table:
    """A table whose keys come from ``keys`` (those in ``required`` must be there), each holding ``value``."""

    keys: tuple[str, ...]
    value: Any
    required: tuple[str, ...] = ()


# leaf kinds: any number, a number >= 0, a share (0..1), a whole number >= 0; numbers come back as float
REAL, NUMBER, SHARE, COUNT = "real", "number", "share", "count"

RETRIEVAL_SCHEMA = {
    "candidates": COUNT,
    "neighbour": NUMBER,
    "weights": Table(LANGS, Table(RETRIEVERS, NUMBER), required=("zh",)),
    "rerank": {"candidates": COUNT, "weight": NUMBER, "span_candidates": COUNT},
    "sentence": {"dense": NUMBER, "type_bonus": NUMBER},
    "sections": {"back_matter": SHARE},
    "answerable": {
        "threshold": SHARE,
        "coefficients": Table(LANGS, Table(("bias", *FEATURES), REAL, required=("bias", *FEATURES)),
                              required=("zh",)),
    },
}
FIND_SCHEMA = {"claim": {f.name: SHARE if f.name in ("english_gloss", "number_penalty") else NUMBER
                         for f in fields(FindSettings)}}


def _check(path: Path, value: Any, schema: Any, key: str) -> Any:
    """``value`` checked against ``schema``; numbers come back as float (counts as int)."""
    if isinstance(schema, dict | Table):
        if not isinstance(value, dict):
            raise BadSetting(path, key, "a table", value)
        allowed = tuple(schema) if isinstance(schema, dict) else schema.keys
        required = allowed if isinstance(schema, dict) else schema.required
        for name in value:
            if name not in allowed:
                raise UnknownSetting(path, f"{key}.{name}" if key else name, allowed)
        for name in required:
            if name not in value:
                raise MissingSetting(path, f"{key}.{name}" if key else name)
        return {name: _check(path, v, schema[name] if isinstance(schema, dict) else schema.value,
                             f"{key}.{name}" if key else name) for name, v in value.items()}
    if schema == COUNT:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise BadSetting(path, key, "a whole number >= 0", value)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadSetting(path, key, "a number", value)
    if schema == NUMBER and value < 0:
        raise BadSetting(path, key, "a number >= 0", value)
    if schema == SHARE and not 0 <= value <= 1:
        raise BadSetting(path, key, "a number from 0 to 1", value)
    return float(value)


def read_checked(path: Path, schema: dict) -> dict:
    """The TOML file at ``path``, every key checked against ``schema``."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError("missing_file", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError("not_toml", path=path, detail=str(exc)) from None
    return _check(Path(path), data, schema, "")


# ---------------------------------------------------------------- loaders
def load_settings(path: Path = RETRIEVAL_TOML) -> Settings:
    s = read_checked(path, RETRIEVAL_SCHEMA)
    return Settings(
        weights=s["weights"],
        candidates=s["candidates"],
        rerank=s["rerank"]["candidates"],
        rerank_weight=s["rerank"]["weight"],
        rerank_spans=s["rerank"]["span_candidates"],
        neighbour=s["neighbour"],
        sentence_dense=s["sentence"]["dense"],
        sentence_type_bonus=s["sentence"]["type_bonus"],
        answerable_threshold=s["answerable"]["threshold"],
        back_matter=s["sections"]["back_matter"],
        confidence=s["answerable"]["coefficients"],
    )


def load_find_settings(path: Path = FIND_TOML) -> FindSettings:
    return FindSettings(**read_checked(path, FIND_SCHEMA)["claim"])
