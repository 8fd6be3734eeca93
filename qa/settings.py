"""Retrieval settings, read from ``qa/retrieval.toml`` beside the code.

The weights there were chosen by measurement (``python bench/tune.py``), not
guessed; the file records the numbers behind each choice.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_PATH = Path(__file__).with_name("retrieval.toml")


@dataclass(frozen=True)
class Settings:
    weights: dict[str, dict[str, float]]  # lang -> retriever -> weight
    candidates: int = 50
    rerank: int = 20  # candidates whose sentences are scored in the second stage
    rerank_weight: float = 0.5
    neighbour: float = 0.0  # share of the better neighbouring chunk's score a chunk inherits
    sentence_dense: float = 0.5  # weight of embedding similarity when choosing the answering sentence
    sentence_type_bonus: float = 0.3  # an answer of the asked type in the sentence
    answerable_threshold: float = 0.5
    confidence: dict[str, dict[str, float]] = field(default_factory=dict)  # lang -> logistic coefficients

    def weights_for(self, lang: str) -> dict[str, float]:
        return self.weights.get(lang) or self.weights["zh"]

    def coefficients_for(self, lang: str) -> dict[str, float]:
        return self.confidence.get(lang) or self.confidence.get("zh", {})


def load_settings(path: Path = CONFIG_PATH) -> Settings:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return Settings(
        weights={k: {r: float(w) for r, w in v.items()} for k, v in data["weights"].items()},
        candidates=int(data.get("candidates", 50)),
        rerank=int(data.get("rerank", {}).get("candidates", 20)),
        rerank_weight=float(data.get("rerank", {}).get("weight", 0.5)),
        neighbour=float(data.get("neighbour", 0.0)),
        sentence_dense=float(data.get("sentence", {}).get("dense", 0.5)),
        sentence_type_bonus=float(data.get("sentence", {}).get("type_bonus", 0.3)),
        answerable_threshold=float(data.get("answerable", {}).get("threshold", 0.5)),
        confidence={
            lang: {k: float(v) for k, v in coefs.items()}
            for lang, coefs in data.get("answerable", {}).get("coefficients", {}).items()
        },
    )
