"""Load test of the app: concurrent gradio_client clients on loopback, every answer checked.

Starts ``qa serve`` on 127.0.0.1 and a free port in its own process (or uses
``--url``), then runs ``--clients`` clients at once, each asking the
``--questions`` questions once (rotated so they do not move in step). Every
answer must equal what the assistant gives in this process
(``Assistant.ask(q, k).to_dict()``, the ``qa ask --json`` object). Prints the
p50/p95/max response time and the throughput; exits non-zero if any answer
is wrong or fails.

``--via rest`` sends the same requests through Gradio's plain HTTP API
(``POST /gradio_api/call/ask``, then read the event stream) instead of
``gradio_client``, whose own polling adds about 200 ms to every call; the
difference between the two runs is client overhead, not the server's.

    python bench/load_ui.py                      # 20 clients x 10 questions
    python bench/load_ui.py --clients 5 --concurrency 2 --index /tmp/idx
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "中国发射的首颗量子微纳卫星叫什么?",
    "英国每个量子生态中心平均有几个成员?",
    "光子盒发布了什么报告?",
    "美国有多少只风险基金拥有量子计算投资的专业知识?",
    "段路明院士创办了哪家量子公司?",
    "How many quantum startups did the UK Quantum Technology Enterprise Centre incubate?",
    "Which backbone quantum communication networks has China built?",
    "What medical devices did Weici Technology build with atomic magnetometers?",
    "Which two universities did IonQ come from?",
    "Who won the 2022 FIFA World Cup?",
]
MAX_CLIENTS = 64
MAX_QUESTIONS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"qa serve exited with code {proc.returncode} before it was up")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"the app at {url} was not up after {timeout:.0f} s")


class RestClient:
    """``predict`` over Gradio's two-step HTTP API, with one kept-alive connection."""

    def __init__(self, url: str):
        import httpx

        self.base = url.rstrip("/") + "/gradio_api/call"
        self.http = httpx.Client(timeout=120)

    def predict(self, *data, api_name: str):
        name = api_name.strip("/")
        event = self.http.post(f"{self.base}/{name}", json={"data": list(data)}).json()["event_id"]
        kind = None
        for line in self.http.get(f"{self.base}/{name}/{event}").text.splitlines():
            if line.startswith("event:"):
                kind = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and kind in ("complete", "error"):
                payload = json.loads(line.split(":", 1)[1])
                if kind == "error":
                    raise RuntimeError(f"server error: {payload}")
                return payload[0]
        raise RuntimeError("the event stream ended without a result")


def _difference(want, got, path: str = "") -> str:
    """Where two JSON values first differ, e.g. ``.passages[0].score: 0.91 != 0.9``."""
    if isinstance(want, dict) and isinstance(got, dict):
        for key in want.keys() | got.keys():
            if want.get(key) != got.get(key):
                return _difference(want.get(key), got.get(key), f"{path}.{key}")
    elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for n, (a, b) in enumerate(zip(want, got)):
            if a != b:
                return _difference(a, b, f"{path}[{n}]")
    return f"{path or '(top)'}: {str(want)[:60]!r} != {str(got)[:60]!r}"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=20, help="clients at once (default 20)")
    p.add_argument(
        "--questions", type=int, default=10, help=f"questions per client (default 10, from {len(QUESTIONS)})"
    )
    p.add_argument("-k", type=int, default=5, help="passages per answer (default 5)")
    p.add_argument("--index", metavar="DIR", help="index folder (default: $QA_INDEX_DIR or the per-user one)")
    p.add_argument("--concurrency", type=int, default=None, help="the server's --concurrency (default: its own)")
    p.add_argument("--url", help="use an app already running at this loopback URL instead of starting one")
    p.add_argument("--via", choices=("client", "rest"), default="client",
                   help="gradio_client (default) or plain HTTP requests to /gradio_api/call/ask")  # fmt: skip
    args = p.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 1 <= args.questions <= MAX_QUESTIONS:
        p.error(f"--clients must be 1-{MAX_CLIENTS} and --questions 1-{MAX_QUESTIONS}")
    if args.url and not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        p.error("--url must be a loopback address (http://127.0.0.1:PORT/)")

    from gradio_client import Client

    from app.commands.common import load_assistant

    questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(args.questions)]
    print("loading the assistant for the expected answers…", file=sys.stderr)
    assistant = load_assistant(argparse.Namespace(index=args.index), build_if_missing=True)
    expected = {q: assistant.ask(q, k=args.k).to_dict() for q in set(questions)}

    proc = None
    url = args.url
    if url is None:
        port = _free_port()
        cmd = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--index", str(assistant.data.index_dir)]
        if args.concurrency:
            cmd += ["--concurrency", str(args.concurrency)]
        log = tempfile.TemporaryFile(mode="w+")  # not a pipe: a full pipe would stall the server
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=log, text=True,
                                env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, proc, timeout=600)
        if args.via == "client":
            clients = [Client(url, verbose=False, download_files=False) for _ in range(args.clients)]
        else:
            clients = [RestClient(url) for _ in range(args.clients)]
        times: list[float] = []
        wrong: list[str] = []
        lock = threading.Lock()
        start_gate = threading.Barrier(args.clients)

        def run_client(i: int) -> None:
            order = questions[i % len(questions) :] + questions[: i % len(questions)]
            start_gate.wait()
            for q in order:
                t0 = time.perf_counter()
                try:
                    got = clients[i].predict(q, args.k, api_name="/ask")
                    error = None
                except Exception as exc:  # noqa: BLE001  (any failure of a request is a counted failure here)
                    got, error = None, f"{type(exc).__name__}: {exc}"
                dt = time.perf_counter() - t0
                with lock:
                    times.append(dt)
                    if error or got != expected[q]:
                        why = error or f"differs from Assistant.ask at {_difference(expected[q], got)}"
                        wrong.append(f"client {i}: {q!r}: {why}")

        t_start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(run_client, range(args.clients)))
        wall = time.perf_counter() - t_start
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGINT)  # like Ctrl-C: qa serve closes and removes its temporary run folder
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    n = len(times)
    print(f"clients {args.clients} x questions {args.questions} = {n} requests via {args.via}, k={args.k}, "
          f"server concurrency {args.concurrency or 'default'}")  # fmt: skip
    print(f"correct {n - len(wrong)}/{n}")
    print(f"response time  p50 {statistics.median(times) * 1000:.0f} ms   p95 {_percentile(times, 0.95) * 1000:.0f} ms"
          f"   max {max(times) * 1000:.0f} ms   mean {statistics.fmean(times) * 1000:.0f} ms")  # fmt: skip
    print(f"throughput {n / wall:.1f} answers/s over {wall:.1f} s wall")
    for line in wrong[:10]:
        print("  WRONG", line)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
