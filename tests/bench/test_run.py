"""`qa bench` end to end on a small speed set: every result file, and the tables the README includes."""

from __future__ import annotations

import json

import pytest


@pytest.mark.slow
def test_one_run_writes_every_result_and_the_assistant_leads_bm25(tmp_path):
    from bench.run import main

    assert main(["--systems", "assistant,bm25s", "--speed", "60", "--out", str(tmp_path), "-q"]) == 0
    for name in ("systems.json", "parity.json", "stages.json", "machine.json", "README-tables.md",
                 "speed_questions.jsonl"):
        assert (tmp_path / name).is_file(), name
    doc = json.loads((tmp_path / "systems.json").read_text(encoding="utf-8"))
    ours, bm25 = (doc["systems"][s]["quality"]["dev"]["metrics"] for s in ("assistant", "bm25s"))
    assert ours["en"]["hit@5"] > bm25["en"]["hit@5"]
    assert ours["zh"]["hit@5"] >= bm25["zh"]["hit@5"]
    assert doc["systems"]["assistant"]["latency"]["speed"]["n"] == 60
    tables = (tmp_path / "README-tables.md").read_text(encoding="utf-8")
    assert "whole answer / embedding the question" in tables
    assert "exactly as typed: no translation" in tables
