"""Where the app writes batch runs: one fresh folder per run under one root, the oldest pruned.

The root is the only folder of the machine the app hands out files from
(``allowed_paths`` of the launch); a folder name is made here, never taken
from a request, so no upload or URL can point outside it.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from qa.errors import BadRunFolder

PREFIX = "run-"


@dataclass(frozen=True)
class RunStore:
    root: Path
    keep: int = 20  # runs kept on disk; older ones are deleted when a new one starts

    @classmethod
    def create(cls, root: str | Path | None = None, keep: int = 20) -> RunStore:
        """A new temporary folder, or ``root``, which must be empty or hold only earlier runs.

        Everything under the root can be downloaded from the app, so a folder
        with other files in it is refused rather than exposed.
        """
        folder = Path(root) if root else Path(tempfile.mkdtemp(prefix="qa-serve-runs-"))
        if folder.exists() and not folder.is_dir():
            raise BadRunFolder("runs_is_file", path=folder)
        folder.mkdir(parents=True, exist_ok=True)
        others = sorted(p.name for p in folder.iterdir() if not p.name.startswith(PREFIX))
        if others:
            shown = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
            raise BadRunFolder("foreign_files", path=folder, found=shown)
        return cls(folder.resolve(), keep)

    def new_folder(self) -> Path:
        self.prune(self.keep - 1)
        ns = time.time_ns()  # names sort in creation order: seconds, then nanoseconds, then a random tail
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(ns // 1_000_000_000))
        name = f"{PREFIX}{stamp}-{ns % 1_000_000_000:09d}-{uuid.uuid4().hex[:6]}"
        folder = self.root / name
        folder.mkdir()
        return folder

    def runs(self) -> list[Path]:
        return sorted(p for p in self.root.iterdir() if p.is_dir() and p.name.startswith(PREFIX))

    def prune(self, keep: int) -> None:
        runs = self.runs()
        for old in runs[: max(0, len(runs) - max(0, keep))]:
            shutil.rmtree(old, ignore_errors=True)
