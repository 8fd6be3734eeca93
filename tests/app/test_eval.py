"""`qa eval` with the scripted fake assistant: metrics and paths printed, comparison, workers, one-sentence errors."""

from __future__ import annotations

import json
import re

import pytest

from app.cli import main
from tests.qa.eval.fakes import SCRIPTS, FakeAssistant, Script, gold_rows


def _changed_fake(monkeypatch):
    """q5 fixed (IBM passage first), q1 broken (only an unrelated passage)."""
    monkeypatch.setitem(
        SCRIPTS, "How many members does the IBM network have?", Script(("001:p3",), True, 0.8)
    )
    monkeypatch.setitem(SCRIPTS, "段路明院士创办了哪家公司?", Script(("002:p2",), True, 0.2))


@pytest.fixture
def fake_assistant(monkeypatch):
    """The real command, with the scripted assistant in this process and in --workers processes."""
    monkeypatch.setattr("app.commands.eval.ASSISTANT", "tests.qa.eval.fakes:FakeAssistant")
    monkeypatch.setattr(
        "app.commands.common.load_assistant", lambda args, build_if_missing=False: FakeAssistant()
    )


@pytest.fixture
def question_file(tmp_path):
    path = tmp_path / "questions.jsonl"
    lines = [
        json.dumps({"id": i, "lang": lang, "question": q, "answer": a, "doc": d}, ensure_ascii=False)
        for i, lang, q, a, d in [(r.id, r.lang, r.question, r.answer, r.doc) for r in gold_rows()]
    ]
    path.write_text("\n".join(lines[:6] + ["{broken"]) + "\n", encoding="utf-8")
    return path


def test_cli_eval_prints_metrics_and_paths(tmp_path, question_file, fake_assistant, capsys):
    code = main(["eval", str(question_file), "--out", str(tmp_path / "run"), "--index", str(tmp_path), "-q"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "skipped line 7: not valid JSON" in err
    assert re.search(r"hit@1\s+0\.500\s+1\.000\s+0\.000\s+\+1\.000\s+4", out)
    assert "report.html" in out and "results.csv" in out
    assert (tmp_path / "run" / "report.html").is_file()


def test_cli_eval_without_out_writes_a_run_folder_of_its_own(tmp_path, question_file, fake_assistant, capsys,
                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["eval", str(question_file), "--index", str(tmp_path), "-q"]) == 0
    runs = sorted(tmp_path.glob(f"{question_file.stem}-run-*"))
    assert len(runs) == 1 and (runs[0] / "report.html").is_file()
    assert runs[0].name in capsys.readouterr().out  # the folder it wrote is named
    assert main(["eval", str(question_file), "--resume", "--index", str(tmp_path), "-q"]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--resume goes on with an earlier run" in err


def test_cli_compare(tmp_path, question_file, fake_assistant, capsys, monkeypatch):
    base = ["eval", str(question_file), "--index", str(tmp_path), "-q", "-k", "5"]
    assert main([*base, "--out", str(tmp_path / "old")]) == 0
    _changed_fake(monkeypatch)
    capsys.readouterr()
    assert main([*base, "--out", str(tmp_path / "new"), "--compare", str(tmp_path / "old")]) == 0
    out = capsys.readouterr().out
    assert "better / 变好: 1" in out and "[q5]" in out
    assert "worse / 变差: 1" in out and "[q1]" in out
    assert re.search(r"hit@1\s+0\.500\s+0\.500\s+\+0\.000", out)
    assert (tmp_path / "new" / "compare.json").is_file()


def test_cli_workers_give_the_same_results(tmp_path, question_file, fake_assistant):
    base = ["eval", str(question_file), "--index", str(tmp_path), "-q"]
    assert main([*base, "--out", str(tmp_path / "one")]) == 0
    assert main([*base, "--out", str(tmp_path / "two"), "--workers", "2"]) == 0
    one = (tmp_path / "one" / "results.jsonl").read_text(encoding="utf-8")
    assert one == (tmp_path / "two" / "results.jsonl").read_text(encoding="utf-8")


def test_cli_errors_are_one_sentence(tmp_path, fake_assistant, capsys):
    bad = tmp_path / "q.csv"
    bad.write_text("id,answer\n1,x\n", encoding="utf-8")
    assert main(["eval", str(bad), "--out", str(tmp_path / "r")]) == 1
    assert "no 'question' column" in capsys.readouterr().err
    good = tmp_path / "q.jsonl"
    good.write_text('{"question": "hi?"}\n', encoding="utf-8")
    assert (
        main(["eval", str(good), "--out", str(tmp_path / "r"), "--compare", str(tmp_path / "nowhere")]) == 1
    )
    assert "No results.jsonl" in capsys.readouterr().err
    assert main(["eval", str(good), "--out", str(tmp_path / "r"), "-k", "51"]) == 1
    assert "-k must be between 1 and 50" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["eval", str(good), "--out", str(tmp_path / "r"), "-k", "0"])
