"""CSV records with their line numbers, where a quote left open is reported instead of swallowing rows.

A spreadsheet cell may hold line breaks inside quotes, so one record can span
lines; but a quote that is never closed makes Python's ``csv`` reader read
every later line into that one cell, and the rows vanish without a word. A
record spanning lines is taken for such a swallow when its quote is still open
at the end of the file, or when a line inside it looks like a row of its own
(no quote, and as many delimiters as the header needs). The line that opened
the quote is then reported, and reading starts again on the line after it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Record:
    line: int  # first physical line, from 1
    cells: list[str]
    problem: str = ""  # set (and cells empty) for a line that opened a quote it never closed, or unreadable CSV
    fatal: bool = False  # the reader gave up: no later record follows


def _swallowed(chunk: list[str], delimiter: str, width: int) -> bool:
    if sum(line.count('"') for line in chunk) % 2:  # still open at the end of the file
        return True
    return width > 1 and any('"' not in ln and ln.count(delimiter) >= width - 1 for ln in chunk[1:])


def records(text: str, delimiter: str, width: Callable[[], int]) -> Iterator[Record]:
    """Every record of ``text``; ``width()`` is the number of header columns once the header is read (else 0)."""
    raw = io.StringIO(text, newline="").readlines()
    at = 0  # physical lines consumed by earlier readers
    while True:
        reader = csv.reader(raw[at:], delimiter=delimiter)
        last = 0
        try:
            for cells in reader:
                start, last = last + 1, reader.line_num
                if last > start and _swallowed(raw[at + start - 1 : at + last], delimiter, width()):
                    yield Record(at + start, [], f"a quote opened on this line is not closed (lines {at + start}–"
                                 f"{at + last} would have been read as one cell); the line was skipped, close "
                                 'the quote or write a quote inside a cell as ""')  # fmt: skip
                    at += start
                    break
                yield Record(at + start, cells)
            else:
                return
        except csv.Error as exc:
            yield Record(at + reader.line_num, [], f"unreadable CSV ({exc}); later rows were not read", fatal=True)
            return
