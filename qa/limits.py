"""Limits on what one request may ask, stated once: the assistant, find, the question files and the app use them.

The checks live here too, beside the limits, so the command line can refuse
bad input before anything heavy loads (this module imports only the errors,
``qa.intext`` and the folding of ``index.text.fold``).
"""

from __future__ import annotations

from qa.errors import BadQuestion
from qa.intext import check_unicode, clean_text, visible

MAX_K = 50  # passages (or matches) per question
MAX_QUESTION_CHARS = 2_000  # characters in one question
MAX_FIND_CHARS = 5_000  # characters in one quote or claim to find


def check_k(k) -> int:
    """``k`` as a whole number of passages, refused outside 1..MAX_K."""
    if not 1 <= int(k) <= MAX_K:
        raise BadQuestion("k_range", found=k, limit=MAX_K)
    return int(k)


def check_question(question: str) -> str:
    """The question, stripped; empty or overlong questions are refused with the limit named."""
    if not isinstance(question, str):
        raise BadQuestion("not_text")
    cleaned = clean_text(question, "question")  # valid Unicode, invisible characters removed (qa.intext)
    if not cleaned:
        raise BadQuestion("empty")
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise BadQuestion("too_long", found=len(cleaned), limit=MAX_QUESTION_CHARS)
    return cleaned


def check_text(text: str) -> str:
    """The text to look up; empty, punctuation-only and overlong texts are refused (the limit named)."""
    from index.text.fold import key

    if not isinstance(text, str):
        raise BadQuestion("find_not_text")
    if len(text) > MAX_FIND_CHARS:
        raise BadQuestion("find_too_long", found=len(text), limit=MAX_FIND_CHARS)
    cleaned = check_unicode(text, "text to find").strip()
    if not visible(cleaned).strip():
        raise BadQuestion("find_empty")
    if not key(cleaned):
        raise BadQuestion("find_punctuation")
    return cleaned
