"""The word lists of the span rules, read once from ``qa/spans/data/<name>.txt``.

A list file holds one entry a line; ``#`` starts a comment and blank lines are
skipped. In a table file each line is a key followed by its values, separated
by spaces (``university 大学 高校 学院``). Order is kept: where the rules build a
regular expression from a list, an earlier entry wins.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


def entries(text: str) -> tuple[str, ...]:
    """The entries of a list file's text: comments and blank lines dropped, spaces around an entry trimmed."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>.txt``, in file order."""
    return entries((resources.files(__package__) / "data" / f"{name}.txt").read_text(encoding="utf-8"))


def table(name: str) -> dict[str, tuple[str, ...]]:
    """Key -> values of ``data/<name>.txt``; a later line for the same key wins."""
    return {key: tuple(values) for key, *values in (entry.split() for entry in words(name))}


def alternation(name: str) -> str:
    """The entries as one regex group, ``(?:a|b|c)``, tried in file order."""
    return "(?:" + "|".join(re.escape(w) for w in words(name)) + ")"
