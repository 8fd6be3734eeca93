"""Read a file of questions (JSONL or CSV) for batch evaluation.

A bad row should not cost the whole run: it is reported with its line number
and skipped. Only a file that cannot be a question file at all (binary, not
UTF-8, too large, no ``question`` column, nothing readable) raises
``BadQuestionFile``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path

from index.text.script import detect_lang
from qa.errors import BadQuestionFile, BadText
from qa.eval.csvrecords import records
from qa.intext import clean_text
from qa.limits import MAX_QUESTION_CHARS

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000

FIELDS = ("id", "question", "lang", "answer", "doc")
# Column names a person may type in a spreadsheet, matched after strip + lower.
ALIASES = {
    "id": "id", "编号": "id", "序号": "id",
    "question": "question", "问题": "question",
    "lang": "lang", "language": "lang", "语言": "lang",
    "answer": "answer", "expected_answer": "answer", "答案": "answer",
    "doc": "doc", "document": "doc", "source": "doc", "文档": "doc", "来源": "doc",
}  # fmt: skip
LANGS = {
    "zh": "zh", "zh-cn": "zh", "zh-hans": "zh", "zh_cn": "zh", "cn": "zh", "chinese": "zh", "中文": "zh",
    "en": "en", "en-us": "en", "en-gb": "en", "english": "en", "英文": "en", "英语": "en",
}  # fmt: skip

@dataclass(frozen=True)
class QuestionRow:
    """One question to ask, with its gold fields (used only for scoring).

    ``answer`` is ``None`` when the file records no expected answer for the
    row, and ``""`` when it records that the question is unanswerable
    (``null`` or an empty cell in an ``answer`` column).
    """

    id: str
    line: int
    question: str
    lang: str | None = None
    answer: str | None = None
    doc: str | None = None

    @property
    def group(self) -> str:
        """The language the row is reported under: the ``lang`` column, else detected as the answer's is."""
        return self.lang or detect_lang(self.question)

    @property
    def gold_answerable(self) -> bool | None:
        return None if self.answer is None else bool(self.answer.strip())


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class QuestionFile:
    rows: tuple[QuestionRow, ...]
    problems: tuple[RowProblem, ...] = ()
    path: str = ""


class _Bad(ValueError):
    """A row-level problem; becomes a ``RowProblem``."""


def read_questions(path: str | Path, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> QuestionFile:
    """Read a JSONL or CSV/TSV question file; the format is told by extension, else sniffed."""
    p = Path(path)
    if not p.is_file():
        raise BadQuestionFile("missing", path=p)
    size = p.stat().st_size
    if size > max_bytes:
        raise BadQuestionFile("too_large", path=p, found=size, limit=max_bytes)
    text = decode(p.read_bytes(), p.name)
    suffix = p.suffix.lower()
    fmt = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "tsv"}.get(suffix)
    result = parse_questions(text, fmt=fmt, name=p.name, max_rows=max_rows)
    return QuestionFile(result.rows, result.problems, str(p))


def decode(data: bytes, name: str = "the file") -> str:
    """UTF-8 text with any BOM removed; binary files and files in another encoding are refused.

    A file with a few lines that are not UTF-8 (at most half of them) is read: those bytes are kept as
    escapes (``surrogateescape``), so each such row is reported, naming the byte, and skipped (``qa.intext``).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadQuestionFile("utf16", path=name)
    if b"\x00" in data[:8192]:
        raise BadQuestionFile("binary", path=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lines = [ln for ln in data.split(b"\n") if ln.strip()]
        if 2 * sum(1 for ln in lines if not _is_utf8(ln)) >= len(lines):
            raise BadQuestionFile("not_utf8", path=name, found=exc.start) from None
    return data.decode("utf-8-sig", errors="surrogateescape")


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def parse_questions(
    text: str, fmt: str | None = None, name: str = "the file", max_rows: int = MAX_ROWS
) -> QuestionFile:
    """Parse question text; ``fmt`` is ``jsonl``, ``csv``, ``tsv`` or ``None`` (sniffed)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadQuestionFile("empty", path=name)
    if fmt is None:
        fmt = "jsonl" if text.lstrip().startswith(("{", "[")) else "csv"
    if fmt == "jsonl" and text.lstrip().startswith("["):
        raise BadQuestionFile("json_array", path=name)
    if fmt == "jsonl":
        rows, problems = _parse_jsonl(text, name, max_rows)
    elif fmt in ("csv", "tsv"):
        rows, problems = _parse_csv(text, name, max_rows, delimiter="\t" if fmt == "tsv" else None)
    else:
        raise BadQuestionFile("unknown_format", path=name, found=fmt, expected=("jsonl", "csv", "tsv"))
    rows, problems = _drop_duplicate_ids(rows, problems)
    if not rows:
        raise BadQuestionFile("nothing_read", path=name, detail=str(problems[0]) if problems else None)
    return QuestionFile(tuple(rows), tuple(sorted(problems, key=lambda pr: pr.line)))


def _parse_jsonl(text: str, name: str, max_rows: int) -> tuple[list[QuestionRow], list[RowProblem]]:
    rows: list[QuestionRow] = []
    problems: list[RowProblem] = []
    seen_question_key = False
    objects = n = 0
    # split on newlines only: U+2028 and friends may sit inside a JSON string
    for line_no, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        n += 1
        if n > max_rows:
            raise BadQuestionFile("too_many_rows", path=name, limit=max_rows)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(RowProblem(line_no, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(obj, dict):
            problems.append(RowProblem(line_no, 'not a JSON object; write {"question": "..."}'))
            continue
        objects += 1
        fields = {ALIASES.get(str(k).strip().lower(), str(k)): v for k, v in obj.items()}
        seen_question_key = seen_question_key or "question" in fields
        try:
            rows.append(_row(fields, line_no))
        except _Bad as exc:
            problems.append(RowProblem(line_no, str(exc)))
    if objects and not seen_question_key:
        raise BadQuestionFile("no_question_field", path=name)
    return rows, problems


def _sniff_delimiter(header: str) -> str:
    """Tab when the header has tabs, else comma: the header is what a person typed least ambiguously."""
    return "\t" if header.count("\t") > header.count(",") else ","


def _parse_csv(
    text: str, name: str, max_rows: int, delimiter: str | None = None
) -> tuple[list[QuestionRow], list[RowProblem]]:
    lines = text.splitlines()
    header_line = next((ln for ln in lines if ln.strip()), "")
    delimiter = delimiter or _sniff_delimiter(header_line)
    header: list[str] | None = None
    rows: list[QuestionRow] = []
    problems: list[RowProblem] = []
    n = 0
    for rec in records(text, delimiter, lambda: len(header or ())):
        record, start = rec.cells, rec.line
        if rec.problem:
            problems.append(RowProblem(start, rec.problem))
            continue
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [ALIASES.get(c.strip().lower(), c.strip()) for c in record]
            if "question" not in header:
                found = ", ".join(repr(c) for c in record[:8])
                raise BadQuestionFile("no_question_column", path=name, found=found)
            continue
        n += 1
        if n > max_rows:
            raise BadQuestionFile("too_many_rows", path=name, limit=max_rows)
        if len(record) > len(header):
            extra = len(record) - len(header)
            reason = f"{extra} more field(s) than the header; quote cells that contain {delimiter!r}"
            problems.append(RowProblem(start, reason))
            continue
        fields = {col: cell for col, cell in zip(header, record) if col}
        if "answer" in header and "answer" not in fields:
            fields["answer"] = ""  # a short row: the answer cell is empty
        try:
            rows.append(_row(fields, start))
        except _Bad as exc:
            problems.append(RowProblem(start, str(exc)))
    if header is None:
        raise BadQuestionFile("no_header", path=name)
    return rows, problems


def _text(value: object, field: str, numbers: bool = True) -> str | None:
    """A field as text by the one rule (``qa.intext``); a number is text only where ``numbers`` allows it,
    and never NaN or infinity (JSON's ``NaN`` and ``1e999`` are not something a person typed)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and numbers:
        if isinstance(value, float) and not math.isfinite(value):
            raise _Bad(f"'{field}' must be text, not the number {value}")
        return str(value)
    try:
        return clean_text(value, f"'{field}' field")
    except BadText as exc:
        raise _Bad(str(exc)) from None


def _row(fields: dict, line: int) -> QuestionRow:
    question = _text(fields.get("question"), "question", numbers=False)
    if not question:
        raise _Bad("no question (the 'question' field is missing or empty)")
    if len(question) > MAX_QUESTION_CHARS:
        raise _Bad(f"question is {len(question):,} characters, over the {MAX_QUESTION_CHARS:,} limit")
    lang = _text(fields.get("lang"), "lang") or None
    if lang is not None:
        if lang.lower() not in LANGS:
            raise _Bad(f"unknown lang {lang!r}; choose from 'zh', 'en' or leave it empty")
        lang = LANGS[lang.lower()]
    answer = _text(fields["answer"], "answer") if "answer" in fields else None
    if "answer" in fields and answer is None:
        answer = ""  # JSON null: expected to be unanswerable
    doc = _text(fields.get("doc"), "doc") or None
    row_id = _text(fields.get("id"), "id") or ""  # "": none given; numbered by its line in _drop_duplicate_ids
    return QuestionRow(id=row_id, line=line, question=question, lang=lang, answer=answer, doc=doc)


def _drop_duplicate_ids(
    rows: list[QuestionRow], problems: list[RowProblem]
) -> tuple[list[QuestionRow], list[RowProblem]]:
    """Ids pair questions across runs, so a repeated id is a problem, not a silent overwrite.

    Only ids the file gives can repeat: a row without one is numbered by its line, and when another row
    names that number as its id, by ``line N`` instead, so an explicit ``"id": "1"`` is never dropped.
    """
    given = {row.id for row in rows if row.id}
    first: dict[str, int] = {}
    kept = []
    for row in rows:
        if not row.id:
            auto, n = str(row.line), 1
            while auto in given or auto in first:
                n += 1
                auto = f"line {row.line}" + (f" ({n - 1})" if n > 2 else "")
            row = replace(row, id=auto)
        elif row.id in first:
            problems.append(RowProblem(row.line, f"duplicate id {row.id!r} (first on line {first[row.id]})"))
            continue
        first[row.id] = row.line
        kept.append(row)
    return kept, problems
