"""Compare two run folders: which questions got better or worse, and each metric's change with a CI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from qa.eval.metrics import Delta, Judged, default_metrics, judge
from qa.eval.metrics.bootstrap import N_RESAMPLES, paired_bootstrap
from qa.eval.metrics.mrr import reciprocal_rank
from qa.eval.run import failure_reasons
from qa.eval.runfolder import COMPARE_JSON, iter_saved, saved_k, write_atomic


@dataclass(frozen=True)
class QuestionChange:
    id: str
    question: str
    lang: str
    old_rank: int | None  # first passage with the answer
    new_rank: int | None
    old_reasons: tuple[str, ...]
    new_reasons: tuple[str, ...]
    direction: str  # "better" | "worse"


@dataclass(frozen=True)
class Comparison:
    new: str
    old: str
    k: int
    paired: int
    deltas: tuple[Delta, ...]
    better: tuple[QuestionChange, ...]
    worse: tuple[QuestionChange, ...]
    only_new: tuple[str, ...] = ()  # ids (or ids whose question text changed) not paired
    only_old: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "new": self.new,
            "old": self.old,
            "k": self.k,
            "paired": self.paired,
            "deltas": [
                {
                    "metric": d.metric,
                    "old": d.old,
                    "new": d.new,
                    "diff": d.diff,
                    "ci95": [d.low, d.high],
                    "significant": d.significant,
                }
                for d in self.deltas
            ],
            "better": [asdict(c) for c in self.better],
            "worse": [asdict(c) for c in self.worse],
            "only_new": list(self.only_new),
            "only_old": list(self.only_old),
        }


def _standing(j: Judged, reasons: tuple[str, ...], k: int) -> tuple[int, float]:
    """Order of merit for one question: passing first, then a higher-ranked answer."""
    return (0 if reasons else 1, reciprocal_rank(j.hits, k))


def check_saved_run(folder: str | Path) -> None:
    """Refuse, before any work, a folder to compare against that holds no readable run (its first result)."""
    for _ in iter_saved(folder):
        break


def compare_runs(
    new_dir: str | Path,
    old_dir: str | Path,
    names: Sequence[str] | None = None,
    n_resamples: int = N_RESAMPLES,
    seed: int = 0,
) -> Comparison:
    """Which questions got better or worse, and each metric's change with a paired bootstrap 95% CI.

    Questions are paired by id (and must have the same text); both runs are
    judged at the smaller of their two ``k``.
    """
    k = min(saved_k(new_dir), saved_k(old_dir))
    names = tuple(names or default_metrics(k))
    # streamed: a run's answers are judged as they are read and only the judgement is kept
    old_by_id = {s.row.id: (s.row.question, judge(s.row, s.answer, k), s.error) for s in iter_saved(old_dir)}
    paired_new: list[Judged] = []
    paired_old: list[Judged] = []
    better, worse, only_new = [], [], []
    for s in iter_saved(new_dir):
        row, match = s.row, old_by_id.get(s.row.id)
        if match is None or match[0] != row.question:
            only_new.append(row.id)
            continue
        jn, jo = judge(row, s.answer, k), match[1]
        paired_new.append(jn)
        paired_old.append(jo)
        rn, ro = failure_reasons(jn, k, s.error), failure_reasons(jo, k, match[2])
        sn, so = _standing(jn, rn, k), _standing(jo, ro, k)
        if sn != so:
            bucket, direction = (better, "better") if sn > so else (worse, "worse")
            bucket.append(
                QuestionChange(row.id, row.question, row.group, jo.hit_rank, jn.hit_rank, ro, rn, direction)
            )
    paired_ids = {j.id for j in paired_old}
    only_old = [i for i in old_by_id if i not in paired_ids]
    deltas = tuple(paired_bootstrap(n, paired_new, paired_old, n_resamples, seed=seed) for n in names)
    return Comparison(
        str(new_dir),
        str(old_dir),
        k,
        len(paired_new),
        deltas,
        tuple(better),
        tuple(worse),
        tuple(only_new),
        tuple(only_old),
    )


def write_comparison(comparison: Comparison, out_dir: str | Path) -> Path:
    path = Path(out_dir) / COMPARE_JSON
    text = json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))
    return path
