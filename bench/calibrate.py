"""Calibrate "is this answerable?" on data: a logistic regression per question language.

Positives: the answerable dev questions and their hand translations.
Negatives: the dev questions the corpus cannot answer and bench/data/offtopic.jsonl
(hand-written questions on other subjects, Chinese and English).
Prints the coefficients to record in qa/retrieval.toml, and where each set falls.

    python bench/calibrate.py [--index DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.engines.base import ById  # noqa: E402
from qa.pipeline import retrieve  # noqa: E402
from qa.pipeline.analyse import analyse_question  # noqa: E402
from qa.pipeline.assistant import Assistant  # noqa: E402
from qa.pipeline.confidence import FEATURES, AnswerFeatures, answer_features, confidence  # noqa: E402
from qa.pipeline.fuse import fuse  # noqa: E402
from qa.pipeline.rerank import rerank  # noqa: E402

DEV = ROOT / "bench" / "data" / "dev.jsonl"
DATA = ROOT / "bench" / "data"


def load(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> np.ndarray:
    """Newton's method with an L2 penalty (not on the bias); returns [bias, *weights]."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    reg = np.eye(xb.shape[1]) * l2
    reg[0, 0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + reg @ w
        hess = xb.T @ (xb * (p * (1 - p))[:, None]) + reg
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index")
    args = ap.parse_args()
    a = Assistant.load(args.index)
    s = a.settings
    rows = load(DEV) + load(DATA / "dev_translated.jsonl") + load(DATA / "offtopic.jsonl")
    by_lang: dict[str, list] = {}
    for r in rows:
        q = analyse_question(r["question"], a.translator.translate)
        qv = a.embedder.encode([r["question"]])[0]
        runs = retrieve.runs(q, qv, a.index, s.candidates)
        fused = fuse(runs, s.weights_for(q.lang), ById(a.index.neighbours), s.neighbour)
        f = answer_features(q, qv, rerank(q, qv, fused, 5, a.index, a.texts, s), a.index)
        lang = "en" if q.lang == "en" else "zh"
        by_lang.setdefault(lang, []).append((r, list(f.values()), 1.0 if r.get("answer") else 0.0))
    for lang, items in sorted(by_lang.items()):
        x = np.array([f for _, f, _ in items])
        y = np.array([t for _, _, t in items])
        w = fit_logistic(x, y)
        coefs = {"bias": round(float(w[0]), 3), **{k: round(float(v), 3) for k, v in zip(FEATURES, w[1:])}}
        print(f"\n[answerable.coefficients.{lang}]  ({int(y.sum())} answerable, {int(len(y) - y.sum())} not)")
        for k, v in coefs.items():
            print(f"{k} = {v}")
        probs = [(confidence(AnswerFeatures(*f), coefs), t, r["question"]) for r, f, t in items]
        pos = sorted(p for p, t, _ in probs if t)
        neg = sorted((p for p, t, _ in probs if not t), reverse=True)
        print(f"  lowest answerable: {[round(p, 2) for p in pos[:5]]}")
        print(f"  highest unanswerable: {[round(p, 2) for p in neg[:5]]}")
        for thr in (0.3, 0.4, 0.5, 0.6):
            fn = sum(1 for p, t, _ in probs if t and p < thr)
            fp = sum(1 for p, t, _ in probs if not t and p >= thr)
            print(f"  threshold {thr}: answerable flagged {fn}, unanswerable answered {fp}")
        for p, t, q in sorted(probs):
            if (t and p < 0.5) or (not t and p >= 0.5):
                print(f"    {'ANS' if t else 'OFF'} {p:.2f} {q}")


if __name__ == "__main__":
    main()
