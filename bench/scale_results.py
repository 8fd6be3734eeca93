"""``scale.json``: a scale run (``bench/scale.py``) merged into the results kept from earlier runs, and its tables.

One command measures what it is asked for (``qa bench --scale`` with
``--scale-sizes``, ``--scale-index-sizes``, ``--scale-milvus-sizes``); the
sizes it does not run keep the rows an earlier run measured, so the 1M-chunk
figures (an hour to make) survive a quick run at 10k. ``--scale-work DIR``
keeps the synthetic corpora and their builds, and a run on the same folder
reuses them (``bench/scale_index.build_at``): it opens and asks again, and
builds nothing.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def merge(old: dict | None, new: dict) -> dict:
    """``new`` scale results over ``old`` ones: a size measured again replaces its rows (components by chunk count,
    the whole answer by size and engine); the sizes not run again keep theirs (a 1M row survives a 10k run)."""
    if not old:
        return new
    rows = {r["n"]: r for r in old.get("rows", [])} | {r["n"]: r for r in new.get("rows", [])}
    opened = {_key(r): r for r in old.get("opened", [])} | {_key(r): r for r in new.get("opened", [])}
    embedding = {**old.get("embedding", {}), **new.get("embedding", {})}
    embedding["hours_for"] = {**old.get("embedding", {}).get("hours_for", {}),
                              **new.get("embedding", {}).get("hours_for", {})}
    return {**old, **new, "method": {**old.get("method", {}), **new.get("method", {})}, "embedding": embedding,
            "rows": [rows[n] for n in sorted(rows)], "opened": [opened[k] for k in sorted(opened)]}


def _key(row: dict) -> tuple:
    """A whole-answer row's place: by size, the folder index before Milvus."""
    return row["n_paragraphs"], row["engine"] != "faiss", row["engine"]


def read(out: Path) -> dict | None:
    path = Path(out) / "scale.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def measure_into(out: Path, sizes: Sequence[int], index_sizes: Sequence[int], milvus_sizes: Sequence[int], *,
                 index_dir: str | None = None, work: str | Path | None = None, stages: dict | None = None,
                 quiet: bool = False) -> dict:
    """Run the scale benchmark for the sizes given, merge it into ``out``/scale.json and write that (and the
    plot); the merged results. ``index_dir``: an index of the seeds (default: built, in ``work`` when given so a
    rerun embeds nothing); ``stages``: the seeds' stage timings for the estimate (default ``out``/stages.json)."""
    from bench import scale
    from bench.plot import latency_svg

    out = Path(out)
    if stages is None and (out / "stages.json").exists():
        stages = json.loads((out / "stages.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="qa-scale-") as tmp:
        if not index_dir:
            from index.build import build

            index_dir = str(Path(work or tmp) / "seeds-index")
            build(ROOT / "seeds", Path(index_dir))
        result = scale.run(index_dir, sizes, stages, quiet=quiet, index_sizes=index_sizes, milvus_sizes=milvus_sizes,
                           work=Path(work) if work else None)
    merged = merge(read(out), result)
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "latency_vs_size.svg").write_text(latency_svg(merged), encoding="utf-8")
    return merged


def print_tables(scale: dict) -> None:
    """The scale tables: components per size, then the whole answer per size and engine (folder, Milvus Lite)."""
    from bench.report import scale_tables

    print("\n".join(scale_tables(scale)), flush=True)
