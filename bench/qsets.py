"""The question sets of the benchmark: dev, its hand translations (parity), and a generated set for speed.

The speed set is made in code, deterministically, by varying the dev
questions and their translations the way people type them: punctuation,
casing, spacing, a polite prefix, a swapped question word, two questions
asked at once. A variant keeps its source's expected answer, except a
combined question, which has none (it is there for timing only).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from qa.eval.questions import QuestionRow

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "bench" / "data" / "dev.jsonl"
TRANSLATED = ROOT / "bench" / "data" / "dev_translated.jsonl"
SPEED_SIZE = 1000


@dataclass(frozen=True)
class QuestionSet:
    name: str
    rows: tuple[QuestionRow, ...]
    pairs: dict[str, str] | None = None  # translated row id -> dev row id it translates
    kinds: dict[str, str] | None = None  # generated row id -> how it was varied


def read_rows(path: Path) -> list[QuestionRow]:
    """JSONL rows with ``id, lang, question, answer, doc`` (``answer: null`` = unanswerable)."""
    rows = []
    for line_no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        r = json.loads(line)
        answer = r.get("answer")
        rows.append(QuestionRow(id=str(r.get("id") or f"L{line_no}"), line=line_no, question=r["question"],
                                lang=r.get("lang"), answer="" if answer is None else answer, doc=r.get("doc")))
    return rows


def dev_set(path: Path = DEV) -> QuestionSet:
    return QuestionSet("dev", tuple(read_rows(path)))


def parity_set(dev_path: Path = DEV, translated_path: Path = TRANSLATED) -> QuestionSet:
    """Every answerable dev question in both languages: the original and its hand translation."""
    dev = [r for r in read_rows(dev_path) if r.gold_answerable]
    pairs = {}
    translated = []
    for line_no, line in enumerate(Path(translated_path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            r = json.loads(line)
            pairs[r["id"]] = r["of"]
            translated.append(QuestionRow(id=r["id"], line=line_no, question=r["question"], lang=r["lang"],
                                          answer=r.get("answer") or "", doc=r.get("doc")))
    return QuestionSet("parity", tuple(dev + translated), pairs=pairs)


# ---------------------------------------------------------------- generated variants

_EN_SWAPS = (
    (r"^What ", "Which "), (r"^Which ", "What "), (r"^Who ", "Which person "), (r"^How many ", "What number of "),
    (r"^How much ", "What amount of "), (r"^In which year ", "When "), (r"^What share ", "What percentage "),
)  # fmt: skip
_ZH_SWAPS = (
    ("什么", "哪些"), ("哪些", "什么"), ("多少", "几"), ("哪一年", "什么时候"), ("谁", "哪位"), ("哪家", "哪个"),
    ("哪个", "什么"), ("多大比例", "百分之多少"),
)  # fmt: skip
_EN_PREFIXES = ("Please tell me: ", "Question: ", "I would like to know: ", "Quick question - ")
_ZH_PREFIXES = ("请问", "我想知道：", "问：", "请告诉我，")


def _ends(q: str) -> str:
    return q.rstrip("?？!！。. ")


def _variants(row: QuestionRow) -> list[tuple[str, str]]:
    """(kind, question) for every single-step variant of a question."""
    q = row.question
    zh = (row.lang or "") == "zh"
    out = [
        ("no-punct", _ends(q)),
        ("full-width ?" if not zh else "half-width ?", _ends(q) + ("？" if not zh else "?")),
        ("spaces", f"  {q} "),
        ("double ?", _ends(q) + "??"),
    ]
    if zh:
        for old, new in _ZH_SWAPS:
            if old in q:
                out.append((f"swap {old}->{new}", q.replace(old, new, 1)))
        out += [(f"prefix {p}", p + q) for p in _ZH_PREFIXES]
        out.append(("particle 呢", _ends(q) + "呢？"))
    else:
        out += [("lower", q.lower()), ("upper", q.upper()), ("title", q.title())]
        for pat, new in _EN_SWAPS:
            if re.search(pat, q):
                out.append((f"swap {pat.strip('^ ')}", re.sub(pat, new, q, count=1)))
        out += [(f"prefix {p.strip()}", p + q[0].lower() + q[1:]) for p in _EN_PREFIXES]
    return [(k, v) for k, v in out if v.strip() and v != q]


def generate(bases: Sequence[QuestionRow], n: int = SPEED_SIZE, seed: int = 7) -> QuestionSet:
    """At least ``n`` questions (exactly ``n`` when there are enough bases), the same for the same input.

    Order of making: the bases as they are, every single-step variant, a
    variant of a variant (two steps), and two questions of one language asked
    together; then a seeded sample of ``n``, in a fixed order.
    """
    rng = random.Random(seed)
    rows: list[QuestionRow] = []
    kinds: dict[str, str] = {}
    seen: set[str] = set()

    def add(base: QuestionRow, question: str, kind: str, answer: str | None) -> None:
        if question in seen:
            return
        seen.add(question)
        rid = f"g{len(rows) + 1:04d}"
        rows.append(replace(base, id=rid, line=len(rows) + 1, question=question, answer=answer))
        kinds[rid] = f"{base.id}: {kind}"

    for b in bases:
        add(b, b.question, "as is", b.answer)
    singles = [(b, k, v) for b in bases for k, v in _variants(b)]
    for b, k, v in singles:
        add(b, v, k, b.answer)
    for b, k, v in singles:  # two steps: vary the variant once more
        for k2, v2 in _variants(replace(b, question=v)):
            add(b, v2, f"{k} + {k2}", b.answer)
    by_lang: dict[str, list[QuestionRow]] = {}
    for b in bases:
        by_lang.setdefault(b.lang or "", []).append(b)
    for group in by_lang.values():
        for a in group:
            other = group[rng.randrange(len(group))]
            if other is not a:
                joiner = "另外，" if (a.lang or "") == "zh" else " Also, "
                add(a, _ends(a.question) + ("？" if (a.lang or "") == "zh" else "?") + joiner + other.question,
                    f"combined with {other.id}", None)
    if len(rows) > n:
        keep = sorted(rng.sample(range(len(rows)), n))
        rows = [rows[i] for i in keep]
    return QuestionSet("speed", tuple(rows), kinds={r.id: kinds[r.id] for r in rows})


def speed_set(n: int = SPEED_SIZE, seed: int = 7) -> QuestionSet:
    parity = parity_set()
    dev = [r for r in dev_set().rows if not r.gold_answerable]
    return generate([*parity.rows, *dev], n=n, seed=seed)


def write_jsonl(qs: QuestionSet, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in qs.rows:
            rec = {"id": r.id, "lang": r.lang, "question": r.question, "answer": r.answer, "doc": r.doc}
            if qs.kinds:
                rec["made_from"] = qs.kinds[r.id]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


