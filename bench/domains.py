"""Quality on a question set with gold offsets, for any index: the assistant against BM25 and dense baselines.

    python bench/domains.py --index IDX --questions bench/data/debian/questions_zh_docs.jsonl \
        --corpus bench/data/debian/corpus/zh [--doc-prefix zh] [-k 10] [--details out.jsonl] [--json out.json]

Per question language it prints hit@1 and hit@5 (a returned passage of the gold document overlaps the
answering section ``[section_start, section_end)``), the strict hit (the gold answer span lies inside the
passage), MRR@10 (section hit), answering-sentence accuracy (the top passage's sentence holds the gold
span), the share of answerable questions flagged "not answered", the share of unanswerable questions
flagged, and the confidence's AUC (answerable above unanswerable) and medians.

Rows without offsets (the seed sets: ``answer`` is text) fall back to "the passage text contains the
answer", as ``qa eval`` judges. A row is unanswerable when ``answer`` is null or ``answerable`` is false;
``--unanswerable`` treats every row as unanswerable (an off-topic file without an ``answer`` key).

Only the public API is used (``from qa import Assistant``; an answer's ``passages[i].doc/start/end/text``,
``answerable``, ``confidence``, ``sentence``), so this survives changes inside the pipeline. The baselines
index the corpus's own paragraphs (blocks between blank lines): BM25 (rank_bm25) over jieba search-mode
tokens, and the index's embedding model alone (cosine).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.metrics import K, auc, by_lang, markdown, scores  # noqa: E402,F401  (callers read them here too)

_SPACE = re.compile(r"\s+")
_BLOCK = re.compile(r"\n[ \t\u3000]*\n")
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Row:
    id: str
    lang: str
    question: str
    answerable: bool
    answer: str = ""
    doc: str = ""
    start: int | None = None  # gold answer offsets into the document's text
    end: int | None = None
    section: tuple[int, int] | None = None  # the answering section's offsets


@dataclass(frozen=True)
class Hit:
    """A returned passage, sentence or baseline paragraph: where it is and its text."""

    doc: str
    start: int
    end: int
    text: str


@dataclass
class Result:
    row: Row
    passages: list[Hit]
    sentence: Hit | None = None
    answerable: bool = True
    confidence: float = 1.0
    section_hits: list[bool] = field(default_factory=list)
    span_hits: list[bool] = field(default_factory=list)
    sentence_ok: bool = False


def read_rows(path: Path | str, all_unanswerable: bool = False) -> list[Row]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        r = json.loads(line)
        if all_unanswerable:
            answerable = False
        elif "answerable" in r:
            answerable = bool(r["answerable"])
        elif "answer" in r:
            answerable = r["answer"] is not None and bool(str(r["answer"]).strip())
        else:
            continue  # no gold: nothing to score
        sec = (r["section_start"], r["section_end"]) if r.get("section_start") is not None else None
        rows.append(Row(str(r.get("id") or f"L{n}"), r.get("lang") or "", r["question"], answerable,
                        r.get("answer") or "", r.get("doc") or "", r.get("start"), r.get("end"), sec))
    return rows


def normalize(text: str | None) -> str:
    import unicodedata

    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "")).casefold()


def judge(res: Result, doc_prefix: str = "") -> Result:
    """Fill in the per-passage verdicts of ``res`` against its row's gold."""
    row = res.row
    if not row.answerable:
        return res
    gold_doc = doc_prefix + row.doc

    def same(h: Hit) -> bool:
        return Path(h.doc).name == gold_doc

    def holds(h: Hit) -> bool:
        if row.start is not None and row.end is not None and row.doc:
            return same(h) and h.start <= row.start and row.end <= h.end
        return bool(normalize(row.answer)) and normalize(row.answer) in normalize(h.text)

    res.span_hits = [holds(h) for h in res.passages]
    if row.section is not None:
        s0, s1 = row.section
        res.section_hits = [same(h) and h.start < s1 and s0 < h.end for h in res.passages]
    else:
        res.section_hits = list(res.span_hits)
    res.sentence_ok = res.sentence is not None and holds(res.sentence)
    return res


# ---------------------------------------------------------------- systems


def assistant_answers(assistant, rows: Sequence[Row], k: int) -> list[Result]:
    out = []
    answers = assistant.ask_many([r.question for r in rows], k=k)
    for row, a in zip(rows, answers):
        hits = [Hit(p.doc, p.start, p.end, p.text) for p in a.passages]
        s = a.sentence
        sent = None
        if s is not None and a.passages:
            sent = Hit(a.passages[0].doc, s.start, s.end, s.text)
        out.append(Result(row, hits, sent, bool(a.answerable), float(a.confidence)))
    return out


def corpus_paragraphs(corpus: Path | str) -> list[Hit]:
    """Blocks between blank lines of every .txt/.md file, with their offsets."""
    out = []
    for path in sorted(Path(corpus).iterdir()):
        if path.suffix.lower() not in (".txt", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        pos = 0
        for m in [*_BLOCK.finditer(text), None]:
            end = m.start() if m else len(text)
            block = text[pos:end]
            lead = len(block) - len(block.lstrip())
            body = block.strip()
            if body:
                out.append(Hit(path.name, pos + lead, pos + lead + len(body), body))
            pos = m.end() if m else len(text)
    return out


def jieba_tokens(text: str) -> list[str]:
    import jieba

    return [t for t in jieba.lcut_for_search(text.lower()) if _WORD.search(t)]


def first_sentence_hit(p: Hit, tokens: Callable[[str], list[str]], question: str) -> Hit:
    """The paragraph's sentence sharing most tokens with the question (the first on a tie)."""
    q = set(tokens(question))
    best, best_n = None, -1
    for m in re.finditer(r"[^。！？!?；;]+[。！？!?；;]*|\S+", p.text):
        n = len(q & set(tokens(m.group())))
        if n > best_n:
            best, best_n = (m.start(), m.end()), n
    s, e = best or (0, len(p.text))
    return Hit(p.doc, p.start + s, p.start + e, p.text[s:e])


def baseline_answers(paras: Sequence[Hit], rank: Callable[[str], list[int]], rows: Sequence[Row],
                     tokens: Callable[[str], list[str]], k: int) -> list[Result]:
    out = []
    for row in rows:
        ids = rank(row.question)[:k]
        hits = [paras[i] for i in ids]
        sent = first_sentence_hit(paras[ids[0]], tokens, row.question) if ids else None
        out.append(Result(row, hits, sent))
    return out


def bm25_ranker(paras: Sequence[Hit]) -> Callable[[str], list[int]]:
    import numpy as np
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi([jieba_tokens(p.text) or ["\u2400"] for p in paras])
    return lambda q: [int(i) for i in np.argsort(-bm25.get_scores(jieba_tokens(q)), kind="stable")]


def dense_ranker(paras: Sequence[Hit], embedder) -> Callable[[str], list[int]]:
    import numpy as np

    vecs = np.asarray(embedder.encode([p.text for p in paras]), dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9

    def rank(q: str) -> list[int]:
        v = np.asarray(embedder.encode([q]), dtype=np.float32)[0]
        return [int(i) for i in np.argsort(-(vecs @ (v / (np.linalg.norm(v) + 1e-9))), kind="stable")]

    return rank


# ---------------------------------------------------------------- metrics


def k_dependence(assistant, rows: Sequence[Row], ks: Sequence[int] = (1, 3, 5, 10)) -> dict:
    """Questions whose top passage, or confidence, differs between the k values."""
    tops: dict[str, list] = {r.id: [] for r in rows}
    for k in ks:
        for row, a in zip(rows, assistant.ask_many([r.question for r in rows], k=k)):
            p = a.passages[0] if a.passages else None
            tops[row.id].append(((p.doc, p.start, p.end) if p else None, round(float(a.confidence), 4)))
    top_diff = [i for i, v in tops.items() if len({t for t, _ in v}) > 1]
    conf_diff = [i for i, v in tops.items() if len({c for _, c in v}) > 1]
    return {"questions": len(rows), "ks": list(ks), "top_differs": len(top_diff), "confidence_differs": len(conf_diff),
            "top_differs_ids": top_diff, "confidence_differs_ids": conf_diff}


# ---------------------------------------------------------------- running


def measure(index_dir: Path | str, questions: Path | str, corpus: Path | str | None = None, k: int = K,
            doc_prefix: str = "", all_unanswerable: bool = False, baselines: bool = True,
            assistant=None) -> tuple[dict, list[Result]]:
    """The assistant (and, given the corpus folder, the baselines) on one question file, per language."""
    if assistant is None:
        from qa import Assistant

        assistant = Assistant.load(index_dir)
    rows = read_rows(questions, all_unanswerable)
    results = [judge(r, doc_prefix) for r in assistant_answers(assistant, rows, k)]
    table = {"assistant": by_lang(results, k=k)}
    if baselines and corpus is not None:
        paras = corpus_paragraphs(corpus)
        for name, ranker in (("bm25", bm25_ranker(paras)), ("dense", dense_ranker(paras, assistant.embedder))):
            res = [judge(r, doc_prefix) for r in baseline_answers(paras, ranker, rows, jieba_tokens, k)]
            table[name] = by_lang(res, k=k, confidence=False)
    return table, results


def details(results: Sequence[Result]) -> list[dict]:
    return [{"id": r.row.id, "lang": r.row.lang, "answerable_gold": r.row.answerable, "answerable": r.answerable,
             "confidence": round(r.confidence, 4), "section_rank": next((i for i, h in enumerate(r.section_hits, 1)
                                                                         if h), None),
             "span_rank": next((i for i, h in enumerate(r.span_hits, 1) if h), None), "sentence_ok": r.sentence_ok,
             "top": asdict(r.passages[0]) if r.passages else None,
             "passages": [[h.doc, h.start, h.end] for h in r.passages],
             "sentence": r.sentence.text if r.sentence else None} for r in results]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True, help="index folder")
    ap.add_argument("--questions", required=True, help="JSONL questions (gold offsets optional)")
    ap.add_argument("--corpus", help="corpus folder, for the paragraph baselines")
    ap.add_argument("--doc-prefix", default="", help="prefix of the gold file names in this index (mixed corpora)")
    ap.add_argument("-k", type=int, default=K)
    ap.add_argument("--unanswerable", action="store_true", help="every row is unanswerable (off-topic file)")
    ap.add_argument("--k-check", action="store_true", help="also count top passages that change with k")
    ap.add_argument("--details", help="write per-question verdicts (JSONL) here")
    ap.add_argument("--json", help="write the table (JSON) here")
    args = ap.parse_args(argv)
    from qa import Assistant

    assistant = Assistant.load(args.index)
    table, results = measure(args.index, args.questions, args.corpus, args.k, args.doc_prefix, args.unanswerable,
                             assistant=assistant)
    print(markdown(table, f"{Path(args.questions).name} over {args.index}"))
    out = {"table": table}
    if args.k_check:
        out["k"] = k_dependence(assistant, read_rows(args.questions, args.unanswerable))
        print({k: v for k, v in out["k"].items() if not k.endswith("_ids")})
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.details:
        Path(args.details).write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in details(results)),
                                      encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
