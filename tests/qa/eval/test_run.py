"""Batch evaluation with a scripted fake assistant: exact metrics, files, gold isolation, comparison."""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections import Counter

import pytest

from qa.errors import BadQuestion, QAError
from qa.eval.compare import compare_runs
from qa.eval.questions import QuestionFile, QuestionRow, RowProblem
from qa.eval.run import evaluate
from qa.eval.runfolder import read_run, write_run
from tests.qa.eval.fakes import SCRIPTS, FakeAnswerFn, Script, fake_answer, gold_rows

# Worked out by hand from tests/qa/eval/fakes.py (gold-answerable: q1 q2 q3 q5; unanswerable: q4 q6):
#   q1 zh: answer in passage 1; sentence has it; span 华翊量子公司 vs 华翊量子: EM 0, F1 0.8; nDCG 1
#   q2 en: answer in passage 2 (rr 0.5); wrong sentence and span; expected doc at rank 2: nDCG 1/log2(3)
#   q3 zh: "2018 年" in passage 1 (of another doc) and 2; sentence and span right; nDCG 1/log2(3)
#   q5 en: answer nowhere: 0 everywhere
#   q4 en: called unanswerable (right); q6 zh: answered (wrong); q7: no gold
L3 = 1 / math.log2(3)
EXPECTED = {
    "overall": {
        "hit@1": 2 / 4, "hit@3": 3 / 4, "hit@5": 3 / 4, "hit@10": 3 / 4, "mrr@10": (1 + 0.5 + 1 + 0) / 4,
        "ndcg@10": (1 + L3 + L3 + 0) / 4, "sentence_acc": 2 / 4, "span_em": 1 / 4, "span_f1": (0.8 + 1) / 4,
        "unanswerable_precision": 1.0, "unanswerable_recall": 1 / 2,
    },
    "zh": {
        "hit@1": 1.0, "hit@3": 1.0, "hit@5": 1.0, "hit@10": 1.0, "mrr@10": 1.0, "ndcg@10": (1 + L3) / 2,
        "sentence_acc": 1.0, "span_em": 0.5, "span_f1": 0.9, "unanswerable_precision": None,
        "unanswerable_recall": 0.0,
    },
    "en": {
        "hit@1": 0.0, "hit@3": 0.5, "hit@5": 0.5, "hit@10": 0.5, "mrr@10": 0.25, "ndcg@10": L3 / 2,
        "sentence_acc": 0.0, "span_em": 0.0, "span_f1": 0.0, "unanswerable_precision": 1.0,
        "unanswerable_recall": 1.0,
    },
}  # fmt: skip


def approx(d: dict) -> dict:
    return {k: (pytest.approx(v) if v is not None else None) for k, v in d.items()}


@pytest.fixture
def run_dir(tmp_path):
    run = evaluate(gold_rows(), FakeAnswerFn(), k=10, progress=False)
    write_run(run, tmp_path / "run")
    return tmp_path / "run"


def test_metrics_by_hand():
    run = evaluate(gold_rows(), FakeAnswerFn(), k=10, progress=False)
    for group, expected in EXPECTED.items():
        assert run.table.values[group] == approx(expected), group
    assert run.table.gap["hit@1"] == 1.0
    assert run.table.gap["unanswerable_precision"] is None
    assert run.curves["en"][:3] == [0.0, 0.5, 0.5]
    assert {r.row.id: r.reasons for r in run.results if r.failed} == {
        "q5": ("miss",),
        "q6": ("false_answerable",),
    }


def test_batches_keep_order_and_use_each_question_once():
    fake = FakeAnswerFn()
    run = evaluate(gold_rows(), fake, batch_size=3, progress=False)
    assert [len(c) for c in fake.calls] == [3, 3, 1]
    assert [r.answer.question for r in run.results] == [r.question for r in gold_rows()]


def test_gold_fields_are_not_used_for_answering(tmp_path):
    with_gold, without_gold = FakeAnswerFn(), FakeAnswerFn()
    write_run(evaluate(gold_rows(True), with_gold, progress=False), tmp_path / "a")
    write_run(evaluate(gold_rows(False), without_gold, progress=False), tmp_path / "b")
    assert with_gold.calls == without_gold.calls

    def answers(folder):
        lines = (folder / "results.jsonl").read_text(encoding="utf-8").splitlines()
        return [{k: v for k, v in json.loads(x).items() if k not in ("gold", "verdicts")} for x in lines]

    assert answers(tmp_path / "a") == answers(tmp_path / "b")
    metrics = json.loads((tmp_path / "b" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["metrics"]["overall"]["hit@1"] is None  # nothing to score without gold


# ---------------------------------------------------------------- independent recount


def _norm(s):
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", s or "")).lower()


def _f1(pred, gold):
    def toks(s):
        return re.findall(r"[\u4e00-\u9fff]|[a-z0-9]+", unicodedata.normalize("NFKC", s or "").lower())

    p, g = toks(pred), toks(gold)
    common = sum((Counter(p) & Counter(g)).values())
    return 0.0 if not common else 2 * common / (len(p) + len(g))


def _recount(lines: list[dict]) -> dict:
    """hit@k, MRR, sentence, span and unanswerable metrics straight from the ask objects and gold."""
    answerable = [x for x in lines if x["gold"]["answer"]]
    out = {}
    for k in (1, 3, 5, 10):
        found = [
            any(_norm(x["gold"]["answer"]) in _norm(p["text"]) for p in x["passages"][:k]) for x in answerable
        ]
        out[f"hit@{k}"] = sum(found) / len(answerable) if answerable else None
    rr = []
    for x in answerable:
        ranks = [p["rank"] for p in x["passages"][:10] if _norm(x["gold"]["answer"]) in _norm(p["text"])]
        rr.append(1 / min(ranks) if ranks else 0.0)
    out["mrr@10"] = sum(rr) / len(rr) if rr else None

    def top_highlight(x, kind):
        hs = [
            h["text"] for h in (x["passages"][0]["highlights"] if x["passages"] else []) if h["kind"] == kind
        ]
        return hs[0] if hs else None

    sent = [_norm(x["gold"]["answer"]) in _norm(top_highlight(x, "sentence")) for x in answerable]
    em = [_norm(top_highlight(x, "answer")) == _norm(x["gold"]["answer"]) for x in answerable]
    f1 = [_f1(top_highlight(x, "answer"), x["gold"]["answer"]) for x in answerable]
    out["sentence_acc"] = sum(sent) / len(sent) if sent else None
    out["span_em"] = sum(em) / len(em) if em else None
    out["span_f1"] = sum(f1) / len(f1) if f1 else None
    known = [x for x in lines if x["gold"]["answer"] is not None]
    said_no = [x for x in known if not x["answerable"]]
    truly_no = [x for x in known if x["gold"]["answer"] == ""]
    out["unanswerable_precision"] = (
        sum(x["gold"]["answer"] == "" for x in said_no) / len(said_no) if said_no else None
    )
    out["unanswerable_recall"] = (
        sum(not x["answerable"] for x in truly_no) / len(truly_no) if truly_no else None
    )
    return out


def test_metrics_json_agrees_with_a_recount_of_results_jsonl(run_dir):
    lines = [json.loads(x) for x in (run_dir / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    metrics = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
    by_lang = {"overall": lines}
    for x in lines:
        lang = x["gold"]["lang"] or ("zh" if re.search(r"[\u4e00-\u9fff]", x["question"]) else "en")
        by_lang.setdefault(lang, []).append(x)
    for group, items in by_lang.items():
        recount = _recount(items)
        assert {k: metrics["metrics"][group][k] for k in recount} == approx(recount), group
    assert [x["id"] for x in lines] == [r.id for r in gold_rows()]
    assert lines[0]["verdicts"]["span_f1"] == pytest.approx(0.8)


def test_run_folder_files(run_dir):
    assert sorted(p.name for p in run_dir.iterdir()) == [
        "metrics.json",
        "report.html",
        "results.csv",
        "results.jsonl",
    ]
    raw = (run_dir / "results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8 Chinese
    with (run_dir / "results.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["question"] == "段路明院士创办了哪家公司?"
    assert rows[0]["citation"] == "001:p1"
    assert rows[0]["sentence"] == "段路明院士创办了华翊量子公司。"
    assert rows[0]["answer_span"] == "华翊量子公司"
    assert rows[0]["confidence"] == "0.9"
    assert [r["failed"] for r in rows].count("yes") == 2


def test_skipped_rows_and_source_reach_metrics_json(tmp_path):
    qf = QuestionFile(tuple(gold_rows()), (RowProblem(9, "not valid JSON"),), "q.jsonl")
    files = write_run(evaluate(qf, FakeAnswerFn(), progress=False), tmp_path / "r")
    metrics = json.loads(files.metrics_json.read_text(encoding="utf-8"))
    assert metrics["skipped"] == [{"line": 9, "reason": "not valid JSON"}]
    assert metrics["source"] == "q.jsonl" and metrics["questions"] == 7 and metrics["failed"] == 2


def test_a_bad_question_costs_only_itself(tmp_path):
    def answer_fn(questions):
        if "Who won the World Cup?" in questions:
            raise BadQuestion("That question is too long; shorten it.")
        return [fake_answer(q) for q in questions]

    run = evaluate(gold_rows(), answer_fn, batch_size=4, progress=False)
    errors = {r.row.id: r.error for r in run.results if r.error}
    assert errors == {"q4": "That question is too long; shorten it."}
    assert run.results[0].answer.passages  # the others were answered
    assert run.results[3].reasons == ("error",)
    line = json.loads(
        write_run(run, tmp_path / "r").results_jsonl.read_text(encoding="utf-8").splitlines()[3]
    )
    assert line["error"] and line["answerable"] is False


def test_answer_count_mismatch_is_an_error():
    with pytest.raises(ValueError, match="returned 0 answers for 7"):
        evaluate(gold_rows(), lambda qs: [], progress=False)


def test_no_progress_output_when_not_a_terminal(capsys):
    evaluate(gold_rows(), FakeAnswerFn(), progress=True)
    assert capsys.readouterr().err == ""


def test_write_run_refuses_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    run = evaluate(gold_rows(), FakeAnswerFn(), progress=False)
    with pytest.raises(QAError, match="is a file"):
        write_run(run, tmp_path / "f")


# ---------------------------------------------------------------- comparison


def _changed_fake(monkeypatch):
    """q5 fixed (IBM passage first), q1 broken (only an unrelated passage)."""
    monkeypatch.setitem(
        SCRIPTS, "How many members does the IBM network have?", Script(("001:p3",), True, 0.8)
    )
    monkeypatch.setitem(SCRIPTS, "段路明院士创办了哪家公司?", Script(("002:p2",), True, 0.2))


def test_compare_runs(tmp_path, run_dir, monkeypatch):
    _changed_fake(monkeypatch)
    write_run(evaluate(gold_rows(), FakeAnswerFn(), progress=False), tmp_path / "new")
    c = compare_runs(tmp_path / "new", run_dir)
    assert [x.id for x in c.better] == ["q5"] and [x.id for x in c.worse] == ["q1"]
    assert (c.worse[0].old_rank, c.worse[0].new_rank, c.worse[0].new_reasons) == (1, None, ("miss",))
    assert c.paired == 7 and c.k == 10
    old_m = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))["metrics"]["overall"]
    new_m = json.loads((tmp_path / "new" / "metrics.json").read_text(encoding="utf-8"))["metrics"]["overall"]
    for d in c.deltas:
        if d.diff is not None:
            assert d.diff == pytest.approx(new_m[d.metric] - old_m[d.metric])
            assert d.low <= d.diff + 1e-9 and d.diff - 1e-9 <= d.high


def test_compare_pairs_by_id_and_text(tmp_path, run_dir):
    rows = [r if r.id != "q2" else QuestionRow("q2", 2, "A different question?") for r in gold_rows()][:-1]
    write_run(evaluate(rows, FakeAnswerFn(), progress=False), tmp_path / "new")
    c = compare_runs(tmp_path / "new", run_dir)
    assert c.only_new == ("q2",) and set(c.only_old) == {"q2", "q7"} and c.paired == 5


def test_read_run_errors(tmp_path):
    with pytest.raises(QAError, match="No results.jsonl"):
        read_run(tmp_path)
    (tmp_path / "results.jsonl").write_text("{oops\n", encoding="utf-8")
    with pytest.raises(QAError, match="line 1 is not a qa eval result"):
        read_run(tmp_path)
