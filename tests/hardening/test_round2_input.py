"""Issue 17, sections 1 and 6: text from anywhere is valid Unicode or refused alone; the small items.

Each test fails on the code before the issue (the surrogate crashed the embedder, a bad stdin line ended
the batch, 123 became "123", an unclosed quote merged rows, ...).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.messages import sentence
from qa.errors import BadQuestion, BadText
from qa.eval.questions import decode, parse_questions
from qa.intext import clean_text, decode_bytes
from qa.limits import check_question
from tests.conftest import ROOT

SURROGATES = ["\ud800abc", "abc\udfff", "\udcff\udcfe\udcc3"]  # lone surrogates; argv's escaped bytes


@pytest.mark.parametrize("text", SURROGATES)
def test_invalid_unicode_is_refused_naming_the_character(text, tiny_assistant):
    with pytest.raises(BadText) as caught:
        tiny_assistant.ask(text)
    said = sentence(caught.value)
    assert "not valid Unicode" in said and "character" in said
    with pytest.raises(BadText):
        tiny_assistant.find(text + "量子")


def test_argv_bytes_are_named_as_bytes():
    with pytest.raises(BadText, match="byte 0xFF, which is not UTF-8"):
        clean_text(b"\xff\xfe".decode("utf-8", "surrogateescape"))
    with pytest.raises(BadText, match=r"byte 3 \(0xFF\)"):
        decode_bytes(b"ab\xffc")


@pytest.mark.parametrize("text", ["\x7f", "\x7f\x7f  ", "\u200b\u200c\u200d", "\ufeff\u2060", "\u202e\x85"])
def test_a_question_of_only_invisible_characters_is_empty(text, tiny_assistant):
    with pytest.raises(BadQuestion, match="empty"):
        check_question(text)
    with pytest.raises(BadQuestion, match="empty"):
        tiny_assistant.ask(text)


def test_a_question_keeps_its_visible_text():
    assert check_question(" 量子\u200b计算机有多少个量子比特?\x7f ") == "量子计算机有多少个量子比特?"


def test_the_command_line_refuses_argv_that_is_not_utf8(tiny_index, capsys):
    code = main(["ask", "--no-server", "--index", str(tiny_index), b"\xff\xfe\xc3".decode("utf-8", "surrogateescape")])
    err = capsys.readouterr().err
    assert code == 1 and "not valid Unicode" in err and len(err.strip().splitlines()) == 1


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)

    def isatty(self) -> bool:
        return False


def test_one_bad_stdin_line_costs_only_itself(tiny_assistant, monkeypatch, capsys):
    monkeypatch.setattr("app.commands.ask.load_assistant", lambda args, build_if_missing=False: tiny_assistant)
    lines = "量子计算机有多少个量子比特?\n".encode() + b"\xff\xfe bad\n" + "京沪干线有多长?\n".encode()
    monkeypatch.setattr(sys, "stdin", _Stdin(lines))
    code = main(["ask", "--no-server", "--json"])
    out, err = capsys.readouterr()
    answers = [json.loads(ln) for ln in out.splitlines()]
    assert [a["question"] for a in answers] == ["量子计算机有多少个量子比特?", "京沪干线有多长?"]
    assert code == 1 and "line 2 of standard input is not UTF-8" in err


def test_the_web_api_gets_a_message_not_null(tiny_assistant):
    from ui.messages import message_for
    from ui.service import Service

    snap = Service(tiny_assistant).snapshot()
    for bad in ("\ud800abc", 123, float("nan")):
        with pytest.raises(BadQuestion) as caught:
            snap.ask(bad, 5)
        message = message_for(caught.value)
        assert message and "null" not in message
    with pytest.raises(BadQuestion, match="must be text"):
        snap.ask(123, 5)


def _rows(*lines: str):
    return parse_questions("\n".join(lines), fmt="jsonl")


def test_a_question_that_is_not_text_is_refused():
    qf = _rows('{"question": 123}', '{"question": "ok?", "answer": NaN}', '{"question": "ok2?", "answer": 1e999}',
               '{"question": "ok3?", "answer": 72}', '{"question": "\\ud800abc"}')
    assert [(r.question, r.answer) for r in qf.rows] == [("ok3?", "72")]
    reasons = [p.reason for p in qf.problems]
    assert "must be text, not int" in reasons[0]
    assert "nan" in reasons[1] and "inf" in reasons[2] and "not valid Unicode" in reasons[3]


def test_an_explicit_id_is_not_a_duplicate_of_a_line_number():
    qf = _rows('{"question": "first?"}', '{"question": "second?", "id": "1"}')
    assert [(r.id, r.question) for r in qf.rows] == [("line 1", "first?"), ("1", "second?")]
    assert not qf.problems
    qf = _rows('{"question": "a?"}', '{"question": "b?"}')
    assert [r.id for r in qf.rows] == ["1", "2"], "line numbers stay the ids when nothing clashes"


def test_an_unclosed_csv_quote_is_reported_with_its_line_not_merged():
    text = 'id,question,answer\nc1,first?,a\nc2,"second?,b\nc3,third?,c\nc4,fourth?,d\n'
    qf = parse_questions(text, fmt="csv")
    assert [r.id for r in qf.rows] == ["c1", "c3", "c4"]
    assert qf.problems[0].line == 3 and "quote" in qf.problems[0].reason
    multi = parse_questions('id,question,answer\nm1,"two\nlines?",a\nm2,next?,b\n', fmt="csv")
    assert [(r.id, r.question) for r in multi.rows] == [("m1", "two\nlines?"), ("m2", "next?")], "a real one stays"


def test_a_question_file_with_a_few_bad_lines_is_read_and_they_are_named():
    text = decode(b'{"question": "a?"}\n{"question": "b\xff?"}\n{"question": "c?"}\n')
    qf = parse_questions(text, fmt="jsonl")
    assert [r.question for r in qf.rows] == ["a?", "c?"] and "byte 0xFF" in qf.problems[0].reason


def test_catalog_authors_string_is_one_author():
    from index.corpus import authors

    assert authors("单个作者") == ("单个作者",)
    assert authors(["张三", "李四"]) == ("张三", "李四")
    assert authors(()) == ()


def test_a_sentence_zero_is_refused(tiny_assistant):
    from qa.errors import BadCitation

    with pytest.raises(BadCitation):
        tiny_assistant.cite("002:p2.s0")
    assert tiny_assistant.cite("002:p2.s1").sentence is not None


def test_uploads_go_when_the_server_process_ends(tmp_path):
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from app.commands.serve import upload_folder; "
            "f = upload_folder(); (f / 'upload.csv').write_text('x'); print(f)")
    env = {"GRADIO_TEMP_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    folder = Path(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                 check=True).stdout.strip())  # fmt: skip
    assert folder.parent == tmp_path and not folder.exists()
