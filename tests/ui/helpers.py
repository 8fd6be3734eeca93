"""Constants and small helpers of the app tests."""

from __future__ import annotations

import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip

# Questions the current system answers, with text the highlighted sentence must contain.
ZH_QUESTION = ("中国发射的首颗量子微纳卫星叫什么?", "济南一号")
EN_QUESTION = ("How many quantum startups did the UK Quantum Technology Enterprise Centre incubate?", "28家公司")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
