"""jieba, loaded once: one dictionary and one tokenizer object for the whole process.

jieba keeps its dictionary in a module-level tokenizer (``jieba.dt``) and its
part-of-speech tags in ``jieba.posseg.dt``; every caller goes through here so
the dictionary is read once, lazily, with jieba's log line silenced.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache


@lru_cache(maxsize=1)
def jieba():
    """The jieba module with its dictionary loaded."""
    import jieba as _jieba

    _jieba.setLogLevel(logging.WARNING)
    _jieba.initialize()
    return _jieba


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    jieba()
    from jieba import posseg

    return posseg.dt.word_tag_tab


def words(text: str) -> list[str]:
    """jieba's words of ``text`` (accurate mode, with its HMM for unknown words)."""
    return jieba().lcut(text)


def search_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """``(word, start, end)`` in search mode: a long compound also yields its dictionary parts."""
    return jieba().tokenize(text, mode="search")


def word_tags() -> dict[str, str]:
    """Word -> jieba's dictionary part-of-speech tag (``n``, ``nr``, ``v``, ...)."""
    return _tags()


def frequency(word: str) -> int:
    """How often jieba's dictionary says ``word`` occurs (0 for a word it does not know)."""
    return jieba().dt.FREQ.get(word, 0)
