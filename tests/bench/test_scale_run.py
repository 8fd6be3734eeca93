"""`qa bench --scale-only` end to end on tiny corpora: every engine asked for, kept builds reused on a rerun, the
rows merged into scale.json (an earlier size's rows survive) and the tables printed."""

from __future__ import annotations

import json

import pytest


@pytest.mark.slow
def test_a_scale_rerun_reuses_the_kept_builds_and_keeps_other_sizes(tmp_path, capsys):
    pytest.importorskip("milvus_lite", reason="the Milvus Lite rows need the milvus extra")
    from bench.run import main

    out, work = tmp_path / "results", tmp_path / "work"
    out.mkdir()
    earlier = {"engine": "faiss", "n_paragraphs": 1_000_000, "chunks": 995_321, "build_s": 2233.6,
               "index_type": "ivf", "disk_mb": 15413, "open_s": 15.7, "cold": {"p50_ms": 39.1, "p95_ms": 51.6},
               "warm": {"p50_ms": 27.0, "p95_ms": 36.3}, "warm_stage_ms": {"embed": 2.3}}
    (out / "scale.json").write_text(json.dumps({"rows": [], "opened": [earlier]}), encoding="utf-8")
    flags = ["--scale-only", "--scale-sizes", "", "--scale-index-sizes", "140", "--scale-milvus-sizes", "140",
             "--scale-work", str(work), "--out", str(out), "-q"]
    assert main(flags) == 0
    first = json.loads((out / "scale.json").read_text(encoding="utf-8"))["opened"]
    assert main(flags) == 0
    printed = capsys.readouterr().out
    again = json.loads((out / "scale.json").read_text(encoding="utf-8"))["opened"]
    assert [(r["engine"], r["n_paragraphs"]) for r in again] == [("faiss", 140), ("milvus", 140),
                                                                 ("faiss", 1_000_000)]
    assert again[2] == earlier  # not run again: kept as it was
    assert [r["build_reused"] for r in first[:2]] == [False, False]
    assert [r["build_reused"] for r in again[:2]] == [True, True]
    assert [r["build_s"] for r in again[:2]] == [r["build_s"] for r in first[:2]]  # as measured when built
    assert all(r["questions"] == 76 and r["warm"]["p95_ms"] > 0 for r in again[:2])
    chunks = again[0]["chunks"]
    assert f"| {chunks} | faiss (flat) |" in printed and f"| {chunks} | milvus (milvus-flat) |" in printed
    assert "| 995k | faiss (ivf) |" in printed
