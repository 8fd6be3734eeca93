"""Peak memory of ``qa build`` on a synthetic corpus, with the fake embedder (a script, not a test).

    python fuzz/measure_memory.py --mb 50 200        # one child process per size
    python fuzz/measure_memory.py --mb 50 --keep /tmp/corpus50

The corpus is the seed articles' paragraphs, shuffled and with a share of
their characters and digits replaced (seeded RNG), written as files of about
1 MB, so the text has realistic paragraph, sentence and word structure but is
not one paragraph repeated. Peak RSS is the child's ``ru_maxrss``; the build
runs in a fresh process per size, so sizes do not share a peak.
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


def make_corpus(folder: Path, megabytes: float, seed: int = 0) -> int:
    """Write about ``megabytes`` MB of article-like files into ``folder``; the bytes written."""
    rng = random.Random(seed)
    paras = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        paras += [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 30]
    chars = [c for p in paras for c in p if "\u4e00" <= c <= "\u9fff"]
    folder.mkdir(parents=True, exist_ok=True)
    total, n = 0, 0
    target = int(megabytes * 1_000_000)
    while total < target:
        out, size = [f"合成文章第{n}号\n"], 0
        while size < FILE_BYTES:
            p = list(rng.choice(paras))
            for i, c in enumerate(p):
                if "\u4e00" <= c <= "\u9fff" and rng.random() < 0.15:
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
import json, sys, time
sys.path.insert(0, {root!r})
from tests.conftest import FakeEmbedder
from index.build import build
t = time.perf_counter()
r = build({corpus!r}, {index!r}, embedder=FakeEmbedder())
print(json.dumps({{"chunks": r.chunks, "documents": r.documents, "seconds": round(time.perf_counter() - t, 1)}}))
"""


def measure(corpus: Path, index: Path) -> dict:
    code = CHILD.format(root=str(ROOT), corpus=str(corpus), index=str(index))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not the max over all children
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"the build failed (exit {proc.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["index_mb"] = round(sum(p.stat().st_size for p in (index / "current").resolve().iterdir()) / 1e6, 1)
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
            res["corpus_mb"] = round(written / 1e6, 1)
            res["wall_seconds"] = round(time.perf_counter() - t, 1)
            print(json.dumps(res), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
