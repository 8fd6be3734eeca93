"""Fit "is this answerable?" on data: a logistic regression per question language, on two domains.

The features are ``qa.pipeline.confidence.AnswerFeatures`` of the first passage. The rows come from both
development domains, each asked of its own index (the cached indexes of ``bench/quality_table.py``):

- the seeds: the dev questions and their hand translations (the held-out questions stay out), and the
  build's own off-topic questions (``qa/pipeline/data/offtopic.jsonl``, 60 per language) as unanswerable;
- the Debian set (``bench/data/debian/``): its questions over the Chinese and over the English documents,
  answerable and not, and the same off-topic questions asked of each of those indexes.

The off-topic questions the benchmark measures with (``bench/data/offtopic.jsonl``) stay out of the fit,
as they stay out of the build's calibration: the seeds' off-topic row is measured on questions nothing
was fitted to.

A mixed question (Chinese with Latin names) counts as Chinese, as the assistant judges it. Prints the
coefficients to record in ``qa/retrieval.toml`` (``[answerable.coefficients.*]``), the AUC on each corpus
with every corpus's own rows left out of the fit (how the fit carries to documents it did not see), and
the AUC of the coefficients in force.

    python bench/calibrate.py [--l2 1.0]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import domains, quality_table  # noqa: E402
from qa.pipeline.confidence import FEATURES, AnswerFeatures, answer_features, confidence  # noqa: E402

DATA = ROOT / "bench" / "data"
OFFTOPIC = ROOT / "qa" / "pipeline" / "data" / "offtopic.jsonl"  # the calibration's, not the benchmark's
# (corpus of quality_table.CORPORA, question file, every row unanswerable)
ROWS = (
    ("seeds", DATA / "dev.jsonl", False),
    ("seeds", DATA / "dev_translated.jsonl", False),
    ("seeds", OFFTOPIC, True),
    ("debian-zh", DATA / "debian" / "questions_zh_docs.jsonl", False),
    ("debian-zh", OFFTOPIC, True),
    ("debian-en", DATA / "debian" / "questions_en_docs.jsonl", False),
    ("debian-en", OFFTOPIC, True),
)


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


def coefficients(w: np.ndarray) -> dict[str, float]:
    return {"bias": round(float(w[0]), 3), **{k: round(float(v), 3) for k, v in zip(FEATURES, w[1:])}}


def feature_rows(quiet: bool = False) -> list[tuple[str, str, list[float], float]]:
    """(corpus, question language, features, 1.0 answerable / 0.0 not) for every row of ``ROWS``."""
    from index.embed import load_query_embedder
    from qa import Assistant

    embedder = load_query_embedder(None)
    assistants = {}
    out = []
    for corpus, path, unanswerable in ROWS:
        if corpus not in assistants:
            folder = quality_table.cached_index(corpus, quality_table.CORPORA[corpus], quality_table.CACHE,
                                                embedder, quiet)
            assistants[corpus] = Assistant.load(folder, embedder=embedder, check_corpus=False)
        a = assistants[corpus]
        rows = domains.read_rows(path, unanswerable)
        vectors = embedder.encode([r.question for r in rows])
        for row, qvec in zip(rows, vectors):
            query, ranked = a.rank(row.question, qvec, 10)
            f = answer_features(query, qvec, ranked, a.index)
            lang = "en" if query.lang == "en" else "zh"
            out.append((corpus, lang, list(f.values()), 1.0 if row.answerable else 0.0))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty of the fit (default 1.0)")
    args = ap.parse_args()
    from qa.settings import load_settings

    settings = load_settings()
    rows = feature_rows()
    corpora = sorted({c for c, *_ in rows})
    for lang in ("zh", "en"):
        mine = [r for r in rows if r[1] == lang]
        x = np.array([f for _, _, f, _ in mine])
        y = np.array([t for *_, t in mine])
        coefs = coefficients(fit_logistic(x, y, args.l2))
        print(f"\n[answerable.coefficients.{lang}]  # {int(y.sum())} answerable, {int(len(y) - y.sum())} not")
        for k, v in coefs.items():
            print(f"{k} = {v}")
        now = settings.coefficients_for(lang)
        for corpus in corpora:
            held = [r for r in mine if r[0] != corpus]
            w = coefficients(fit_logistic(np.array([f for _, _, f, _ in held]), np.array([t for *_, t in held]),
                                          args.l2))
            test = [r for r in mine if r[0] == corpus]
            pos = [confidence(AnswerFeatures(*f), w) for _, _, f, t in test if t]
            neg = [confidence(AnswerFeatures(*f), w) for _, _, f, t in test if not t]
            pos_now = [confidence(AnswerFeatures(*f), now) for _, _, f, t in test if t]
            neg_now = [confidence(AnswerFeatures(*f), now) for _, _, f, t in test if not t]
            print(f"#   {corpus}: {len(pos)}+{len(neg)}, AUC fitted without it {domains.auc(pos, neg):.3f}, "
                  f"with the coefficients in force {domains.auc(pos_now, neg_now):.3f}")


if __name__ == "__main__":
    main()
