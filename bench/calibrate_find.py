"""Calibrate how ``qa find`` scores claims, on hand-made claims (bench/data/claims.jsonl).

Each claim is labelled ``supported`` (a paraphrase of a sentence, with its
citation) or ``not found`` (off-topic, unsupported, or contradicted). For a
coarse grid of weights the script picks the threshold that best separates the
two labels (the widest gap among the most accurate cuts), prints accuracy,
the gap, the rank of the expected citation, and a two-fold cross-validated
accuracy so the choice is not judged only on the claims it was tuned on.
Copy the chosen values into qa/provenance/find.toml.

    python bench/calibrate_find.py [--index DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLAIMS = ROOT / "bench" / "data" / "claims.jsonl"
GRID = {  # the lexical weight stays 1: scaling every weight only scales the threshold
    "dense": (0.5, 1.0, 1.5, 2.0, 3.0),
    "english_gloss": (0.0, 0.25, 0.5, 0.75, 1.0),
    "number_penalty": (0.25, 0.5, 0.75, 1.0),
    "number_bonus": (0.0, 0.25, 0.5, 0.75, 1.0),
}


def best_cut(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    """(threshold, accuracy, gap): the most accurate cut, the widest gap among equals, threshold mid-gap."""
    order = np.sort(np.unique(scores))
    cands = np.concatenate([[order[0] - 1e-3], (order[:-1] + order[1:]) / 2, [order[-1] + 1e-3]])
    best = (-1.0, -1.0, 0.0)
    for t in cands:
        acc = float(np.mean((scores >= t) == labels))
        below = scores[scores < t]
        above = scores[scores >= t]
        gap = (above.min() if len(above) else t) - (below.max() if len(below) else t)
        if (acc, gap) > (best[1], best[2]):
            best = (float(t), acc, float(gap))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", default=None, help="index folder (default: $QA_INDEX_DIR)")
    args = ap.parse_args()

    from qa.pipeline.assistant import Assistant
    from qa.provenance.claims import claim_features, claim_scores
    from qa.settings import FindSettings

    assistant = Assistant.load(args.index)
    ctx = assistant.finder
    rows = [json.loads(line) for line in CLAIMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = np.array([r["label"] == "supported" for r in rows])
    cits = [r.citation for r in assistant.data.sentences]
    vecs = assistant.embedder.encode([r["claim"] for r in rows])
    feats = [claim_features(ctx, r["claim"], v) for r, v in zip(rows, vecs)]

    def top_scores(settings: FindSettings) -> tuple[np.ndarray, list[int]]:
        tops, ranks = [], []
        for r, f in zip(rows, feats):
            s = claim_scores(f, settings)
            tops.append(float(s.max()))
            if r["citation"]:
                ranks.append(int((s > s[cits.index(r["citation"])]).sum()) + 1)
        return np.array(tops), ranks

    results = []
    for values in itertools.product(*GRID.values()):
        settings = FindSettings(**dict(zip(GRID, values)), lexical=1.0, threshold=0.0)
        tops, ranks = top_scores(settings)
        t, acc, gap = best_cut(tops, labels)
        # scale-free gap: relative to the spread of the scores
        results.append((acc, gap / (tops.std() or 1.0), settings, t, ranks, tops))
    results.sort(key=lambda x: (x[0], x[1]), reverse=True)
    acc, rel_gap, settings, t, ranks, tops = results[0]

    # two-fold cross-validation of the whole choice (grid + threshold)
    folds = [np.arange(len(rows)) % 2 == i for i in (0, 1)]
    cv = []
    for train in folds:
        test = ~train
        best = max(results, key=lambda x: (best_cut(x[5][train], labels[train])[1:], ))
        thr = best_cut(best[5][train], labels[train])[0]
        cv.append(float(np.mean((best[5][test] >= thr) == labels[test])))

    print(f"claims: {len(rows)} ({labels.sum()} supported, {(~labels).sum()} not found)")
    print("chosen:", {k: getattr(settings, k) for k in GRID}, f"threshold={t:.3f}")
    print(f"accuracy {acc:.3f}; two-fold cross-validated accuracy {statistics.mean(cv):.3f}")
    sup, nf = tops[labels], tops[~labels]
    print(f"supported scores: min {sup.min():.3f} median {np.median(sup):.3f}; "
          f"not-found scores: max {nf.max():.3f} median {np.median(nf):.3f}")
    print(f"expected citation rank among all sentences: hit@1 {np.mean(np.array(ranks) == 1):.3f}, "
          f"hit@5 {np.mean(np.array(ranks) <= 5):.3f}")
    for kind in sorted({r["kind"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["kind"] == kind]
        ok = np.mean([(tops[i] >= t) == labels[i] for i in idx])
        print(f"  {kind:13s} n={len(idx):2d} correct {ok:.2f}")
    for i in np.argsort(tops):
        if (tops[i] >= t) != labels[i]:
            print(f"  wrong: {rows[i]['label']:9s} {tops[i]:.3f} {rows[i]['claim']}")
    t0 = time.perf_counter()
    from qa.provenance.find import find

    lat = []
    for r in rows:
        t1 = time.perf_counter()
        find(ctx, r["claim"])
        lat.append(time.perf_counter() - t1)
    print(f"find latency over the claims: median {statistics.median(lat) * 1000:.1f} ms, "
          f"max {max(lat) * 1000:.1f} ms (total {time.perf_counter() - t0:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
