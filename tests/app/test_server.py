"""`qa ask/find/cite/eval` through a running `qa serve`: the same output, found by itself, passed over when stale."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from app import client
from app.cli import main
from tests.conftest import DEV, ROOT

ASK = "段路明院士创办了哪家量子公司?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seed_index, tmp_path_factory):
    """A real `qa serve` on 127.0.0.1 and a free port, started here and stopped by its pid."""
    port = _free_port()
    log = open(tmp_path_factory.mktemp("serve") / "serve.log", "w+")
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    env.pop("QA_SERVER", None)
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--index", str(seed_index)],
                            cwd=ROOT, stdout=log, stderr=log, env=env)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 600
    while client.read_discovery(seed_index) is None:
        if proc.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            pytest.fail(f"qa serve did not come up: {log.read()[-2000:]}")
        time.sleep(0.5)
    yield url, proc.pid
    os.kill(proc.pid, signal.SIGTERM)
    proc.wait(timeout=60)
    log.close()
    assert client.read_discovery(seed_index) is None, "the discovery file is removed on exit"


def _run(capsys, args) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "args",
    [
        ["ask", ASK, "--json", "-k", "3"],
        ["ask", "How many universities are members of QED-C?", "-k", "2"],
        ["find", "中关村量子科技孵化器总经理顾成建", "--json"],
        ["find", "China overtook the US in quantum patent filings", "-k", "3"],
        ["cite", "001:p23", "004:p25.s1"],
        ["cite", "001:p24.s6", "--json"],
        ["cite", "000:p5", "--format", "bibtex"],
        ["cite", "009:p1"],  # an error: worded as locally
        ["find", "   "],
    ],
    ids=["ask-json", "ask-text", "find-quote", "find-claim", "cite", "cite-json", "cite-bibtex", "cite-bad",
         "find-empty"],
)
def test_through_the_server_the_output_is_the_same(server, seed_index, capsys, args):
    url, _ = server
    local = _run(capsys, [*args, "--index", str(seed_index), "--no-server"])
    remote = _run(capsys, [*args, "--server", url])
    assert remote == local


def test_a_file_of_claims_and_an_eval_run_through_the_server(server, seed_index, capsys, tmp_path):
    url, _ = server
    claims = tmp_path / "claims.txt"
    claims.write_text("中关村量子科技孵化器总经理顾成建\n!!!\nChina overtook the US in quantum patent filings\n",
                      encoding="utf-8")  # fmt: skip
    args = ["find", "--file", str(claims), "--format", "csv"]
    assert _run(capsys, [*args, "--server", url]) == _run(capsys, [*args, "--index", str(seed_index), "--no-server"])
    rows = [json.loads(x) for x in DEV.read_text(encoding="utf-8").splitlines()[:8]]
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert main(["eval", str(questions), "--out", str(tmp_path / "srv"), "-q", "--server", url]) == 0
    assert main(["eval", str(questions), "--out", str(tmp_path / "loc"), "-q", "--index", str(seed_index),
                 "--no-server"]) == 0  # fmt: skip
    for name in ("results.jsonl", "results.csv"):
        assert (tmp_path / "srv" / name).read_bytes() == (tmp_path / "loc" / name).read_bytes()


def test_a_server_on_the_same_index_is_found_by_itself(server, seed_index, capsys, monkeypatch):
    url, pid = server
    note = client.read_discovery(seed_index)
    assert note["url"] == url and note["pid"] == pid and note["index"] == str(seed_index.resolve())

    def no_loading(*a, **k):
        raise AssertionError("loaded the assistant although a server runs on the index")

    monkeypatch.setattr("app.commands.ask.load_assistant", no_loading)
    code, out, _ = _run(capsys, ["ask", ASK, "--json", "--index", str(seed_index)])
    assert code == 0 and json.loads(out)["lang"] == "zh"


def test_a_stale_or_foreign_discovery_file_is_passed_over(server, tmp_path):
    url, pid = server
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / "idx"
    folder.mkdir()
    client.write_discovery(folder, url, pid=dead.pid)  # its process is gone
    assert client.discover(folder) is None
    client.write_discovery(folder, f"http://127.0.0.1:{_free_port()}/", pid=os.getpid())  # alive, but no server
    assert client.discover(folder) is None
    client.write_discovery(folder, url, pid=pid)  # a live server, but it serves another index
    assert client.discover(folder) is None
    (folder / client.DISCOVERY).write_text("{not json", encoding="utf-8")
    assert client.discover(folder) is None


def test_a_stale_discovery_file_falls_back_to_answering_here(seed_index, tmp_path, capsys, monkeypatch):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / "idx"
    folder.mkdir()
    client.write_discovery(folder, "http://127.0.0.1:9/", pid=dead.pid)
    loaded = []

    class Stub:
        def ask(self, question, k):
            from qa.records import Answer

            loaded.append(question)
            return Answer(question, "zh", False, 0.0)

    monkeypatch.setattr("app.commands.ask.load_assistant", lambda args, build_if_missing: Stub())
    code, out, _ = _run(capsys, ["ask", ASK, "--json", "--index", str(folder)])
    assert code == 0 and loaded == [ASK] and json.loads(out)["passages"] == []


def test_an_explicit_server_that_does_not_answer_is_one_clear_line(capsys, monkeypatch):
    monkeypatch.setenv("QA_SERVER", f"http://127.0.0.1:{_free_port()}/")
    code, out, err = _run(capsys, ["ask", ASK])
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "no qa serve answers at" in err and "qa serve" in err and "QA_SERVER" in err


def test_discovery_files_are_written_whole_and_removed_only_by_their_server(tmp_path):
    path = client.write_discovery(tmp_path, "http://127.0.0.1:1234/", pid=4242)
    assert json.loads(path.read_text())["pid"] == 4242 and not list(tmp_path.glob(".*.tmp"))
    client.remove_discovery(tmp_path, pid=1)  # another server's: kept
    assert path.exists()
    client.remove_discovery(tmp_path, pid=4242)
    assert not path.exists()
    assert client.write_discovery(tmp_path / "missing", "http://x/") is None  # an unwritable index: no file, no error
