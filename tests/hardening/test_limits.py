"""Inputs over a stated limit are refused, and the refusal names the limit."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from index.build import build
from index.extract import MAX_TEXT_BYTES as MAX_FILE_BYTES
from qa.errors import BadQuestion, BadQuestionFile
from qa.eval.questions import MAX_BYTES, parse_questions, read_questions
from qa.limits import MAX_QUESTION_CHARS, check_question
from qa.provenance.find import MAX_FIND_CHARS, find
from tests.conftest import FakeEmbedder
from tests.hardening.conftest import write_corpus


def test_a_question_over_the_limit_is_refused_naming_it(tiny_assistant):
    at_limit = "量" * MAX_QUESTION_CHARS
    assert check_question(at_limit) == at_limit
    with pytest.raises(BadQuestion, match=f"{MAX_QUESTION_CHARS:,}-character limit"):
        tiny_assistant.ask("量" * (MAX_QUESTION_CHARS + 1))
    with pytest.raises(BadQuestion, match=f"{MAX_QUESTION_CHARS:,}-character limit"):
        tiny_assistant.ask("How many qubits? " * 10_000)  # 170,000 characters: refused before any work


def test_a_quote_over_the_limit_is_refused_naming_it(tiny_assistant):
    with pytest.raises(BadQuestion, match=f"{MAX_FIND_CHARS:,}-character limit"):
        find(tiny_assistant.finder, "量子" * MAX_FIND_CHARS)


def test_a_question_file_over_the_limit_is_refused_naming_it(tmp_path, capsys):
    path = tmp_path / "big.jsonl"
    with open(path, "wb") as fh:  # sparse: costs no disk
        fh.truncate(MAX_BYTES + 1)
    limit = f"{MAX_BYTES / 1e6:.0f} MB limit"
    with pytest.raises(BadQuestionFile, match=limit):
        read_questions(path)
    code = main(["eval", str(path), "--out", str(tmp_path / "run"), "--index", str(tmp_path / "none")])
    err = capsys.readouterr().err.strip()
    assert code != 0 and limit in err and len(err.splitlines()) == 1, "refused before any index or model loads"


def test_too_many_rows_and_an_overlong_row_are_named():
    rows = "\n".join(json.dumps({"question": f"问题{i}"}) for i in range(4))
    with pytest.raises(BadQuestionFile, match="more than 3 rows"):
        parse_questions(rows, fmt="jsonl", max_rows=3)
    long_row = json.dumps({"question": "长" * (MAX_QUESTION_CHARS + 1)}) + "\n" + json.dumps({"question": "短问题"})
    qf = parse_questions(long_row, fmt="jsonl")
    assert [r.question for r in qf.rows] == ["短问题"]
    assert f"{MAX_QUESTION_CHARS:,} limit" in str(qf.problems[0])


def test_a_corpus_file_over_the_limit_is_skipped_naming_it(tmp_path, capsys):
    """A file over its format's limit is not read (it is listed with the limit); the rest of the corpus is."""
    corpus = write_corpus(tmp_path / "corpus")
    with open(corpus / "huge.txt", "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    limit = f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit"
    report = build(corpus, tmp_path / "index", embedder=FakeEmbedder())
    assert [(s.path, s.reason) for s in report.skipped] == [("huge.txt", "too_large")] and report.documents == 4
    code = main(["build", "--corpus", str(corpus), "--index", str(tmp_path / "index2"), "--quiet"])
    out, err = capsys.readouterr()
    line = next(ln for ln in out.splitlines() if "huge.txt" in ln)
    assert code == 0 and limit in line and "Traceback" not in err
