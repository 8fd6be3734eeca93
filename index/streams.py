"""Rows of a build streamed to and from JSON files, so no pass holds the corpus in memory."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path


def read_jsonl(path: Path) -> Iterator:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


class Rows:
    """A file of JSON lines seen as a sized sequence of values (read again on each pass, never held)."""

    def __init__(self, path: Path, n: int, fn: Callable = lambda row: row):
        self.path, self.n, self.fn = path, n, fn

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator:
        return (self.fn(row) for row in read_jsonl(self.path))


class JsonlWriter:
    def __init__(self, path: Path):
        self.fh = open(path, "w", encoding="utf-8")
        self.n = 0

    def write(self, row) -> None:
        self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.n += 1

    def close(self) -> None:
        self.fh.close()


class JsonArrayWriter:
    """A JSON array written one element at a time (``documents.json``)."""

    def __init__(self, path: Path):
        self.fh = open(path, "w", encoding="utf-8")
        self.fh.write("[")
        self.n = 0

    def write(self, value) -> None:
        self.fh.write((", " if self.n else "") + json.dumps(value, ensure_ascii=False))
        self.n += 1

    def close(self) -> None:
        self.fh.write("]")
        self.fh.close()
