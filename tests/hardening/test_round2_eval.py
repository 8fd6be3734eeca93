"""`qa eval` streams (issue 17, section 4): each batch is on disk when answered, a killed run resumes, memory is
bounded by the batch, every output path is checked before any work, and the CSV runs no formula."""

from __future__ import annotations

import csv
import io
import json
import re
import tracemalloc

import pytest

from app.cli import main
from qa.eval.questions import QuestionFile, QuestionRow, parse_questions
from qa.eval.run import evaluate
from qa.eval.runfolder import write_run
from qa.eval.stream import stream_run
from qa.records import Answer, Highlight, Passage
from tests.qa.eval.fakes import FakeAnswerFn, FakeAssistant, gold_rows


def _questions(n: int) -> QuestionFile:
    lines = [json.dumps({"id": f"r{i}", "question": f"第{i}个问题：量子计算机有多少个量子比特?",
                         "answer": "72" if i >= 20 else ""}, ensure_ascii=False) for i in range(n)]  # fmt: skip
    return parse_questions("\n".join(lines), fmt="jsonl")


def _big_answer(question: str) -> Answer:
    """Ten passages of 400 characters each, as the real assistant returns: what a run must not keep."""
    passages = []
    for rank in range(1, 11):
        text = f"{question}量子比特72个。" + "量" * 380
        passages.append(Passage(rank, "001.txt", "标题", f"001:p{rank}", 0, len(text), 1 / rank, text,
                                (Highlight(0, 10, text[:10], "sentence"),), "《标题》"))  # fmt: skip
    return Answer(question, "zh", True, 0.5, tuple(passages))


def _big_fn(questions):
    return [_big_answer(q) for q in questions]


class Killed(Exception):
    pass


def test_a_run_killed_midway_keeps_its_batches_and_resumes_to_the_same_result(tmp_path):
    qf = QuestionFile(tuple(gold_rows()), (), "")
    stream_run(qf, FakeAnswerFn(), tmp_path / "whole", k=5, batch_size=2, progress=False)
    calls = 0

    def dies(questions):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Killed
        return FakeAnswerFn()(questions)

    with pytest.raises(Killed):
        stream_run(qf, dies, tmp_path / "run", k=5, batch_size=2, progress=False)
    saved = (tmp_path / "run" / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(saved) == 4, "the two batches answered before the failure are on disk"
    assert not (tmp_path / "run" / "metrics.json").exists()
    with open(tmp_path / "run" / "results.jsonl", "a", encoding="utf-8") as f:
        f.write('{"id": "q5", "line": 5, "quest')  # a line cut off by SIGKILL
    fn = FakeAnswerFn()
    resumed = stream_run(qf, fn, tmp_path / "run", k=5, batch_size=2, progress=False, resume=True)
    assert [q for batch in fn.calls for q in batch] == [r.question for r in gold_rows()[4:]], "only the rest"
    assert resumed.resumed == 4 and resumed.answered == 3
    for name in ("results.jsonl", "results.csv"):
        assert (tmp_path / "run" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    strip = lambda p: {k: v for k, v in json.loads(p.read_text(encoding="utf-8")).items() if k != "seconds"}  # noqa: E731
    assert strip(tmp_path / "run" / "metrics.json") == strip(tmp_path / "whole" / "metrics.json")


def test_streamed_metrics_are_those_of_the_run_held_in_memory(tmp_path):
    rows = gold_rows()
    held = evaluate(rows, FakeAnswerFn(), k=10, progress=False)
    write_run(held, tmp_path / "held")
    stream_run(QuestionFile(tuple(rows)), FakeAnswerFn(), tmp_path / "streamed", k=10, batch_size=3, progress=False)
    for name in ("results.jsonl", "results.csv", "report.html"):
        held_bytes = (tmp_path / "held" / name).read_bytes()
        streamed_bytes = (tmp_path / "streamed" / name).read_bytes()
        if name == "report.html":  # the seconds differ
            held_bytes, streamed_bytes = (re.sub(rb"[0-9.]+ s", b"", b) for b in (held_bytes, streamed_bytes))
        assert held_bytes == streamed_bytes, name
    metrics = [json.loads((tmp_path / d / "metrics.json").read_text(encoding="utf-8")) for d in ("held", "streamed")]
    for m in metrics:
        m.pop("seconds")
    assert metrics[0] == metrics[1]


def test_resume_refuses_another_question_file(tmp_path):
    stream_run(_questions(5), _big_fn, tmp_path / "run", k=3, progress=False)
    code = main(["eval", str(_write(tmp_path / "other.jsonl", 6)), "--out", str(tmp_path / "run"), "--resume",
                 "--index", str(tmp_path / "none")])  # fmt: skip
    assert code == 1


def _write(path, n):
    path.write_text("\n".join(json.dumps({"id": i, "question": f"问题{i}?"}) for i in range(n)) + "\n",
                    encoding="utf-8")
    return path


def _peak(n: int, tmp_path) -> int:
    qf = _questions(n)
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    stream_run(qf, _big_fn, tmp_path / f"run{n}", k=10, batch_size=32, progress=False)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return peak


def test_memory_is_bounded_by_the_batch_not_the_file(tmp_path):
    small, large = _peak(300, tmp_path), _peak(2_400, tmp_path)
    answers_of_large = 2_400 * 10 * 400 * 2  # what holding every answer would cost, at least
    assert large < 1.3 * small + 500_000, (small, large)  # a few numbers per question (its confidence) remain
    assert large < answers_of_large / 5  # holding them would need 19 MB; the peak is ~2 MB, varying by run


def test_every_output_path_is_checked_before_any_work(tmp_path, monkeypatch, capsys):
    loads = []
    monkeypatch.setattr("app.commands.common.load_assistant",
                        lambda args, build_if_missing=False: loads.append(1) or FakeAssistant())  # fmt: skip
    questions = _write(tmp_path / "q.jsonl", 3)
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    binary = tmp_path / "binary_run"
    binary.mkdir()
    (binary / "results.jsonl").write_bytes(b"\x00\xff\xfe\x89PNG\r\n" * 50)
    for argv, said in [
        (["--out", "/proc/foo"], "/proc"),
        (["--out", str(a_file)], "is a file, not a folder"),
        (["--out", str(a_file / "deeper")], "is a file, not a folder"),
        (["--out", str(tmp_path / "r"), "--compare", str(binary)], "line 1 is not a qa eval result"),
        (["--out", str(tmp_path / "r"), "--compare", str(tmp_path / "nowhere")], "No results.jsonl"),
    ]:
        code = main(["eval", str(questions), *argv, "--index", str(tmp_path / "none")])
        err = capsys.readouterr().err
        assert code == 1 and said in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert not loads, "nothing was loaded, nothing answered"
    for argv, said in [
        (["--out", str(tmp_path)], "is a folder, not a file"),
        (["--out", "/proc/self/nope.csv"], "/proc"),
        (["--out", str(tmp_path / "missing" / "x.csv")], "does not exist"),
    ]:
        code = main(["find", "--file", str(questions), *argv, "--index", str(tmp_path / "none"), "--no-server"])
        err = capsys.readouterr().err
        assert code == 1 and said in err and len(err.strip().splitlines()) == 1, err
    assert not loads


FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_results_csv_runs_no_formula(tmp_path):
    rows = [QuestionRow(f"=id{i}", i + 1, q, answer="=1+1") for i, q in enumerate(FORMULAS)]
    stream_run(QuestionFile(tuple(rows)), _big_fn, tmp_path / "run", k=3, progress=False)
    with open(tmp_path / "run" / "results.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    cells = [c for row in table[1:] for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert [r[1] for r in table[1:]] == ["'" + q for q in FORMULAS]
    jsonl = [json.loads(ln) for ln in (tmp_path / "run" / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["question"] for d in jsonl] == FORMULAS, "the JSON record keeps the exact text"


def test_find_csv_runs_no_formula():
    from app.commands.find import format_rows

    rows = [dict(line=1, text=t, verdict="not found", score=0.1, citation="-x", reference="=r", source_text="@s",
                 doc="d", start=0, end=1, error="") for t in FORMULAS[:-1]]  # fmt: skip
    # (a looked-up line is stripped, so no cell of this table begins with a carriage return)
    table = list(csv.reader(io.StringIO(format_rows(rows, "csv"), newline="")))
    assert len(table) == len(FORMULAS)
    assert not [c for row in table[1:] for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
