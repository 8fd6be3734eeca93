"""The words of a sentence with their part-of-speech tags and offsets.

Tags come from jieba's segmenter and its dictionary rather than its tagger,
which costs three times more and cuts unknown names apart (顾成/建). A Chinese
word the dictionary does not know is tagged ``oov``: its HMM found it, and such
words are names, mostly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.text.script import CJK_CHAR
from index.text.segment import word_tags, words

OPEN, CLOSE = "((", "))"  # parentheses, half and full width


@dataclass(frozen=True)
class Token:
    word: str
    flag: str  # jieba's part-of-speech tag; "oov" for a word its HMM found (names, mostly)
    start: int
    end: int


def tag(text: str) -> list[Token]:
    """jieba's words of ``text`` in order, each with its tag and offsets into ``text``."""
    return list(_tag(text))


@lru_cache(maxsize=16_384)
def _tag(text: str) -> tuple[Token, ...]:
    # a sentence's tags are the same for every question: the sentences asked about most are tagged once
    tags = word_tags()
    out, pos = [], 0
    for word in words(text):
        if word in tags:
            flag = tags[word]
        elif word.isdigit():
            flag = "m"
        elif CJK_CHAR.match(word):
            flag = "r" if word[0] in "这那该此每各某其" else "oov"  # 这篇, 该所: not names
        elif re.match(r"[A-Za-z]", word):
            flag = "eng"
        else:
            flag = "x"
        out.append(Token(word, flag, pos, pos + len(word)))
        pos += len(word)
    return tuple(out)
