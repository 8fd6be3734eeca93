"""A run written as it goes: each batch appended to ``results.jsonl`` and ``results.csv`` when it is answered.

Memory is bounded by the batch, not the file: no answer is kept once it is
on disk. The metrics and the report are computed at the end from the
results file itself (``qa.eval.tally``), so what ``metrics.json`` says is what
``results.jsonl`` holds. ``run.json`` records what the results were asked with
(the question file's SHA-256, ``k``, the metrics) and the seconds spent, so a
run that was killed or failed keeps every batch it finished and
``resume=True`` answers only the questions whose ids are not in the file yet.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.errors import BadRunFolder
from qa.eval.metrics import default_metrics, get_metric
from qa.eval.questions import QuestionFile
from qa.eval.run import AnswerFn, answered
from qa.eval.runfolder import (
    ResultWriter,
    RunFiles,
    iter_saved,
    rewrite_table,
    run_files,
    saved_results,
    write_atomic,
    write_summary,
)
from qa.eval.tally import RunSummary, tally

STATE = "run.json"
STATE_FORMAT = 1


@dataclass(frozen=True)
class StreamedRun:
    files: RunFiles
    summary: RunSummary
    resumed: int  # results already in the folder when this run started (only with resume)
    answered: int  # questions answered by this run


def questions_digest(questions: QuestionFile) -> str:
    """What identifies the question file: its bytes' SHA-256, else (rows given in memory) its rows'."""
    h = hashlib.sha256()
    if questions.path and Path(questions.path).is_file():
        with open(questions.path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    else:
        for r in questions.rows:
            h.update(json.dumps([r.id, r.question, r.lang, r.answer, r.doc], ensure_ascii=False).encode())
    return h.hexdigest()


def _write_state(files: RunFiles, state: dict) -> None:
    text = json.dumps(state, ensure_ascii=False, indent=2) + "\n"
    write_atomic(files.folder / STATE, lambda p: p.write_text(text, encoding="utf-8"))


def _read_state(folder: Path) -> dict | None:
    try:
        state = json.loads((folder / STATE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise BadRunFolder("bad_line", path=folder / STATE, found=1, detail=str(exc)) from None
    return state if isinstance(state, dict) else None


def _resume_point(files: RunFiles, state: dict | None, expected: dict) -> tuple[set[str], float]:
    """The ids already answered; the results file cut after its last whole line, the CSV rebuilt from it."""
    if not files.results_jsonl.exists():
        return set(), 0.0
    if state is None:
        raise BadRunFolder("no_state", path=files.folder)
    for key in ("questions_sha256", "k", "names"):
        if state.get(key) != expected[key]:
            what = {"questions_sha256": "the question file", "k": "k", "names": "the metrics"}[key]
            raise BadRunFolder("resume_mismatch", path=files.folder, expected=f"{what} {state.get(key)}"[:80],
                               found=f"{expected[key]}"[:80])  # fmt: skip
    done: set[str] = set()
    end = 0
    for saved in iter_saved(files.folder, torn_tail=True):
        done.add(saved.row.id)
        end = saved.end
    with open(files.results_jsonl, "r+b") as f:  # a line cut off by the kill is answered again
        f.truncate(end)
    rewrite_table(files, saved_results(files.folder, expected["k"]))
    return done, float(state.get("seconds", 0.0))


def stream_run(
    questions: QuestionFile,
    answer_fn: AnswerFn,
    out_dir: str | Path,
    k: int = 10,
    batch_size: int = 32,
    progress: bool = True,
    resume: bool = False,
    names: Sequence[str] | None = None,
) -> StreamedRun:
    """Answer the questions into ``out_dir`` batch by batch, then score the run from its files."""
    if k < 1 or batch_size < 1:
        raise ValueError("k and batch_size must be at least 1")
    names = tuple(names or default_metrics(k))
    for name in names:
        get_metric(name)  # fail before answering anything
    files = run_files(out_dir)
    state = {"format": STATE_FORMAT, "source": questions.path, "questions_sha256": questions_digest(questions),
             "k": k, "names": list(names), "seconds": 0.0, "finished": False}  # fmt: skip
    done: set[str] = set()
    if resume:
        done, state["seconds"] = _resume_point(files, _read_state(files.folder), state)
    for stale in (files.metrics_json, files.report_html):  # a new run's results never sit beside old metrics
        stale.unlink(missing_ok=True)
    _write_state(files, state)
    rows = [r for r in questions.rows if r.id not in done]
    started, spent = time.perf_counter(), state["seconds"]
    with ResultWriter(files, names, append=bool(done)) as writer:
        for batch in answered(rows, answer_fn, k, batch_size, progress):
            writer.write(batch)
            state["seconds"] = spent + time.perf_counter() - started
            _write_state(files, state)
    summary = tally(saved_results(files.folder, k), k, names).summary(questions.problems, questions.path,
                                                                       state["seconds"])  # fmt: skip
    write_summary(summary, files)
    state["finished"] = True
    _write_state(files, state)
    return StreamedRun(files, summary, len(done), len(rows))
