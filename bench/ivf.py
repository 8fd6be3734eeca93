"""The on-disk IVF that large corpora get (``index.vectors``, past ``HNSW_MAX`` chunks): recall and speed.

    python bench/ivf.py --sizes 100000,1000000 [--index DIR]

Vectors as in ``bench/scale.py``: each synthetic chunk is the mean of 2–3
real sentence vectors of the seeds plus noise; the queries are the real
vectors of the parity questions topped up with noisy sentence vectors. The
index is built exactly as ``qa build`` builds it: from a memory-mapped
``.npy`` in batches, lists written to disk, then read back from a moved
folder. Recall@10 is against exact search over the same vectors.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale import CANDIDATES, _ms, chunk_vectors, compose, material, queries, recall_at  # noqa: E402


def measure(n: int, mat, qv: np.ndarray, nprobes=(16, 32, 64)) -> dict:
    import faiss

    from index import vectors as V

    picks, counts = compose(n, len(mat.texts), seed=0)
    x = chunk_vectors(picks, counts, mat.vectors)
    del picks, counts
    truth = faiss.IndexFlatIP(x.shape[1])
    truth.add(x)
    exact = truth.search(qv, CANDIDATES)[1]
    del truth
    with tempfile.TemporaryDirectory(prefix="qa-ivf-") as tmp:
        built = Path(tmp) / "build"
        built.mkdir()
        np.save(built / "embeddings.npy", x)
        del x
        mapped = np.load(built / "embeddings.npy", mmap_mode="r")
        t = time.perf_counter()
        index, kind = V.build_faiss(mapped, "ivf", folder=built)
        V.save_faiss(index, built / "vectors.faiss")
        build_s = time.perf_counter() - t
        nlist = index.nlist
        del index, mapped
        moved = Path(tmp) / "moved"
        shutil.move(built, moved)
        index = V.load_faiss(moved / "vectors.faiss")
        row = {"n": n, "nlist": nlist, "build_s": round(build_s, 1),
               "lists_mb": round((moved / V.IVF_DATA).stat().st_blocks * 512 / 1e6, 1), "by_nprobe": {}}
        for nprobe in nprobes:
            index.nprobe = nprobe
            index.search(qv[:5], CANDIDATES)  # pages of the lists into the cache
            found = index.search(qv, CANDIDATES)[1]
            lat = []
            for q in qv:
                t = time.perf_counter()
                index.search(q[None, :], CANDIDATES)
                lat.append(time.perf_counter() - t)
            row["by_nprobe"][nprobe] = {"recall@10": round(recall_at(found, exact), 3), **_ms(lat)}
        del index
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--index", help="a built index of the seeds (default: build one in a temporary folder)")
    args = ap.parse_args(argv)
    from bench import qsets
    from index.embed import load_embedder

    with tempfile.TemporaryDirectory(prefix="qa-ivf-seeds-") as tmp:
        index_dir = args.index
        if not index_dir:
            from index.build import build

            index_dir = str(Path(tmp) / "index")
            build(ROOT / "seeds", Path(index_dir))
        mat = material(index_dir)
    parity = qsets.parity_set()
    qv = queries(load_embedder(None).encode([r.question for r in parity.rows]), mat.vectors)
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        print(json.dumps(measure(n, mat, qv)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
