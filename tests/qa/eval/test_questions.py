from __future__ import annotations

import json

import pytest

from app.messages import sentence
from qa.errors import BadQuestionFile
from qa.eval.questions import QuestionRow, parse_questions, read_questions


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_jsonl_fields_and_gold_conventions(tmp_path):
    lines = [
        {"id": "d01", "lang": "en", "question": "Which lines?", "doc": "001.txt", "answer": "京沪干线"},
        {"question": "谁赢了世界杯?", "answer": None},
        {"question": "量子通信是什么?"},
    ]
    path = write(tmp_path, "q.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    qf = read_questions(path)
    assert qf.problems == ()
    assert qf.rows[0] == QuestionRow("d01", 1, "Which lines?", "en", "京沪干线", "001.txt")
    # null answer: expected unanswerable; no answer key: no gold at all
    assert qf.rows[1].answer == "" and qf.rows[1].gold_answerable is False
    assert qf.rows[2].answer is None and qf.rows[2].gold_answerable is None
    # id defaults to the line number; language detected when not given
    assert [r.id for r in qf.rows[1:]] == ["2", "3"]
    assert qf.rows[1].group == "zh" and qf.rows[0].group == "en"


def test_blank_lines_keep_line_numbers(tmp_path):
    path = write(tmp_path, "q.jsonl", '{"question": "a?"}\n\n\n{"question": "b?"}\n')
    assert [(r.id, r.line) for r in read_questions(path).rows] == [("1", 1), ("4", 4)]


def test_csv_with_bom_and_comma(tmp_path):
    text = 'question,answer,doc,lang\n段路明创办了哪家公司?,华翊量子,001.txt,中文\n"Who, exactly?",,,en\n'
    path = write(tmp_path, "q.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    qf = read_questions(path)
    assert qf.problems == ()
    assert qf.rows[0] == QuestionRow("2", 2, "段路明创办了哪家公司?", "zh", "华翊量子", "001.txt")
    assert qf.rows[1].question == "Who, exactly?" and qf.rows[1].answer == "" and qf.rows[1].lang == "en"


def test_tab_separated_is_sniffed_even_with_commas_in_questions(tmp_path):
    text = "id\tquestion\tanswer\nx1\tIn 2018, who founded it?\t本源量子\n"
    qf = read_questions(write(tmp_path, "q.txt", text))
    assert qf.rows[0] == QuestionRow("x1", 2, "In 2018, who founded it?", None, "本源量子", None)


def test_chinese_header_names(tmp_path):
    qf = read_questions(write(tmp_path, "q.csv", "编号,问题,答案\nA,哪一年?,2018年\n"))
    assert qf.rows[0] == QuestionRow("A", 2, "哪一年?", None, "2018年", None)


def test_multiline_cell_reports_the_line_it_starts_on(tmp_path):
    text = 'question,answer\n"first line\nsecond line",x\nbad row,with,extra\n'
    qf = read_questions(write(tmp_path, "q.csv", text))
    assert [(r.line, r.question) for r in qf.rows] == [(2, "first line\nsecond line")]
    assert [p.line for p in qf.problems] == [4]
    assert "more field" in qf.problems[0].reason


def test_bad_rows_are_reported_and_skipped(tmp_path):
    lines = [
        '{"question": "good one?", "id": "a"}',
        "{not json",
        '["a", "list"]',
        '{"question": ""}',
        '{"question": "weird lang", "lang": "klingon"}',
        '{"question": "dup", "id": "a"}',
        '{"question": ["not", "text"]}',
        '{"question": "also good?"}',
    ]
    qf = read_questions(write(tmp_path, "q.jsonl", "\n".join(lines)))
    assert [r.question for r in qf.rows] == ["good one?", "also good?"]
    reasons = {p.line: p.reason for p in qf.problems}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7]
    assert "not valid JSON" in reasons[2]
    assert "not a JSON object" in reasons[3]
    assert "no question" in reasons[4]
    assert "unknown lang" in reasons[5]
    assert "duplicate id 'a'" in reasons[6] and "line 1" in reasons[6]
    assert "must be text" in reasons[7]
    assert str(qf.problems[0]).startswith("line 2: ")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("q.csv", "id,answer\n1,x\n", "no 'question' column"),
        ("q.jsonl", '{"q": "hi"}\n', 'no row of q.jsonl has a "question" field'),
        ("q.csv", b"PK\x03\x04\x00\x00binary", "looks binary"),
        ("q.csv", "question\n哪一年?\n".encode("gbk"), "not utf-8"),
        ("q.csv", "question\nhi\n".encode("utf-16"), "utf-16"),
        ("q.jsonl", "", "is empty"),
        ("q.csv", "  \n\n", "is empty"),
        ("q.jsonl", "{bad\n{worse\n", "no question in q.jsonl could be read; first problem: line 1"),
        ("q.json", '[{"question": "hi"}]', "json array"),
    ],
)
def test_unusable_files_raise_one_clear_sentence(tmp_path, name, content, expected):
    with pytest.raises(BadQuestionFile) as info:
        read_questions(write(tmp_path, name, content))
    message = sentence(info.value)  # the line the command line prints
    assert expected in message.lower()
    assert message.endswith("。") and "\n" not in message


def test_limits(tmp_path):
    path = write(tmp_path, "q.jsonl", "\n".join(json.dumps({"question": f"q{i}?"}) for i in range(5)))
    with pytest.raises(BadQuestionFile, match="more than 3 rows"):
        read_questions(path, max_rows=3)
    with pytest.raises(BadQuestionFile, match="MB limit"):
        read_questions(path, max_bytes=10)
    with pytest.raises(BadQuestionFile, match="No question file"):
        read_questions(tmp_path / "missing.csv")


def test_parse_questions_sniffs_format():
    assert parse_questions('{"question": "hi?"}').rows[0].question == "hi?"
    assert parse_questions("question\nhi?\n").rows[0].question == "hi?"


def test_a_row_without_lang_is_grouped_under_the_language_its_answer_reports():
    row = lambda q: QuestionRow("q", 1, q)  # noqa: E731
    assert row("IBM 是哪一年成立的?").group == "zh"
    assert row("When was IBM founded?").group == "en"
    assert row("Which company heads the working group 教育工作组 at QuIC?").group == "mixed"
    assert QuestionRow("q", 1, "When?", lang="zh").group == "zh"  # the lang column wins
