"""The app half of ``fuzz/replay.py``: a real ``qa serve`` on 127.0.0.1, its API called over HTTP.

The public endpoints are called as ``gradio_client`` calls them (``POST /gradio_api/call/NAME``, then the
event stream), with the JSON written by hand so a lone surrogate (``"\\ud800abc"``), a number or ``NaN``
reaches the server exactly as an attacker would send it. A refusal is an ``error`` event carrying the
page's message; ``{"error": null}`` (an exception Gradio hid) or a traceback in the server's log is not.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from replay import ROOT, Replay


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: bytes, content_type: str = "application/json", timeout: float = 60) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def call(base: str, api: str, data_json: str) -> tuple[str, str]:
    """(event, data) of one call: ``complete`` with the result, ``error`` with the message, or ``http NNN``."""
    status, text = _post(f"{base}/gradio_api/call/{api}", f'{{"data": {data_json}}}'.encode())
    if status != 200:
        return f"http {status}", text[:200]
    event_id = json.loads(text)["event_id"]
    with urllib.request.urlopen(f"{base}/gradio_api/call/{api}/{event_id}", timeout=120) as resp:
        stream = resp.read().decode("utf-8", "replace")
    event = data = ""
    for line in stream.splitlines():
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            data = line.split(":", 1)[1].strip()
        if event in ("complete", "error") and data:
            break
    return event, data


def start(index: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "GRADIO_TEMP_DIR": str(log.parent / "gradio-tmp")}
    proc = subprocess.Popen([sys.executable, "-m", "app", "serve", "--index", str(index), "--port", str(port)],
                            cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"qa serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5):
                return proc, base
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("qa serve did not answer within 300 s")


def _log_tracebacks(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("Traceback")


def run_all(replay: Replay, index: Path) -> None:
    area = "app"
    log = replay.work / "serve.log"
    (replay.work / "gradio-tmp").mkdir(exist_ok=True)
    proc, base = start(index, log)
    uploaded = None
    try:
        for name, api, data in [
            ('/ask with a lone surrogate ("\\ud800abc")', "ask", '["\\ud800abc", 5]'),
            ("/ask with a question that is a number (123)", "ask", "[123, 5]"),
            ("/ask with NaN", "ask", "[NaN, 5]"),
            ("/ask with a question of only DEL", "ask", '["\\u007f\\u007f", 5]'),
            ("/ask with a question of only zero-width characters", "ask", '["\\u200b\\u200b", 5]'),
            ("/ask with k = 1e999", "ask", '["量子计算机有多少个量子比特?", 1e999]'),
            ("/find with an escaped byte (\\udcff)", "find", '["\\udcff\\udcfe 量子"]'),
            ("/cite 001:p1.s0", "cite", '["001:p1.s0"]'),
            ("/cite with a lone surrogate", "cite", '["001:p1\\ud800"]'),
        ]:
            before = _log_tracebacks(log)
            event, message = call(base, api, data)
            if _log_tracebacks(log) > before:
                replay.add(area, name, "traceback", "in the server's log")
            elif event == "error" and message not in ("", "null") and "null" != message.strip():
                replay.add(area, name, "refused", message[:120])
            elif event.startswith("http 4"):
                replay.add(area, name, "refused", f"{event}: {message[:100]}")
            else:
                replay.add(area, name, "unexpected", f"{event}: {message[:120]}")
        request = json.dumps({"op": "ask_many", "questions": ["\ud800abc", "京沪干线有多长?"], "k": 3})
        before = _log_tracebacks(log)
        status, text = _post(f"{base}/gradio_api/run/cli", json.dumps({"data": [request]}).encode())
        reply = json.loads(json.loads(text)["data"][0]) if status == 200 else {}
        ok = "error" in reply and reply["error"].get("type") == "BadText"
        replay.add(area, "/cli ask_many with a lone surrogate", "traceback" if _log_tracebacks(log) > before else
                   "refused" if ok else "unexpected", str(reply)[:120])  # fmt: skip
        event, data = call(base, "ask", '["京沪干线有多长?", 3]')
        alive = event == "complete" and "京沪干线" in json.dumps(json.loads(data), ensure_ascii=False)
        replay.add(area, "/ask still answers after all of these", "handled" if alive else "unexpected", event)
        uploaded = _upload(base, replay.work / "upload-me.jsonl")
        replay.add(area, "an uploaded file lands in the session's own folder",
                   "handled" if uploaded and Path(uploaded).exists() else "unexpected", str(uploaded))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    gone = uploaded is not None and not Path(uploaded).exists()
    left = [p for p in (replay.work / "gradio-tmp").rglob("*") if p.is_file()]
    replay.add(area, "uploads removed when the server stops (SIGTERM)", "handled" if gone and not left else
               "unexpected", f"left: {[str(p) for p in left][:3]}")  # fmt: skip
    n = _log_tracebacks(log)
    replay.add(area, "the server's log holds no traceback", "handled" if n == 0 else "traceback", f"{n} tracebacks")


def _upload(base: str, path: Path) -> str | None:
    path.write_text('{"question": "量子计算机有多少个量子比特?"}\n', encoding="utf-8")
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{path.name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes()
    body += f"\r\n--{boundary}--\r\n".encode()
    status, text = _post(f"{base}/gradio_api/upload", body, f"multipart/form-data; boundary={boundary}")
    if status != 200:
        return None
    paths = json.loads(text)
    return paths[0] if paths else None
