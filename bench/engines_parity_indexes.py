"""The two engines' indexes of a corpus for ``bench/engines_parity.py``: the cached ones it answers from, and
fresh builds, timed.

The folder index is quality_table's cached one (``<cache>/<corpus>``); the Milvus Lite file is
``<cache>/milvus/<corpus>.db``, kept while quality_table's key (corpus, model, code under ``index/`` and ``qa/``)
is unchanged. Both are built with ``qa build``'s calibration finish hook. ``time_builds`` builds both again from
scratch in a temporary folder, every vector embedded.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from bench import quality_table

ENGINES = ("folder", "milvus")


def say(msg: str, quiet: bool) -> None:
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def build_milvus(corpus: Path, uri: str, embedder) -> dict:
    """``corpus`` into Milvus Lite at ``uri`` (alias ``qa``), calibrated by ``qa build``'s finish hook."""
    from index.engines import engine_for
    from qa.pipeline.calibrate import finish

    t = time.perf_counter()
    report = engine_for("milvus", uri=uri).build(corpus, embedder=embedder,
                                                 finish=lambda staged: finish(staged, embedder))
    return {"seconds": round(time.perf_counter() - t, 2), "chunks": report.chunks, "embedded": report.embedded}


def build_folder(corpus: Path, folder: Path, embedder) -> dict:
    """``corpus`` into the folder index ``folder``, calibrated as quality_table's cached_index does."""
    from index.build import build
    from qa.pipeline.calibrate import finish

    t = time.perf_counter()
    report = build(corpus, folder, embedder=embedder, finish=lambda staged: finish(staged, embedder))
    return {"seconds": round(time.perf_counter() - t, 2), "chunks": report.chunks, "embedded": report.embedded}


def cached_milvus(name: str, corpus: Path, cache: Path, embedder, quiet: bool = False) -> tuple[str, dict]:
    """The Milvus Lite file of ``corpus`` in ``cache/milvus/<name>.db``, rebuilt when quality_table's key changed."""
    folder = cache / "milvus"
    folder.mkdir(parents=True, exist_ok=True)
    db, stamp = folder / f"{name}.db", folder / f"{name}.{quality_table.STAMP}"
    key = quality_table.build_key(corpus, embedder.model_id)
    if db.exists() and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == key:
        return str(db), {"seconds": None, "cached": True}
    say(f"bench: parity: building {corpus.relative_to(quality_table.ROOT)} into Milvus Lite "
        f"{db.relative_to(quality_table.ROOT)}…", quiet)
    info = build_milvus(corpus, str(db), embedder)
    stamp.write_text(key + "\n", encoding="utf-8")
    return str(db), info | {"cached": False}


def cached_folder(name: str, corpus: Path, cache: Path, embedder, quiet: bool = False) -> tuple[Path, dict]:
    """quality_table's cached folder index, and how long this run took to make it (None: it was up to date)."""
    stamp = cache / name / quality_table.STAMP
    key = quality_table.build_key(corpus, embedder.model_id)
    fresh = stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == key
    from index.errors import IndexLocked

    for _ in range(120):  # another bench (quality_table) may be rebuilding the same cached folder: wait for it
        try:
            t = time.perf_counter()
            folder = quality_table.cached_index(name, corpus, cache, embedder, quiet)
            break
        except IndexLocked:
            say(f"bench: parity: another build is writing {cache / name}; waiting…", quiet)
            time.sleep(5)
    else:
        raise SystemExit(f"bench/engines_parity.py: {cache / name} stayed locked for 10 minutes")
    built = stamp.read_text(encoding="utf-8").strip() == key and not fresh and time.perf_counter() - t > 0.5
    return folder, {"seconds": round(time.perf_counter() - t, 2) if built else None, "cached": not built}


def time_builds(corpora: dict[str, Path], embedder, scratch: Path, quiet: bool = False) -> dict:
    """Both engines built from scratch (every vector embedded) in a temporary folder, one corpus after another."""
    out = {}
    scratch.mkdir(parents=True, exist_ok=True)
    for name, corpus in corpora.items():
        with tempfile.TemporaryDirectory(prefix="parity-", dir=scratch) as tmp:
            say(f"bench: parity: timing fresh builds of {name} (load {load_average()})…", quiet)
            out[name] = {"load": load_average(),
                         "folder": build_folder(corpus, Path(tmp) / "index", embedder),
                         "milvus": build_milvus(corpus, str(Path(tmp) / "fresh.db"), embedder)}
    return out
