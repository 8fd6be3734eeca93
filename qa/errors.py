"""Specific exceptions of the library. Only the CLI and the UI turn them into messages.

Every message is one sentence that says what is wrong and what to do.
"""

from __future__ import annotations

from index.errors import IndexError_ as IndexError_  # noqa: F401  (re-exported)
from index.errors import QAError as QAError


class BadQuestion(QAError):
    """The question cannot be answered as given (empty, too long, ...)."""


class BadQuestionFile(QAError):
    """A question file where nothing parses, or that is too large."""


class BadCitation(QAError):
    """A citation id that is malformed or names nothing in the index."""
