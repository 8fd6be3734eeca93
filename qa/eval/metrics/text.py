"""Light normalisation shared by the metrics, so scores do not hinge on typography.

Full-width and half-width forms are folded (NFKC), case is folded, and all
whitespace is removed: a gold answer typed as ``2018 年`` matches ``2018年``.
Tokens for F1 are single CJK characters and whole Latin words or numbers;
Chinese is never split on whitespace.
"""

from __future__ import annotations

import re
import unicodedata

from index.text.script import CJK, KANA

_SPACE = re.compile(r"\s+")
_CJK = KANA + CJK  # a Chinese character or a kana is a token of its own
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


def normalize(text: str | None) -> str:
    if not text:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def contains(haystack: str | None, needle: str | None) -> bool:
    """Whether the normalised needle occurs in the normalised haystack; an empty needle never does."""
    n = normalize(needle)
    return bool(n) and n in normalize(haystack)


def tokens(text: str | None) -> list[str]:
    """F1 tokens: each CJK character alone, Latin words and numbers whole, punctuation dropped."""
    if not text:
        return []
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
