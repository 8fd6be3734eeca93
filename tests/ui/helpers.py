"""Constants and small helpers of the app tests."""

from __future__ import annotations

import re
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


def upload(page, elem_id: str, path: Path, timeout: float = 60_000) -> None:
    """Choose ``path`` in the file component ``#elem_id`` and wait until it shows the file by name.

    Gradio writes the name as two pieces, its stem and its extension (``array`` ``.json``), laid out on
    one line or two by the width left to them; matched as one piece of text ("array.json"), the name was
    missed whenever they fell on two lines, and the test waited the full minute (3 of 5 runs).
    """
    from playwright.sync_api import expect

    page.locator(f"#{elem_id} input[type=file]").set_input_files(str(path))
    shown = re.compile(re.escape(path.stem) + r"\s*" + re.escape(path.suffix))
    expect(page.locator(f"#{elem_id}")).to_contain_text(shown, timeout=timeout)
