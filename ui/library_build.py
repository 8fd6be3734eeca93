"""The library's index rebuilt in the background, in a child process, while the app answers from the last build.

``Rebuilder.request()`` starts ``python -m ui.library_build`` (or marks one
more pass when a build is running: an upload during a build is picked up by
the next). The child runs the ordinary build (``index.build``: into a new
build folder, ``current`` switched only when it is complete, unchanged files
neither read nor embedded again) and reports its progress as JSON lines;
parsing every uploaded file happens there, so a file that crashes a reader
cannot take the app down. When the child has switched ``current``, the next
request gets an assistant on the new build (``Assistant.newer``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ui.library_files import Added, LibraryFolder

STAGES = {  # the build's stages as the page says them
    "start": "准备 starting", "read": "读取文件 reading files", "embed chunks": "嵌入片段 embedding passages",
    "embed sentences": "嵌入句子 embedding sentences", "keywords": "关键词索引 keyword index",
    "vectors": "向量索引 vector index", "done": "完成 done",
}


@dataclass(frozen=True)
class Progress:
    """What the background build is doing now, or did last."""

    running: bool = False
    stage: str = ""
    done: int = 0
    total: int = 0
    started: float = 0.0
    finished: float = 0.0
    error: str = ""  # the sentence of a build that failed
    report: dict = field(default_factory=dict)  # the last complete build: documents, chunks, formats, skipped
    pending: bool = False  # another pass is asked for once this one ends
    builds: int = 0  # builds completed since the app started

    @property
    def label(self) -> str:
        return STAGES.get(self.stage, self.stage)


class Rebuilder:
    """One background build of ``corpus`` into ``index_dir`` at a time; progress readable from any thread."""

    def __init__(self, corpus: Path, index_dir: Path, model_id: str | None = None):
        self.corpus, self.index_dir, self.model_id = Path(corpus), Path(index_dir), model_id
        self._lock = threading.Lock()
        self._progress = Progress()
        self._child: subprocess.Popen | None = None

    @property
    def progress(self) -> Progress:
        return self._progress

    def request(self) -> Progress:
        """Rebuild soon: now if idle, else once the running build has finished."""
        with self._lock:
            if self._progress.running:
                self._progress = replace(self._progress, pending=True)
                return self._progress
            self._progress = replace(self._progress, running=True, stage="start", done=0, total=0,
                                     started=time.time(), error="", pending=False)
            threading.Thread(target=self._run, name="library-build", daemon=True).start()
            return self._progress

    def wait(self, timeout: float = 600.0) -> Progress:
        """Until no build runs or is pending (for tests and shutdown)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            p = self._progress
            if not p.running and not p.pending:
                return p
            time.sleep(0.1)
        return self._progress

    def stop(self) -> None:
        child = self._child
        if child is not None and child.poll() is None:
            child.terminate()

    def _set(self, **changes) -> None:
        with self._lock:
            self._progress = replace(self._progress, **changes)

    def _run(self) -> None:
        while True:
            self._once()
            with self._lock:
                if not self._progress.pending:
                    self._progress = replace(self._progress, running=False, finished=time.time())
                    return
                self._progress = replace(self._progress, pending=False, stage="start", done=0, total=0,
                                         started=time.time(), error="")

    def _once(self) -> None:
        cmd = [sys.executable, "-m", "ui.library_build", str(self.corpus), str(self.index_dir)]
        if self.model_id:
            cmd.append(self.model_id)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]),
                                                              os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
        try:
            child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                     encoding="utf-8", env=env)
        except OSError as exc:
            self._set(error=f"the build could not start ({exc.strerror or exc}) 无法启动构建")
            return
        self._child = child
        error = ""
        for line in child.stdout:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if "stage" in msg:
                self._set(stage=msg["stage"], done=int(msg.get("done", 0)), total=int(msg.get("total", 0)))
            elif "report" in msg:
                self._set(report=msg["report"], builds=self._progress.builds + 1)
            elif "error" in msg:
                error = str(msg["error"])
        code = child.wait()
        self._child = None
        if code != 0 and not error:
            error = f"the build stopped (exit status {code}) 构建中途停止"
        if error:
            self._set(error=error)


class Library:
    """The managed library: its folder, and the background build that indexes what is added or removed."""

    def __init__(self, folder: LibraryFolder, index_dir: Path | None = None, model_id: str | None = None):
        self.folder = folder
        self.index_dir = Path(index_dir) if index_dir else folder.index_dir
        self.rebuilder = Rebuilder(folder.root, self.index_dir, model_id)

    @property
    def progress(self):
        return self.rebuilder.progress

    def add(self, uploads: list[tuple[str, Path]], uploaded_to: Path | None = None) -> list[Added]:
        added = self.folder.add(uploads, uploaded_to)
        if any(not a.duplicate for a in added):
            self.rebuilder.request()
        return added

    def remove(self, name: str) -> None:
        self.folder.remove(name)
        self.rebuilder.request()


def _say(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def main(argv: list[str]) -> int:
    """The child: build ``corpus`` into ``index`` with the index's model, progress as JSON lines on stdout."""
    corpus, index_dir = Path(argv[0]), Path(argv[1])
    model = argv[2] if len(argv) > 2 else None
    from index.build import build
    from index.embed import load_query_embedder
    from index.errors import QAError
    from qa.pipeline.calibrate import finish
    from ui.messages import sentence

    try:
        embedder = load_query_embedder(model)  # the bundled model without torch: the vectors the app's own are
        report = build(corpus, index_dir, embedder=embedder,
                       progress=lambda stage, done, total: _say({"stage": stage, "done": done, "total": total}),
                       finish=lambda folder: finish(folder, embedder))  # the build's own thresholds
    except QAError as exc:
        _say({"error": sentence(exc)})
        return 1
    _say({"report": {"documents": report.documents, "chunks": report.chunks, "embedded": report.embedded,
                     "seconds": report.seconds, "formats": report.formats,
                     "skipped": [{"file": s.path, "reason": s.reason, "facts": s.facts} for s in report.skipped]}})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
