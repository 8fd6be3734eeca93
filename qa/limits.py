"""Limits on what one request may ask, stated once: the assistant, find, the question files and the app use them."""

from __future__ import annotations

MAX_K = 50  # passages (or matches) per question
MAX_QUESTION_CHARS = 2_000  # characters in one question
MAX_FIND_CHARS = 5_000  # characters in one quote or claim to find
