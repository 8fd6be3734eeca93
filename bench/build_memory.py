"""Peak memory of ``qa build`` as the corpus grows (a benchmark script, not a test).

    python bench/build_memory.py --mb 10 50 200      # one fresh child process per size
    python bench/build_memory.py --mb 1000 --keep /tmp/qa-mem   # keep the corpora for the next run

The corpus is the seed articles' paragraphs, shuffled and with a share of
their characters and digits replaced (seeded RNG), written as files of about
1 MB: realistic paragraph, sentence and word structure, and a vocabulary
that keeps growing (every replaced character can make new words), so it is
a hard case for the one structure that grows with the corpus, the
vocabulary.

The model is replaced by a fake one of the bundled model's dimension (512):
hashed character bigrams, vectorised, so the vectors take the room real
ones take but embedding costs no hours. Each size is built in a fresh
process. Two peaks are reported: ``peak_anon_mb``, the process's own
memory (``RssAnon``, sampled every 20 ms, overall and per build stage), which
is what the build needs; and ``peak_rss_mb`` (``ru_maxrss``), which also
counts pages of the index files the build has memory-mapped, page cache
that the kernel drops when memory is short.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE_BYTES = 1_000_000


def make_corpus(folder: Path, megabytes: float, seed: int = 0, file_bytes: int = FILE_BYTES) -> int:
    """Write about ``megabytes`` MB of article-like files into ``folder``; the bytes written."""
    if str(ROOT) not in sys.path:  # run as a script from bench/
        sys.path.insert(0, str(ROOT))
    from index.text.script import starts_cjk

    rng = random.Random(seed)
    paras = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        paras += [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 30]
    chars = [c for p in paras for c in p if starts_cjk(c)]
    folder.mkdir(parents=True, exist_ok=True)
    total, n = 0, 0
    target = int(megabytes * 1_000_000)
    while total < target:
        out, size = [f"合成文章第{n}号\n"], 0
        while size < min(file_bytes, target - total):
            p = list(rng.choice(paras))
            for i, c in enumerate(p):
                if starts_cjk(c) and rng.random() < 0.15:
                    p[i] = rng.choice(chars)
                elif c.isdigit():
                    p[i] = str(rng.randrange(10))
            line = "".join(p) + "\n\n"
            out.append(line)
            size += len(line.encode("utf-8"))
        data = "".join(out).encode("utf-8")
        (folder / f"{n:05d}_synthetic.txt").write_bytes(data)
        total += len(data)
        n += 1
    return total


CHILD = """
import json, sys, threading, time
sys.path.insert(0, {root!r})
import numpy as np
from index import build as build_mod, gloss, lexical, vectors
for module, name, value in {settings!r}:
    setattr({{"lexical": lexical, "vectors": vectors, "build": build_mod, "gloss": gloss}}[module], name, value)


class BigramEmbedder:
    model_id = "fake-bigram-{dim}"
    dimension = {dim}

    def encode(self, texts, batch_size=64):
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, t in enumerate(texts):
            cp = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
            if len(cp) > 1:
                out[i] = np.bincount((cp[:-1] * 1000003 + cp[1:]) % self.dimension, minlength=self.dimension)
            n = np.linalg.norm(out[i])
            if n:
                out[i] /= n
        return out


def anon_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    return 0.0


stage, peaks, running = ["start"], {{}}, [True]


def sample():
    while running[0]:
        peaks[stage[0]] = max(peaks.get(stage[0], 0.0), anon_mb())
        time.sleep(0.02)


def progress(name, done, total):
    stage[0] = "embed" if name.startswith("embed") else name


threading.Thread(target=sample, daemon=True).start()
t = time.perf_counter()
r = build_mod.build({corpus!r}, {index!r}, embedder=BigramEmbedder(), progress=progress)
running[0] = False
print(json.dumps({{"chunks": r.chunks, "embedded": r.embedded, "documents": r.documents, "faiss": r.faiss_type,
                  "seconds": round(time.perf_counter() - t, 1),
                  "peak_anon_mb": round(max(peaks.values()), 1),
                  "stage_peak_anon_mb": {{k: round(v) for k, v in peaks.items()}}}}))
"""


def measure(corpus: Path, index: Path, settings: list[tuple[str, str, int]] = (), dim: int = 512) -> dict:
    """Build ``corpus`` into ``index`` in a fresh process; its peak memory and what it built.

    ``settings`` are (module, name, value) overrides of the build's sizes,
    e.g. ``("lexical", "SEGMENT_POSTINGS", 20_000)``, so a small corpus can
    exercise the paths a large one takes.
    """
    code = CHILD.format(root=str(ROOT), corpus=str(corpus), index=str(index), settings=list(settings), dim=dim)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not the max over all children
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"the build failed (exit {proc.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    files = list((index / "current").resolve().iterdir())
    result["index_mb"] = round(sum(p.stat().st_blocks * 512 for p in files) / 1e6, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[50.0], help="corpus sizes in MB (default 50)")
    ap.add_argument("--keep", metavar="DIR", help="write the corpora under DIR and keep them")
    args = ap.parse_args(argv)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="qa-mem-"))
    try:
        for mb in args.mb:
            corpus = base / f"corpus-{mb:g}"
            if not corpus.exists():
                written = make_corpus(corpus, mb)
            else:
                written = sum(p.stat().st_size for p in corpus.iterdir())
            t = time.perf_counter()
            res = measure(corpus, base / f"index-{mb:g}")
            shutil.rmtree(base / f"index-{mb:g}", ignore_errors=True)
            res["corpus_mb"] = round(written / 1e6, 1)
            res["wall_seconds"] = round(time.perf_counter() - t, 1)
            print(json.dumps(res), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
