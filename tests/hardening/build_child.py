"""A ``qa build`` with the fake embedder, in its own process, for the crash and lock tests.

    python tests/hardening/build_child.py CORPUS INDEX [--hold-at POINT] [--wait-at POINT]

It prints ``at POINT`` (flushed) each time the build reaches a point: the
progress stages (``read``, ``embed chunks``, ``embed sentences``) and the
steps of writing (``lexical``, ``faiss``, ``meta``, ``switch``, ``prune``).
``--hold-at`` sleeps there (a test kills it there); ``--wait-at`` waits there
for a line on stdin (a test lets it go on). Not a test module: pytest does
not collect it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

POINTS = ("read", "embed chunks", "embed sentences", "lexical", "faiss", "meta", "switch", "prune", "done")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("index")
    ap.add_argument("--hold-at", choices=POINTS)
    ap.add_argument("--wait-at", choices=POINTS)
    args = ap.parse_args()

    from index import build as build_mod
    from index import store, txn
    from index.errors import QAError
    from tests.conftest import FakeEmbedder

    def reached(point: str) -> None:
        print(f"at {point}", flush=True)
        if point == args.hold_at:
            time.sleep(60)
        if point == args.wait_at:
            sys.stdin.readline()

    def wrap(module, name: str, point: str) -> None:
        original = getattr(module, name)

        def wrapped(*a, **kw):
            reached(point)
            return original(*a, **kw)

        setattr(module, name, wrapped)

    wrap(build_mod, "_write_lexical", "lexical")
    wrap(build_mod, "build_faiss", "faiss")
    wrap(store, "write_meta", "meta")
    wrap(txn, "switch", "switch")
    wrap(txn, "prune", "prune")
    seen: set[str] = set()

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in seen:
            seen.add(stage)
            reached(stage)

    try:
        report = build_mod.build(args.corpus, args.index, embedder=FakeEmbedder(), progress=progress)
    except QAError as exc:
        print(f"qa: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"built {report.chunks} chunks", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
