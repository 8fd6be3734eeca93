"""`qa serve`: loopback by default, its flags checked, a busy port said plainly."""

from __future__ import annotations

import socket

import pytest

from app.cli import build_parser, main


def test_defaults_are_loopback_and_7860():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.index, args.runs) == ("127.0.0.1", 7860, None, None)
    args = build_parser().parse_args(["serve", "--port", "0", "--index", "/x", "--concurrency", "2"])
    assert (args.port, args.index, args.concurrency) == (0, "/x", 2)


@pytest.mark.parametrize("flags", [["--port", "http"], ["--port", "70000"], ["--concurrency", "0"]])
def test_bad_flags_are_refused(flags, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["serve", *flags])
    assert exc.value.code == 2
    assert "serve" in capsys.readouterr().err


def test_a_busy_port_is_a_clear_message(monkeypatch, assistant, tmp_path, capsys):
    monkeypatch.setattr("app.commands.serve.load_assistant", lambda args, build_if_missing: assistant)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--port", str(port), "--runs", str(tmp_path / "runs")])
    assert code == 1
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
