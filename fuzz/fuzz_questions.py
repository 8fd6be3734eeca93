"""Fuzz the question-file reader of ``qa eval`` (bytes -> JSONL, CSV, TSV or sniffed)."""

from __future__ import annotations

from common import instrumented, main

with instrumented():
    from qa.errors import QAError
    from qa.eval.questions import MAX_QUESTION_CHARS, decode, parse_questions

FORMATS = ("jsonl", "csv", "tsv", None)


def test_one_input(data: bytes) -> None:
    fmt = FORMATS[data[0] % 4] if data else None
    try:
        qf = parse_questions(decode(data[1:], "fuzz"), fmt=fmt, name="fuzz")
    except QAError:
        return
    for row in qf.rows:
        if not row.question or len(row.question) > MAX_QUESTION_CHARS or row.lang not in (None, "zh", "en"):
            raise RuntimeError(f"bad row {row}")


if __name__ == "__main__":
    main(test_one_input)
