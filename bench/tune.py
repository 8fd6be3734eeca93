"""Choose the fusion weights per question language by measurement, not by guess.

For every answerable question of the dev set and its hand translation
(bench/data/dev_translated.jsonl), the retrievers' runs are computed once;
then a coarse grid of weights is scored by MRR@10 and hit@1/hit@5 (the answer
string inside the passage). The best grid point per language is printed with
its neighbours, so a choice on a plateau can be preferred to a lucky peak.

    python bench/tune.py [--index DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.engines.base import ById  # noqa: E402
from qa.pipeline import retrieve  # noqa: E402
from qa.pipeline.analyse import analyse_question  # noqa: E402
from qa.pipeline.assistant import Assistant  # noqa: E402
from qa.pipeline.fuse import fuse  # noqa: E402
from qa.pipeline.rerank import rerank  # noqa: E402

DEV = ROOT / "bench" / "data" / "dev.jsonl"
TRANSLATED = ROOT / "bench" / "data" / "dev_translated.jsonl"
GRID = (0.0, 0.25, 0.5, 1.0, 2.0)


def norm(s: str) -> str:
    return "".join(s.split())


def load(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def score(ranked, chunks, gold) -> tuple[float, bool, bool]:
    for rank, (cid, _) in enumerate(ranked[:10], start=1):
        if gold in norm(chunks[cid].clean) or gold in norm(chunks[cid].text):
            return 1.0 / rank, rank == 1, rank <= 5
    return 0.0, False, False


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index")
    ap.add_argument("--neighbour", type=float, default=None)
    args = ap.parse_args()
    a = Assistant.load(args.index)
    settings = a.settings if args.neighbour is None else replace(a.settings, neighbour=args.neighbour)
    neighbours = ById(a.index.neighbours)
    chunks = ById(a.index.chunk)

    def fused(runs: retrieve.Runs, weights: dict) -> list:
        return fuse(runs, weights, neighbours, settings.neighbour)

    rows = [r for r in load(DEV) + load(TRANSLATED) if r.get("answer")]
    qvecs = a.embedder.encode([r["question"] for r in rows])
    per_lang: dict[str, list] = {}
    per_lang_vecs: dict[str, list] = {}
    per_lang_q: dict[str, list] = {}
    for r, qv in zip(rows, qvecs):
        q = analyse_question(r["question"], a.translator.translate)
        runs = retrieve.runs(q, qv, a.index, settings.candidates)
        per_lang.setdefault(q.lang, []).append((runs, norm(r["answer"])))
        per_lang_vecs.setdefault(q.lang, []).append(qv)
        per_lang_q.setdefault(q.lang, []).append(q)
    for lang, items in sorted(per_lang.items()):
        names = sorted({n for runs, _ in items for n in runs.as_dict()})
        results = []
        for combo in itertools.product(GRID, repeat=len(names)):
            if max(combo) != 1.0:  # scale-free: fix the largest weight at 1
                continue
            weights = dict(zip(names, combo))
            m = [score(fused(runs, weights), chunks, gold) for runs, gold in items]
            n = len(m)
            results.append((sum(x[0] for x in m) / n, sum(x[1] for x in m) / n, sum(x[2] for x in m) / n, weights))
        results.sort(key=lambda x: (-x[0], -x[2]))
        print(f"\n{lang}: {len(items)} questions; best weight grids (MRR@10, hit@1, hit@5):")
        for mrr, h1, h5, w in results[:8]:
            print(f"  mrr={mrr:.3f} hit@1={h1:.2f} hit@5={h5:.2f}  {w}")
        best_w = results[0][3]
        print(f"  second stage (sentence rerank) on top of {best_w}:")
        for rw in (0.0, 0.25, 0.5, 1.0, 2.0):
            second = replace(settings, rerank_weight=rw)
            m = []
            for (runs, gold), qv, q in zip(items, per_lang_vecs[lang], per_lang_q[lang]):
                shown = rerank(q, qv, fused(runs, best_w), 10, a.index, a.texts, second)
                ranked = [(r.chunk, r.score) for r in shown]
                m.append(score(ranked, chunks, gold))
            n = len(m)
            print(f"    rerank weight {rw}: mrr={sum(x[0] for x in m)/n:.3f} hit@1={sum(x[1] for x in m)/n:.2f} "
                  f"hit@5={sum(x[2] for x in m)/n:.2f}")
        for name in names:
            solo = {n: (1.0 if n == name else 0.0) for n in names}
            m = [score(fused(runs, solo), chunks, gold) for runs, gold in items]
            n = len(m)
            print(f"  {name} alone: mrr={sum(x[0] for x in m)/n:.3f} hit@1={sum(x[1] for x in m)/n:.2f} "
                  f"hit@5={sum(x[2] for x in m)/n:.2f}")


if __name__ == "__main__":
    main()
