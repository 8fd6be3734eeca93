"""A question file run from the page, with a fake answerer: progress, run folder, tables, and refusals."""

from __future__ import annotations

import json

import pytest

from qa.errors import BadQuestionFile
from qa.records import Answer, Highlight, Passage
from ui import batch
from ui.messages import sentence
from ui.runs import RunStore


def fake_ask_many(questions: list[str], k: int) -> list[Answer]:
    """Every question is 'answered' by one passage that contains 济南一号."""
    text = "我国发射了济南一号。"
    marks = (Highlight(0, len(text), text, "sentence", "001:p1.s1"), Highlight(5, 9, "济南一号", "answer"))
    p = Passage(1, "001.txt", "标题", "001:p1", 0, len(text), 1.0, text, marks)
    return [Answer(q, "zh", True, 0.9, (p,)) for q in questions]


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_run_reports_progress_writes_the_run_folder_and_builds_the_tables(tmp_path):
    rows = [{"id": f"q{i}", "question": f"卫星{i}叫什么?", "answer": "济南一号"} for i in range(40)]
    rows.append({"id": "bad", "question": "Who won the World Cup?", "answer": "Argentina"})
    path = _write(tmp_path / "qs.jsonl", rows)
    seen: list[tuple[int, int]] = []
    store = RunStore.create(tmp_path / "runs")
    outcome = batch.run_batch(fake_ask_many, path, 5, store, lambda done, total: seen.append((done, total)))

    assert seen[0] == (0, 41) and seen[-1] == (41, 41)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(outcome.run.results) == 41
    files = batch.downloads(outcome.files)
    assert [f.rsplit("/", 1)[1] for f in files] == ["results.csv", "results.jsonl", "report.html", "metrics.json"]
    assert all(f.startswith(str(store.root)) for f in files)

    header, table = batch.metrics_rows(outcome.run)
    assert header[0] == "指标 metric" and header[-1] == "n"
    assert any("hit@1" in r[0] for r in table)
    failures = batch.failure_rows(outcome.run)
    assert [r[0] for r in failures] == ["bad"]
    assert len(failures[0]) == len(batch.FAILURE_HEADER)
    assert "<svg" in batch.charts_html(outcome.run)
    assert 'data-questions="41"' in batch.summary_html(outcome)


def test_skipped_rows_are_listed(tmp_path):
    path = tmp_path / "qs.jsonl"
    path.write_text('{"question": "卫星叫什么?"}\nnot json\n', encoding="utf-8")
    outcome = batch.run_batch(fake_ask_many, path, 3, RunStore.create(tmp_path / "runs"))
    html = batch.summary_html(outcome)
    assert "line 2" in html and "qa-alert-warn" in html


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("bin.csv", bytes(range(256)) * 20, "binary"),
        ("noq.csv", b"foo,bar\n1,2\n", "no 'question' column"),
        ("empty.jsonl", b"", "empty"),
        ("latin.csv", "question\ncaf\xe9\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BadQuestionFile, match=says):
        batch.run_batch(fake_ask_many, path, 3, RunStore.create(tmp_path / "runs"))


def test_no_file_and_too_many_questions_are_refused(tmp_path, monkeypatch):
    store = RunStore.create(tmp_path / "runs")
    with pytest.raises(BadQuestionFile, match="no file"):
        batch.run_batch(fake_ask_many, None, 3, store)
    monkeypatch.setattr(batch, "MAX_QUESTIONS", 3)
    path = _write(tmp_path / "qs.jsonl", [{"question": f"问题{i}?"} for i in range(4)])
    with pytest.raises(BadQuestionFile) as err:
        batch.run_batch(fake_ask_many, path, 3, store)
    assert (err.value.found, err.value.limit) == (4, 3)
    assert "at most 3 questions" in sentence(err.value) and "qa " not in sentence(err.value), "the page's advice"
    assert store.runs() == []  # nothing written for a refused file


def test_run_store_keeps_only_the_newest_runs(tmp_path):
    store = RunStore.create(tmp_path / "runs", keep=3)
    made = [store.new_folder() for _ in range(5)]
    assert len({m.name for m in made}) == 5
    assert store.runs() == sorted(made)[-3:]
    assert all(m.parent == store.root for m in made)


def test_run_store_refuses_a_folder_with_other_files(tmp_path):
    from qa.errors import QAError

    (tmp_path / "notes.txt").write_text("private", encoding="utf-8")
    with pytest.raises(QAError, match="notes.txt"):
        RunStore.create(tmp_path)
    with pytest.raises(QAError, match="is a file"):
        RunStore.create(tmp_path / "notes.txt")
    again = RunStore.create(tmp_path / "runs")
    again.new_folder()
    assert RunStore.create(tmp_path / "runs").root == again.root  # a folder of earlier runs is fine
