"""A run folder: plain files (``results.jsonl``, ``results.csv``, ``metrics.json``, ``report.html``).

Written by ``write_run`` from an ``EvalRun``; read back by ``read_run`` for
comparison or re-scoring, without the model or the index.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from qa import csvsafe
from qa.errors import BadRunFolder
from qa.eval.metrics import judge
from qa.eval.questions import QuestionRow
from qa.eval.report import render_report
from qa.eval.run import EvalRun, QuestionResult, failure_reasons, verdicts
from qa.eval.tally import RunSummary, summarise
from qa.records import Answer, Highlight, Passage

RESULTS_JSONL = "results.jsonl"
RESULTS_CSV = "results.csv"
METRICS_JSON = "metrics.json"
REPORT_HTML = "report.html"
COMPARE_JSON = "compare.json"


@dataclass(frozen=True)
class RunFiles:
    folder: Path
    results_jsonl: Path
    results_csv: Path
    metrics_json: Path
    report_html: Path


def result_to_dict(result: QuestionResult, names: Sequence[str]) -> dict:
    """One ``results.jsonl`` line: input id, the ask object, the gold fields, the verdicts."""
    row = result.row
    out = {"id": row.id, "line": row.line, **result.answer.to_dict()}
    out["group"] = row.group
    out["gold"] = {"answer": row.answer, "doc": row.doc, "lang": row.lang, "answerable": row.gold_answerable}
    out["verdicts"] = verdicts(result, names)
    if result.error:
        out["error"] = result.error
    return out


def _csv_row(result: QuestionResult) -> list:
    a, row, j = result.answer, result.row, result.judged
    top = a.passages[0] if a.passages else None
    return csvsafe.row([
        row.id,
        row.question,
        row.group,
        a.answerable,
        round(a.confidence, 4),
        top.citation if top else "",
        top.reference if top else "",
        j.sentence or "",
        j.span or "",
        row.answer if row.answer is not None else "",
        row.doc or "",
        j.hit_rank or "",
        "yes" if result.failed else "",
        result.error,
    ])


CSV_HEADER = [
    "id",
    "question",
    "lang",
    "answerable",
    "confidence",
    "citation",
    "reference",
    "sentence",
    "answer_span",
    "expected_answer",
    "expected_doc",
    "hit_rank",
    "failed",
    "error",
]


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


def run_files(out_dir: str | Path) -> RunFiles:
    """The run folder's files, the folder created (refused when it is a file)."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise BadRunFolder("is_a_file", path=folder)
    folder.mkdir(parents=True, exist_ok=True)
    return RunFiles(folder, folder / RESULTS_JSONL, folder / RESULTS_CSV, folder / METRICS_JSON, folder / REPORT_HTML)


class ResultWriter:
    """``results.jsonl`` and ``results.csv`` written a batch at a time: each batch is on disk (flushed and
    synced) before the next is answered, so a run that is killed keeps every batch it finished."""

    def __init__(self, files: RunFiles, names: tuple[str, ...], append: bool = False):
        self.names = names
        self.jsonl = files.results_jsonl.open("a" if append else "w", encoding="utf-8")
        fresh = not append or not files.results_csv.exists() or files.results_csv.stat().st_size == 0
        # BOM: Excel then reads Chinese right
        self.csv = files.results_csv.open("w" if fresh else "a", encoding="utf-8-sig" if fresh else "utf-8",
                                          newline="")  # fmt: skip
        self.table = csv.writer(self.csv)
        if fresh:
            self.table.writerow(CSV_HEADER)

    def write(self, results: Sequence[QuestionResult]) -> None:
        self.jsonl.write("".join(json.dumps(result_to_dict(r, self.names), ensure_ascii=False) + "\n"
                                 for r in results))  # fmt: skip
        self.table.writerows(_csv_row(r) for r in results)
        for f in (self.jsonl, self.csv):
            f.flush()
            os.fsync(f.fileno())

    def close(self) -> None:
        self.jsonl.close()
        self.csv.close()

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def rewrite_table(files: RunFiles, results: Iterable[QuestionResult]) -> None:
    """``results.csv`` written whole again, from results read back (a resumed run cut ``results.jsonl``)."""

    def table(p: Path) -> None:
        with p.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(CSV_HEADER)
            w.writerows(_csv_row(r) for r in results)

    write_atomic(files.results_csv, table)


def write_summary(summary: RunSummary, files: RunFiles) -> None:
    """``metrics.json`` and ``report.html``, each replaced whole."""
    text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
    write_atomic(files.metrics_json, lambda p: p.write_text(text, encoding="utf-8"))
    write_atomic(files.report_html, lambda p: p.write_text(render_report(summary), encoding="utf-8"))


def write_run(run: EvalRun, out_dir: str | Path) -> RunFiles:
    """Write the four files of a run held in memory (overwriting an earlier run there)."""
    files = run_files(out_dir)
    for path in (files.results_jsonl, files.results_csv):
        tmp = path.with_name(path.name + ".tmp")
        tmp.unlink(missing_ok=True)
    tmp_files = replace(files, results_jsonl=files.results_jsonl.with_name(RESULTS_JSONL + ".tmp"),
                        results_csv=files.results_csv.with_name(RESULTS_CSV + ".tmp"))  # fmt: skip
    with ResultWriter(tmp_files, run.names) as writer:
        writer.write(run.results)
    os.replace(tmp_files.results_jsonl, files.results_jsonl)
    os.replace(tmp_files.results_csv, files.results_csv)
    write_summary(summarise(run), files)
    return files


def answer_from_dict(d: dict) -> Answer:
    """Rebuild an ``Answer`` from its ``qa ask --json`` object."""
    passages = tuple(
        Passage(
            rank=int(p["rank"]),
            doc=p["doc"],
            title=p.get("title", ""),
            citation=p.get("citation", ""),
            start=int(p["start"]),
            end=int(p["end"]),
            score=float(p.get("score", 0.0)),
            text=p["text"],
            highlights=tuple(
                Highlight(int(h["start"]), int(h["end"]), h["text"], h["kind"], h.get("citation", ""))
                for h in p.get("highlights", ())
            ),
            reference=p.get("reference", ""),
        )
        for p in d.get("passages", ())
    )
    return Answer(d["question"], d.get("lang", ""), bool(d["answerable"]), float(d["confidence"]), passages)


@dataclass(frozen=True)
class SavedRun:
    folder: str
    k: int
    rows: tuple[QuestionRow, ...]
    answers: tuple[Answer, ...]
    errors: tuple[str, ...]  # per question, "" when it was answered


@dataclass(frozen=True)
class SavedResult:
    line: int  # in results.jsonl
    end: int  # byte offset just after this line
    row: QuestionRow
    answer: Answer
    error: str


def _saved(d: dict, n: int) -> tuple[QuestionRow, Answer, str]:
    gold = d.get("gold") or {}
    row = QuestionRow(str(d["id"]), int(d.get("line", n)), d["question"], gold.get("lang"), gold.get("answer"),
                      gold.get("doc"))  # fmt: skip
    return row, answer_from_dict(d), str(d.get("error", ""))


def iter_saved(folder: str | Path, torn_tail: bool = False) -> Iterator[SavedResult]:
    """The results of a run folder one at a time, so a large run is never held whole.

    A line that is not UTF-8 or not a result raises ``BadRunFolder`` naming it; with ``torn_tail``, a last
    line cut off by a killed run (no newline) ends the results instead (``--resume`` writes over it).
    """
    path = Path(folder) / RESULTS_JSONL
    if not path.is_file():
        raise BadRunFolder("no_run", path=Path(folder), expected=RESULTS_JSONL)
    offset = 0
    with path.open("rb") as f:
        for n, raw in enumerate(f, start=1):
            offset += len(raw)
            if not raw.strip():
                continue
            try:
                row, answer, error = _saved(json.loads(raw.decode("utf-8")), n)
            except (ValueError, KeyError, TypeError, AttributeError) as exc:  # ValueError: JSON, UTF-8, numbers
                if torn_tail and not raw.endswith(b"\n"):
                    return
                why = f"not UTF-8 at byte {exc.start + 1}" if isinstance(exc, UnicodeDecodeError) else str(exc)
                raise BadRunFolder("bad_line", path=path, found=n, detail=why) from None
            yield SavedResult(n, offset, row, answer, error)


def saved_k(folder: str | Path) -> int:
    """The run's ``k``: from ``metrics.json``, else the most passages any answer has."""
    metrics_path = Path(folder) / METRICS_JSON
    if metrics_path.is_file():
        try:
            return max(1, int(json.loads(metrics_path.read_text(encoding="utf-8"))["k"]))
        except (json.JSONDecodeError, UnicodeDecodeError, OSError, ValueError, TypeError, KeyError):
            pass
    return max(1, max((len(s.answer.passages) for s in iter_saved(folder)), default=0))


def saved_results(folder: str | Path, k: int) -> Iterator[QuestionResult]:
    """Each saved result judged again at ``k`` (the metrics come from the files, not from memory)."""
    for s in iter_saved(folder):
        j = judge(s.row, s.answer, k)
        yield QuestionResult(s.row, s.answer, j, failure_reasons(j, k, s.error), s.error)


def read_run(folder: str | Path) -> SavedRun:
    """Load a whole run folder written by ``write_run`` (for re-scoring a small run; compare streams)."""
    saved = list(iter_saved(folder))
    return SavedRun(str(folder), saved_k(folder), tuple(s.row for s in saved), tuple(s.answer for s in saved),
                    tuple(s.error for s in saved))  # fmt: skip
