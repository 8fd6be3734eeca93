"""From measured runs to the numbers the tables show: pure functions, no models, no files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from qa.eval.metrics import breakdown
from qa.eval.metrics.judged import Judged

METRICS = ("hit@1", "hit@5", "mrr@10", "sentence_acc")
PARITY_CUTOFF = 5


def latency(seconds: Sequence[float]) -> dict[str, float | int | None]:
    """Median, p95, mean and max in milliseconds."""
    if not len(seconds):
        return {"n": 0, "median_ms": None, "p95_ms": None, "mean_ms": None, "max_ms": None}
    ms = np.asarray(seconds, dtype=np.float64) * 1000
    return {"n": int(ms.size), "median_ms": round(float(np.median(ms)), 3),
            "p95_ms": round(float(np.percentile(ms, 95)), 3), "mean_ms": round(float(ms.mean()), 3),
            "max_ms": round(float(ms.max()), 3)}


def quality(judged: Sequence[Judged], names: Sequence[str] = METRICS) -> dict:
    """Metrics overall and per language, with how many questions each was computed over."""
    table = breakdown(judged, names)
    return {"metrics": table.values, "counts": table.counts, "zh-en": table.gap}


def parity(judged: Sequence[Judged], pairs: Mapping[str, str], cutoff: int = PARITY_CUTOFF) -> dict:
    """Question by question: the rank of the answer for the Chinese and the English form of one question."""
    by_id = {j.id: j for j in judged}
    rows, counts = [], {"both": 0, "zh_only": 0, "en_only": 0, "neither": 0}
    for tid, did in pairs.items():
        a, b = by_id.get(did), by_id.get(tid)
        if a is None or b is None:
            continue
        zh, en = (a, b) if a.lang == "zh" else (b, a)
        zh_hit = zh.hit_rank is not None and zh.hit_rank <= cutoff
        en_hit = en.hit_rank is not None and en.hit_rank <= cutoff
        key = "both" if zh_hit and en_hit else "zh_only" if zh_hit else "en_only" if en_hit else "neither"
        counts[key] += 1
        rows.append({"id": did, "zh_id": zh.id, "en_id": en.id, "zh_rank": zh.hit_rank, "en_rank": en.hit_rank,
                     "verdict": key})
    n = len(rows)
    zh_rate = (counts["both"] + counts["zh_only"]) / n if n else None
    en_rate = (counts["both"] + counts["en_only"]) / n if n else None
    return {"cutoff": cutoff, "pairs": n, **counts, f"zh_hit@{cutoff}": zh_rate, f"en_hit@{cutoff}": en_rate,
            "gap": (zh_rate - en_rate) if n else None, "questions": rows}


def margins(systems: Mapping[str, dict], ours: str = "assistant", set_name: str = "dev",
            metric: str = "hit@5") -> dict[str, dict[str, float | None]]:
    """Per language: our metric minus the best baseline's, and which baseline that is."""
    out = {}
    for lang in ("zh", "en"):
        mine = systems[ours]["quality"][set_name]["metrics"].get(lang, {}).get(metric)
        best_name, best = None, None
        for name, s in systems.items():
            if name == ours:
                continue
            v = s["quality"][set_name]["metrics"].get(lang, {}).get(metric)
            if v is not None and (best is None or v > best):
                best_name, best = name, v
        out[lang] = {"ours": mine, "best_baseline": best_name, "best_baseline_value": best,
                     "margin": None if mine is None or best is None else round(mine - best, 4)}
    return out
