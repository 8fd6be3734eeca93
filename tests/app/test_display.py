"""`qa ask` as a reader meets it: pinyin, gloss and English titles for English questions, honest confidence,
each paragraph once; `qa serve` refusing a busy port at once and leaving no temporary folder behind."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main

EN_WHO = "Who is the general manager of the Zhongguancun quantum incubator?"
OFF_TOPIC = "What is the boiling point of mercury in Fahrenheit?"
GLOSS_KEYS = ("gloss", "pinyin", "title_en")


def _ask(capsys, *argv: str) -> dict:
    assert main(["ask", *argv, "--json", "--no-server"]) == 0
    return json.loads(capsys.readouterr().out)


def _strip_gloss(value):
    """The object without the fields for English readers: what the contract had before them."""
    if isinstance(value, dict):
        return {k: _strip_gloss(v) for k, v in value.items() if k not in GLOSS_KEYS}
    if isinstance(value, list):
        return [_strip_gloss(v) for v in value]
    return value


def _sentence(passage: dict) -> dict:
    return next(h for h in passage["highlights"] if h["kind"] == "sentence")


def test_an_english_question_gets_pinyin_a_gloss_and_english_titles(seed_index, capsys):
    obj = _ask(capsys, EN_WHO, "--index", str(seed_index), "-k", "3")
    top = obj["passages"][0]
    answer = next(h for h in top["highlights"] if h["kind"] == "answer")
    assert answer["text"] == "顾成建" and answer["pinyin"] == "Gu Chengjian"
    assert top["title_en"].startswith("Beijing's Haidian")
    gloss = _sentence(top)["gloss"]
    by_text = {w["text"]: w for w in gloss}
    assert by_text["顾成建"]["en"] == "Gu Chengjian" and by_text["顾成建"]["kind"] == "person"
    assert by_text["总经理"]["en"].startswith("general manager")
    assert by_text["中关村"]["kind"] == "place"
    for w in gloss:  # offsets into the original, as every offset of the contract
        assert {"text", "start", "end", "en"} <= set(w)
        assert top["text"][w["start"] - top["start"] : w["end"] - top["start"]] == w["text"]
    assert all("gloss" in _sentence(p) for p in obj["passages"])

    plain = _ask(capsys, EN_WHO, "--index", str(seed_index), "-k", "3", "--no-gloss")
    assert not any(k in json.dumps(plain) for k in ('"gloss"', '"pinyin"', '"title_en"'))
    assert plain == _strip_gloss(obj), "--no-gloss is the same answer without the extra fields"


def test_a_chinese_question_is_not_glossed_unless_asked(seed_index, capsys):
    question = "段路明院士创办了哪家量子公司?"
    obj = _ask(capsys, question, "--index", str(seed_index), "-k", "2")
    assert '"gloss"' not in json.dumps(obj) and "title_en" not in obj["passages"][0]
    glossed = _ask(capsys, question, "--index", str(seed_index), "-k", "2", "--gloss")
    assert _sentence(glossed["passages"][0])["gloss"] and glossed["passages"][0]["title_en"]
    assert _strip_gloss(glossed) == obj


def test_text_output_labels_the_gloss_and_shows_confidence_not_a_bare_score(seed_index, capsys):
    assert main(["ask", EN_WHO, "--index", str(seed_index), "-k", "2", "--no-server"]) == 0
    out = capsys.readouterr().out
    assert "dictionary gloss, not a translation / 词典逐词释义，非翻译" in out
    assert "answer: 顾成建 (Gu Chengjian)" in out and "顾成建 Gu Chengjian (person)" in out
    assert "Beijing's Haidian" in out  # the English title
    assert "score 1.00" not in out and "confidence" in out

    assert main(["ask", OFF_TOPIC, "--index", str(seed_index), "-k", "3", "--no-server"]) == 0
    out = capsys.readouterr().out
    assert "do not seem to answer" in out
    assert "1.00" not in out, "a passage that does not answer is shown at 1.00"
    assert "low 低" in out


def test_passages_are_shown_as_cleaning_joined_them(assistant, capsys):
    from app.commands.answer_text import mark

    broken = next(c for c in assistant.data.chunks if "\n" in c.text and "\n" not in c.clean)
    passage = next((p for p in assistant.ask(broken.clean[:60], k=10).passages if p.citation == broken.citation),
                   None)  # fmt: skip
    assert passage is not None, "the passage's own words did not find it"
    shown = mark(passage, colour=False)
    assert "\n" not in shown
    assert shown.replace("»", "").replace("«", "").replace("[", "").replace("]", "") == broken.clean


def test_no_paragraph_twice_in_a_list(seed_index, capsys):
    for question in ("量子计算", "How many members does QED-C have?"):
        obj = _ask(capsys, question, "--index", str(seed_index), "-k", "10", "--no-gloss")
        citations = [p["citation"] for p in obj["passages"]]
        assert len(citations) == len(set(citations)) == 10


def test_through_the_server_the_same_glossed_answer(assistant, capsys, seed_index):
    """The server's /cli endpoint glosses as `qa ask` does locally (called directly: no HTTP needed here)."""
    from ui.cli_api import handle
    from ui.service import Service

    service = Service(assistant)
    local = _ask(capsys, EN_WHO, "--index", str(seed_index), "-k", "2")

    def reply(request: dict) -> dict:
        return json.loads(json.dumps(handle(service, request), ensure_ascii=False))  # as it travels

    assert reply({"op": "ask_many", "questions": [EN_WHO], "k": 2, "gloss": None})["answers"][0] == local
    no_gloss = reply({"op": "ask_many", "questions": [EN_WHO], "k": 2})  # qa eval, older clients
    assert no_gloss["answers"][0] == _strip_gloss(local)
    from app.client import answers

    rebuilt = answers(no_gloss)[0]  # the text output's levels need the threshold, which the JSON does not hold
    assert rebuilt.threshold == assistant.settings.answerable_threshold


def test_a_busy_port_is_refused_before_the_model_loads(tmp_path, capsys, monkeypatch):
    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded for a port that is taken")

    monkeypatch.setattr("app.commands.serve.load_assistant", no_model)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        started = time.perf_counter()
        code = main(["serve", "--port", str(port), "--runs", str(tmp_path / "runs")])
    assert code == 1 and time.perf_counter() - started < 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--port" in err and "GRADIO_SERVER_PORT" not in err


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_the_temporary_runs_folder_goes_when_the_server_is_stopped(tmp_path, seed_index, sig):
    """Stopped while it loads the model (the folder exists by then): nothing is left in the temp folder."""
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", "0", "--index", str(seed_index)],
        cwd=Path(__file__).resolve().parents[2], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob("qa-serve-runs-*")) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert list(tmp_path.glob("qa-serve-runs-*")), "qa serve made no temporary runs folder"
        proc.send_signal(getattr(signal, sig))
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not list(tmp_path.glob("qa-serve-runs-*"))


def test_an_answer_that_is_its_whole_sentence_is_marked_inside_it():
    from app.commands.answer_text import mark
    from qa.records import Highlight, Passage

    text = "可以使用命令行关闭系统。# poweroff -i -f"
    s = text.index("#")
    passage = Passage(1, "a.txt", "A", "01:p1", 0, len(text), 1.0, text, highlights=(
        Highlight(s, len(text), text[s:], "sentence"), Highlight(s, len(text), text[s:], "answer")))
    assert mark(passage, colour=False) == "可以使用命令行关闭系统。»[# poweroff -i -f]«"


def test_through_the_server_an_unanswered_question_still_says_what_the_articles_never_write(assistant):
    from app.client import answers
    from app.commands.answer_text import render
    from ui.cli_api import handle
    from ui.service import Service

    question = "How do I change the system time zone?"
    reply = json.loads(json.dumps(handle(Service(assistant), {"op": "ask_many", "questions": [question], "k": 2})))
    rebuilt = answers(reply)[0]
    assert not rebuilt.answerable and rebuilt.missing == ("time zone",)
    assert "Not found in the articles: “time zone”." in render(rebuilt, colour=False, width=100)


def test_an_answer_not_given_names_no_answer_span():
    from dataclasses import replace

    from app.commands.answer_text import render
    from qa.records import Answer, Highlight, Passage

    text = "第一条 为规范公司员工请假管理，制定本制度。"
    s = text.index("一条")
    passage = Passage(1, "a.txt", "制度", "a:p3", 0, len(text), 1.0, text, highlights=(
        Highlight(0, len(text), text, "sentence", "a:p3.s1"), Highlight(s, s + 2, "一条", "answer")))
    answered = Answer("公司食堂几点开饭?", "zh", True, 0.9, (passage,), threshold=0.35)
    assert "answer: 一条" in render(answered, colour=False, width=100)
    shown = render(replace(answered, answerable=False, confidence=0.04), colour=False, width=100)
    assert "do not seem to answer" in shown and "answer:" not in shown  # the closest passage is no answer
