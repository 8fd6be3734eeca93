"""Validate the Debian Reference development set and print its counts.

Usage (from the repository root):

    python bench/data/debian/check.py

For every answerable row it checks that ``text[start:end] == answer`` in the named document of
the corpus the file is about (``questions_zh_docs.jsonl`` -> ``corpus/zh/``, ``questions_en_docs.jsonl``
-> ``corpus/en/``), that the section fields match the heading that encloses the answer, that ids are
unique and that unanswerable rows carry ``answer: null``. Exits 1 on any problem.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {"questions_zh_docs.jsonl": "zh", "questions_en_docs.jsonl": "en"}
# a numbered section heading is a paragraph of its own: "2.1.4. Debian 档案库基础", "3.2. Systemd init"
_HEADING = re.compile(r"^\d+\.\d+(?:\.\d+)*\. \S[^\n]*$")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line separated paragraph."""
    spans = []
    pos = 0
    for block in text.split("\n\n"):
        spans.append((pos, pos + len(block)))
        pos += len(block) + 2
    return spans


def section_of(text: str, offset: int) -> tuple[str, int, int]:
    """Heading, start and end of the numbered section that contains ``offset``.

    Text before the first numbered heading belongs to the chapter heading (the first line).
    The section runs from its heading to the next numbered heading of any level.
    """
    heads = [(s, e) for s, e in paragraphs(text) if _HEADING.match(text[s:e])]
    title_end = text.find("\n")
    heading, start, end = text[:title_end], 0, heads[0][0] if heads else len(text)
    for i, (s, e) in enumerate(heads):
        if s <= offset:
            heading, start = text[s:e], s
            end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
    return heading, start, end


def check_file(path: Path, lang_dir: str) -> tuple[list[dict], list[str]]:
    problems: list[str] = []
    rows = []
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        rows.append(row)
        where = f"{path.name}:{n} ({row.get('id')})"
        if row.get("id") in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(row.get("id"))
        if row.get("lang") not in ("zh", "en") or not row.get("question"):
            problems.append(f"{where}: needs lang zh/en and a question")
        if not row.get("answerable", True):
            if row.get("answer") is not None or row.get("doc") is not None:
                problems.append(f"{where}: an unanswerable row has answer and doc null")
            continue
        doc = row.get("doc")
        doc_path = HERE / "corpus" / lang_dir / str(doc)
        if not doc_path.is_file():
            problems.append(f"{where}: no document {doc_path}")
            continue
        text = texts.setdefault(doc, doc_path.read_text(encoding="utf-8"))
        start, end, answer = row.get("start"), row.get("end"), row.get("answer")
        if not isinstance(start, int) or not isinstance(end, int) or text[start:end] != answer:
            found = text[start:end] if isinstance(start, int) and isinstance(end, int) else None
            problems.append(f"{where}: text[{start}:{end}] is {found!r}, answer is {answer!r}")
            continue
        heading, s_start, s_end = section_of(text, start)
        got = (row.get("section"), row.get("section_start"), row.get("section_end"))
        if got != (heading, s_start, s_end):
            problems.append(f"{where}: section is {got}, expected {(heading, s_start, s_end)}")
    return rows, problems


def main() -> int:
    all_problems: list[str] = []
    for name, lang_dir in FILES.items():
        path = HERE / name
        rows, problems = check_file(path, lang_dir)
        all_problems += problems
        counts = Counter((r["lang"], bool(r.get("answerable", True))) for r in rows)
        docs = Counter(r["doc"] for r in rows if r.get("answerable", True))
        print(f"{name}  (documents: corpus/{lang_dir}/)")
        for lang in ("zh", "en"):
            print(f"  {lang} questions: {counts[(lang, True)]:>3} answerable, {counts[(lang, False)]:>3} unanswerable")
        print(f"  total: {len(rows)}")
        for doc, k in sorted(docs.items()):
            print(f"    {doc:<34} {k:>3} answerable")
    for p in all_problems:
        print("PROBLEM", p, file=sys.stderr)
    print("all gold offsets valid" if not all_problems else f"{len(all_problems)} problem(s)")
    return 1 if all_problems else 0


if __name__ == "__main__":
    sys.exit(main())
