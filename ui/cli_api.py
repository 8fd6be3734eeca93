"""The command line's door into a running app: ``qa ask``, ``find``, ``cite`` and ``eval`` with a server.

One endpoint, ``/cli`` (undocumented and not queued, so one HTTP round trip:
``POST /gradio_api/run/cli``), takes a JSON request and answers with a JSON
string, so every number and key arrives exactly as the command would print
it in its own process. Each operation calls the loaded assistant the way the
command does locally (``ask_many`` on the same batches, ``find_many`` on the
same lines), so the output is the same, not merely close. A library error
travels as its class, reason and facts, and the command line words it as it
would locally (``app/messages.py``); nothing here writes a sentence.

Every operation only reads the index, as the public ``/ask``, ``/cite`` and
``/find`` do: no path from the request is opened.
"""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr

from qa.errors import QAError
from ui.service import Service

PROTOCOL = 1
API_NAME = "cli"


def error_record(exc: QAError) -> dict:
    """The exception as data: its class, reason, arguments and facts (paths as text)."""
    return {
        "type": type(exc).__name__, "module": type(exc).__module__, "reason": exc.reason,
        "args": [str(a) for a in exc.args], "facts": {k: _plain(v) for k, v in exc.facts.items()},
    }  # fmt: skip


def _plain(value):
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def served_index(assistant) -> str:
    """The index a client names: the folder, resolved, or a Milvus index's ``URI#alias``."""
    if assistant.index.engine == "faiss":
        return str(Path(assistant.data.index_dir).resolve())
    return assistant.index.location


def handle(service: Service, request: dict) -> dict:
    """One request of the command line, answered from one snapshot of the index."""
    op = request.get("op")
    if op == "hello":
        a = service.snapshot().assistant
        return {"protocol": PROTOCOL, "index": served_index(a), "model": a.index.meta.model_id}
    assistant = service.snapshot().assistant
    try:
        if op == "ask_many":
            from qa.pipeline.gloss import wants_gloss

            answers = assistant.ask_many(list(request["questions"]), k=request["k"])
            # qa ask's --gloss/--no-gloss (None: for English questions); eval and older clients send none: no gloss
            gloss = request.get("gloss", False)
            answers = [assistant.gloss(a) if wants_gloss(a, gloss) else a for a in answers]
            # the raw confidence too: to_dict rounds it, and the text output and eval metrics use the raw value
            # and the threshold, which the text output's confidence levels need and the JSON contract does not hold
            return {"answers": [a.to_dict() for a in answers], "confidence": [a.confidence for a in answers],
                    "threshold": [a.threshold for a in answers]}  # fmt: skip
        if op == "find":
            from qa.provenance.find import find

            result = find(assistant.finder, request["text"], k=request["k"])
            return {"result": result.to_dict(), "score": result.score}  # to_dict rounds the score
        if op == "find_many":
            from qa.provenance.find import find_many

            results = find_many(assistant.finder, list(request["texts"]), k=request["k"])
            return {"results": [{"error": error_record(r)} if isinstance(r, QAError) else
                                {**r.to_dict(), "raw_score": r.score} for r in results]}  # fmt: skip
        if op == "cite":
            from qa.provenance.cite import collect

            cited = collect(assistant.index, list(request["ids"]), assistant.texts.text)
            return {"cited": [c.to_dict() for c in cited]}
    except QAError as exc:
        return {"error": error_record(exc)}
    return {"error": error_record(QAError(f"unknown request {op!r} (protocol {PROTOCOL})"))}


def register(service: Service) -> None:
    """Add the endpoint to the Blocks being built."""

    def cli(request: str) -> str:
        """A request of the ``qa`` command line (JSON in, JSON out)."""
        try:
            parsed = json.loads(request)
        except (TypeError, ValueError):
            parsed = None
        if not isinstance(parsed, dict):
            return json.dumps({"error": error_record(QAError("the request is not a JSON object"))})
        return json.dumps(handle(service, parsed), ensure_ascii=False)

    gr.api(cli, api_name=API_NAME, queue=False, api_visibility="undocumented")
