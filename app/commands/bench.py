"""``qa bench``: quality and speed against baselines in one run; a thin wrapper over ``bench/run.py``."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from qa.errors import QAError

EXAMPLES = """\
examples:
  qa bench                          # ~2-4 min on 2 cores: writes bench/results/*.json and README-tables.md
  qa bench --systems assistant,bm25s --speed 200
  qa bench --scale                  # plus synthetic corpora of 10k, 100k, 1M chunks, each also built, opened
                                    # and asked end to end (folder index; Milvus Lite at 10k): ~1.5 h more
  qa bench --scale --scale-sizes 10000,100000 --scale-index-sizes 10000,100000 --scale-milvus-sizes 10000
  qa bench --scale-only --scale-sizes 10000 --scale-index-sizes 10000 --scale-milvus-sizes 10000 --scale-work W
                                    # only the scale sizes asked for, merged into scale.json (the other sizes
                                    # keep their rows); the builds kept in W and reused by the next run
  qa bench --tables-only            # rewrite README-tables.md from the saved results
  qa bench --quality-only           # only the quality table: seeds and the Debian set per language against
                                    # BM25 and dense-only (bench/results/quality.md; ~2 min, indexes cached
                                    # in bench/.cache)

Every system (this assistant; BM25 with rank_bm25 and with bm25s; dense only;
naive reciprocal-rank fusion) is built and asked the same questions on this
machine, each in a process of its own. Needs the source checkout (the bench/
folder) and the bench extra: pip install -e '.[bench]'.
"""

BENCH_PACKAGES = ("rank_bm25", "bm25s", "psutil")


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "bench",
        help="quality and speed of the assistant against baselines, in one run",
        description="Build the assistant and the baselines, answer the dev questions, their translations and "
        "1,000 generated variants with each, and write the results and Markdown tables.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--out", "-o", metavar="DIR", help="folder for the results (default: bench/results)")
    p.add_argument("--systems", metavar="LIST", help="comma-separated: assistant,rank_bm25,bm25s,dense,rrf")
    p.add_argument("--speed", metavar="N", type=int, help="questions in the generated speed set (default 1000)")
    p.add_argument("--scale", action="store_true", help="also measure synthetic corpora of 10k, 100k, 1M chunks")
    p.add_argument("--scale-sizes", metavar="LIST", help="chunk counts for --scale, e.g. 10000,100000")
    p.add_argument("--scale-index-sizes", metavar="LIST",
                   help="chunk counts built, opened and asked end to end for --scale (default 10000,100000,1000000)")
    p.add_argument("--scale-milvus-sizes", metavar="LIST",
                   help="the same in Milvus Lite (default 10000; needs the milvus extra; empty for none)")
    p.add_argument("--scale-only", action="store_true",
                   help="only the scale benchmark (its sizes), merged into scale.json: other sizes keep their rows")
    p.add_argument("--scale-work", metavar="DIR",
                   help="keep the scale corpora and builds in DIR and reuse them next time (a rerun builds nothing)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress messages")
    p.add_argument("--tables-only", action="store_true", help="rewrite README-tables.md from the saved JSON results")
    p.add_argument("--quality-only", action="store_true",
                   help="only the per-language quality table of the seeds and the Debian set (quality.md)")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    root = Path(__file__).resolve().parents[2]
    if not (root / "bench" / "run.py").is_file():
        raise QAError("qa bench needs the source checkout (its bench/ folder); run it from a clone of the project.")
    for name in BENCH_PACKAGES:
        try:
            __import__(name)
        except ImportError:
            raise QAError(f"qa bench needs {name}; install the bench extra: pip install -e '.[bench]'.") from None
    argv = []
    for flag, value in (("--out", args.out), ("--systems", args.systems), ("--speed", args.speed),
                        ("--scale-sizes", args.scale_sizes), ("--scale-index-sizes", args.scale_index_sizes),
                        ("--scale-milvus-sizes", args.scale_milvus_sizes), ("--scale-work", args.scale_work)):
        if value is not None:
            argv += [flag, str(value)]
    if args.scale:
        argv.append("--scale")
    if args.scale_only:
        argv.append("--scale-only")
    if args.quiet:
        argv.append("--quiet")
    if args.tables_only:
        argv.append("--tables-only")
    if getattr(args, "quality_only", False):
        argv.append("--quality-only")
    # bench/ sits above every package and nothing imports it: run it as the script it is
    return subprocess.call([sys.executable, str(root / "bench" / "run.py"), *argv], cwd=root)
