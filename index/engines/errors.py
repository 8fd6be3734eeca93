"""Exceptions of the storage engines, carrying facts (see ``index.errors``).

The other refusals of an engine are the folder index's own exceptions, with
the same reasons: ``IndexNotFound("missing")``, ``StaleIndex("model" | "format"
| "corpus_changed" | ...)``, ``CorruptIndex("unreadable")``, ``IndexLocked("busy")``;
their ``index_dir`` is the engine's location (``URI#alias`` for Milvus).
"""

from __future__ import annotations

from index.errors import IndexError_


class EngineUnreachable(IndexError_):
    """The engine's server does not answer (``path`` is the URI, ``detail`` what the client said)."""

    FACTS = {
        "unreachable": lambda e: f"no Milvus server answers at {e.path} ({e.detail})",
        "bad_uri": lambda e: f"{e.path} is not a Milvus URI (expected {e.expected})",
        "missing_package": lambda e: f"the Python package {e.expected} is not installed ({e.detail})",
        "lite_busy": lambda e: f"another process has the Milvus Lite file {e.path} open (Milvus Lite allows one)",
    }


class EngineLimit(IndexError_):
    """A value does not fit the engine's fields (``within`` names it, ``found`` its size, ``limit`` the field's)."""

    FACTS = {
        "too_long": lambda e: f"{e.within} is {e.found:,} bytes, over the engine's {e.limit:,}-byte text field",
        "bad_alias": lambda e: f"{e.found!r} is not a usable index name (expected {e.expected})",
    }
