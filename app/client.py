"""A running ``qa serve``, used by ``qa ask``, ``find``, ``cite`` and ``eval`` instead of loading the model.

A command goes through a server when ``--server URL`` or ``$QA_SERVER``
names one, or when a server started on the same index has left its
discovery file (``<index>/serve.json``: url, pid, index), its process is
alive and it answers a quick hello. Otherwise it answers in its own process
(the cold path). The server's ``/cli`` endpoint (``ui/cli_api.py``) answers
with the records the command prints; a library error comes back as its
class, reason and facts and is raised here again, so it is worded as it
would be locally.

Only the standard library's ``http.client`` is used: importing it takes
about 15 ms, against about a second for ``gradio_client`` (and each of its
calls polls a queue).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import typing
from dataclasses import fields, is_dataclass
from pathlib import Path
from urllib.parse import urlsplit

from index.errors import QAError

DISCOVERY = "serve.json"
HELLO_SECONDS = 2.0  # a discovered server that does not answer within this is passed over
CALL_SECONDS = 600.0
PROTOCOL = 1


class Server:
    """``call(op, **fields)``: one JSON request to a server's ``/cli`` endpoint, one reply."""

    def __init__(self, url: str, timeout: float = CALL_SECONDS):
        url = url.strip()
        if "://" not in url:
            url = "http://" + url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise QAError(f"--server {url!r} is not an http:// address; give one such as http://127.0.0.1:7860/.")
        self.url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.path = parts.path.rstrip("/") + "/gradio_api/run/cli"
        self.timeout = timeout
        self._conn = None

    def _connection(self, timeout: float):
        import http.client

        if self._conn is None:
            cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            self._conn = cls(self.host, self.port, timeout=timeout)
        self._conn.timeout = timeout
        if self._conn.sock is not None:
            self._conn.sock.settimeout(timeout)
        return self._conn

    def call(self, op: str, timeout: float | None = None, **payload) -> dict:
        body = json.dumps({"data": [json.dumps({"op": op, **payload}, ensure_ascii=False)]}).encode("utf-8")
        try:
            conn = self._connection(timeout or self.timeout)
            conn.request("POST", self.path, body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            raw = response.read()
        except (OSError, ValueError) as exc:  # refused, reset, timed out, not HTTP
            self.close()
            raise Unreachable(self.url, f"{type(exc).__name__}: {exc}") from None
        try:
            reply = json.loads(json.loads(raw)["data"][0]) if response.status == 200 else None
        except (ValueError, KeyError, IndexError, TypeError):
            reply = None
        if not isinstance(reply, dict):
            raise Unreachable(self.url, f"HTTP {response.status}, not a qa serve reply")
        if "error" in reply:
            raise rebuild_error(reply["error"])
        return reply

    def hello(self, timeout: float = HELLO_SECONDS) -> dict:
        reply = self.call("hello", timeout=timeout)
        if reply.get("protocol") != PROTOCOL:
            raise Unreachable(self.url, f"protocol {reply.get('protocol')!r}, this qa speaks {PROTOCOL}")
        return reply

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class Unreachable(QAError):
    """No qa serve answers at an address (the command line's own error: it words it itself)."""

    def __init__(self, url: str, detail: str):
        super().__init__(f"no qa serve answers at {url} ({detail}); start one with `qa serve`, or leave out "
                         "--server and $QA_SERVER to answer without one. 服务器无响应。")  # fmt: skip
        self.url = url


# ---------------------------------------------------------------- finding a server
def server_for(args, index_dir: Path | str) -> Server | None:
    """The server this command should use: ``--server``/``$QA_SERVER``, else one discovered on the index.

    ``index_dir`` is the index folder, or a Milvus index's location (``URI#alias``, a ``str``): that has no
    folder to leave word in, so its server is used only when named."""
    if getattr(args, "no_server", False):
        return None
    url = getattr(args, "server", None) or os.environ.get("QA_SERVER", "").strip()
    folder = not isinstance(index_dir, str)
    if url:
        server = Server(url)
        if getattr(args, "index", None) or getattr(args, "uri", None):  # said both: they must agree
            served = server.hello(timeout=CALL_SECONDS)["index"]
            if served != (str(Path(index_dir).expanduser().resolve()) if folder else index_dir):
                raise QAError(f"the server at {server.url} serves the index {served}, not {index_dir}; leave out "
                              "--index (--uri) or --server. 服务器使用的是另一个索引。")  # fmt: skip
        return server
    return discover(index_dir) if folder else None


def discover(index_dir: Path) -> Server | None:
    """The server a ``qa serve`` on ``index_dir`` left word of, if it is alive and answers; else None."""
    note = read_discovery(index_dir)
    if note is None or not pid_alive(note["pid"]):
        return None
    try:
        server = Server(note["url"])
        hello = server.hello()
    except QAError:
        return None
    if Path(hello["index"]) != Path(index_dir).expanduser().resolve():
        return None
    return server


def read_discovery(index_dir: Path) -> dict | None:
    try:
        note = json.loads((Path(index_dir) / DISCOVERY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or not isinstance(note.get("url"), str) or not isinstance(note.get("pid"), int):
        return None
    return note


def write_discovery(index_dir: Path, url: str, pid: int | None = None) -> Path | None:
    """Leave word of a server on ``index_dir``, atomically (a reader never sees half a file); None if unwritable."""
    index_dir = Path(index_dir)
    path = index_dir / DISCOVERY
    note = {"url": url, "pid": pid or os.getpid(), "index": str(index_dir.resolve()),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}  # fmt: skip
    tmp = index_dir / f".{DISCOVERY}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(note), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        return None
    return path


def remove_discovery(index_dir: Path, pid: int | None = None) -> None:
    """Remove the discovery file if it is this server's (a later server on the same index may have replaced it)."""
    note = read_discovery(index_dir)
    if note is not None and note["pid"] == (pid or os.getpid()):
        (Path(index_dir) / DISCOVERY).unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    except OSError:
        return False
    return True


# ---------------------------------------------------------------- records from the reply
def rebuild_error(data: dict) -> QAError:
    """The library exception a server reported, rebuilt from its facts (only classes of index/ and qa/)."""
    cls: type[QAError] = QAError
    module = str(data.get("module", ""))
    if module.startswith(("index.", "qa.")):
        try:
            found = getattr(importlib.import_module(module), str(data.get("type", "")), None)
        except ImportError:
            found = None
        if isinstance(found, type) and issubclass(found, QAError):
            cls = found
    exc = cls.__new__(cls)
    exc.args = tuple(data.get("args", ()))
    exc.reason = str(data.get("reason", ""))
    facts = data.get("facts", {})
    exc.__dict__.update({k: tuple(v) if isinstance(v, list) else v for k, v in facts.items()})
    return exc


def record(cls, data):
    """A dataclass record rebuilt from its ``to_dict`` (nested records and tuples included, unknown keys left)."""
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    kwargs = {f.name: _value(hints.get(f.name), data[f.name]) for f in fields(cls) if f.name in data}
    return cls(**kwargs)


def _value(hint, value):
    if value is None or hint is None:
        return value
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = [a for a in args if a is not type(None)]
        return _value(inner[0], value) if len(inner) == 1 else value
    if is_dataclass(hint) and isinstance(value, dict):
        return record(hint, value)
    if origin is tuple and isinstance(value, list):
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v) for v in value)
        return tuple(_value(a, v) for a, v in zip(args, value)) if args else tuple(value)
    return value


def answers(reply: dict) -> list:
    """``Answer`` records of an ``ask_many`` reply, with the unrounded confidence (and the threshold, if sent)."""
    from dataclasses import replace

    from qa.records import Answer

    thresholds = reply.get("threshold") or [None] * len(reply["answers"])
    return [replace(record(Answer, d), confidence=c, threshold=t)
            for d, c, t in zip(reply["answers"], reply["confidence"], thresholds)]  # fmt: skip
