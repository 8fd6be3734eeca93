"""The attack of issue 17 replayed end to end (``fuzz/replay.py``): 0 tracebacks and 0 data lost across the
command line and the app, with the bundled model and a real ``qa serve``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_the_replayed_attack_leaves_no_traceback_and_loses_nothing(tmp_path):
    out = tmp_path / "replay.json"
    p = subprocess.run([sys.executable, str(ROOT / "fuzz" / "replay.py"), "--json", str(out),
                        "--out", str(tmp_path / "robustness.md")], capture_output=True, text=True, timeout=1800,
                       cwd=ROOT)  # fmt: skip
    assert out.is_file(), p.stdout[-3000:] + p.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    counts = Counter(r["outcome"] for r in results)
    failed = [r for r in results if r["outcome"] not in ("refused", "handled")]
    assert len(results) >= 50
    assert counts["traceback"] == 0 and counts["lost"] == 0 and not failed, failed
    assert p.returncode == 0
