"""A run folder: plain files (``results.jsonl``, ``results.csv``, ``metrics.json``, ``report.html``).

Written by ``write_run`` from an ``EvalRun``; read back by ``read_run`` for
comparison or re-scoring, without the model or the index.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.errors import BadRunFolder
from qa.eval.questions import QuestionRow
from qa.eval.report import render_report
from qa.eval.run import EvalRun, QuestionResult, verdicts
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
    return [
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
    ]


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


def write_run(run: EvalRun, out_dir: str | Path) -> RunFiles:
    """Write the four files of a run folder (overwriting an earlier run there)."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise BadRunFolder("is_a_file", path=folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = RunFiles(
        folder, folder / RESULTS_JSONL, folder / RESULTS_CSV, folder / METRICS_JSON, folder / REPORT_HTML
    )

    def jsonl(p: Path) -> None:
        with p.open("w", encoding="utf-8") as f:
            for r in run.results:
                f.write(json.dumps(result_to_dict(r, run.names), ensure_ascii=False) + "\n")

    def table(p: Path) -> None:
        with p.open("w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel then reads Chinese right
            w = csv.writer(f)
            w.writerow(CSV_HEADER)
            w.writerows(_csv_row(r) for r in run.results)

    def metrics(p: Path) -> None:
        p.write_text(json.dumps(run.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    def report(p: Path) -> None:
        p.write_text(render_report(run), encoding="utf-8")

    write_atomic(files.results_jsonl, jsonl)
    write_atomic(files.results_csv, table)
    write_atomic(files.metrics_json, metrics)
    write_atomic(files.report_html, report)
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


def read_run(folder: str | Path) -> SavedRun:
    """Load a run folder written by ``write_run`` (for comparison or re-scoring)."""
    folder = Path(folder)
    path = folder / RESULTS_JSONL
    if not path.is_file():
        raise BadRunFolder("no_run", path=folder, expected=RESULTS_JSONL)
    rows, answers, errors = [], [], []
    longest = 0
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                gold = d.get("gold") or {}
                rows.append(
                    QuestionRow(
                        str(d["id"]),
                        int(d.get("line", n)),
                        d["question"],
                        gold.get("lang"),
                        gold.get("answer"),
                        gold.get("doc"),
                    )
                )
                answers.append(answer_from_dict(d))
                errors.append(str(d.get("error", "")))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise BadRunFolder("bad_line", path=path, found=n, detail=str(exc)) from None
            longest = max(longest, len(answers[-1].passages))
    k = longest
    metrics_path = folder / METRICS_JSON
    if metrics_path.is_file():
        try:
            k = int(json.loads(metrics_path.read_text(encoding="utf-8")).get("k", longest))
        except (json.JSONDecodeError, ValueError, TypeError):
            k = longest
    return SavedRun(str(folder), max(k, 1), tuple(rows), tuple(answers), tuple(errors))
