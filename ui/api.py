"""The app's API, for ``gradio_client``: the same answers as the CLI's ``--json``, under stable names.

``/ask``      question, k -> the ``qa ask --json`` object (for an English question with its gloss, as there)
``/cite``     citation id -> the ``qa cite`` record (cited text, context, references)
``/find``     quote or claim -> the ``qa find`` result
``/library``  -> the ``qa info --json`` summary of the index

Bad input raises ``gr.Error`` with the same bilingual message the page shows.

``gradio_client`` takes any object with a string ``"path"`` as a file to
download, so in the ``/cite`` and ``/find`` records a document's ``path`` is
named ``file`` (as in ``qa info --json``).
"""

from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from qa.pipeline.gloss import wants_gloss
from ui.messages import FIND_HEADINGS, message_for
from ui.service import Service


def client_safe(value):
    """The record with every ``"path": str`` key renamed ``"file"`` (see the module docstring)."""
    if isinstance(value, dict):
        return {("file" if k == "path" and isinstance(v, str) else k): client_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [client_safe(v) for v in value]
    return value


def register(service: Service, concurrency_id: str) -> None:
    """Add the endpoints to the Blocks being built."""

    def ask(question: str, k: int = 5) -> dict:
        """Answer a question in Chinese or English with the top-k source passages."""
        try:
            snap = service.snapshot()
            answer = snap.ask(question, k)
            if wants_gloss(answer, None):  # as `qa ask --json`: the fields for English readers
                answer = snap.assistant.gloss(answer)
            return answer.to_dict()
        except QAError as exc:
            raise gr.Error(message_for(exc), print_exception=False) from None

    def cite(citation_id: str) -> dict:
        """Look up a citation id such as 001:p23 or 001:p23.s2."""
        try:
            return client_safe(service.snapshot().cite(citation_id).to_dict())
        except QAError as exc:
            raise gr.Error(message_for(exc), print_exception=False) from None

    def find(text: str) -> dict:
        """Find where a quote or a claim comes from, with a verdict (exact, supported, not found)."""
        try:
            result = service.snapshot().find(text)
        except QAError as exc:
            raise gr.Error(message_for(exc, FIND_HEADINGS), print_exception=False) from None
        return client_safe(result.to_dict())

    def library() -> dict:
        """The documents of the index and the model it was built with."""
        try:
            return service.library.to_dict()
        except QAError as exc:
            raise gr.Error(message_for(exc), print_exception=False) from None

    for fn in (ask, cite, find):
        gr.api(fn, api_name=fn.__name__, concurrency_id=concurrency_id)
    gr.api(library, api_name="library", queue=False)
