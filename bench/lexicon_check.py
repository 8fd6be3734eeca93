"""Print what the cross-lingual lexicon makes of each English dev question, and a rough hit@k.

A diagnostic, not a test: it looks for general weaknesses of the translation
(a word with no Chinese candidate, a common word flooding the query). The
chunks here are plain paragraphs and the BM25 is local, so the numbers are
comparable run to run, not with the product's retrieval.

    python bench/lexicon_check.py [--questions bench/data/dev.jsonl] [--corpus seeds] [--terms]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.english import english_terms  # noqa: E402
from index.gloss import default_glossary  # noqa: E402
from index.pairs import mine_pairs  # noqa: E402
from index.tokenize import tokenize  # noqa: E402
from qa.pipeline.translate import Translator  # noqa: E402


def paragraphs(text: str, size: int = 260) -> list[str]:
    """Blank-line blocks, long ones cut at sentence ends near ``size`` characters."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        while len(block) > size * 1.5:
            cut = max(block.rfind(p, 0, size + 60) for p in "。;!?")
            cut = cut + 1 if cut > size // 2 else size
            out.append(block[:cut])
            block = block[cut:].strip()
        if block:
            out.append(block)
    return out


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75):
        self.tf = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        avg = sum(self.len) / len(docs)
        df = Counter(t for d in self.tf for t in d)
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.norm = [k1 * (1 - b + b * ln / avg) for ln in self.len]
        self.k1 = k1

    def scores(self, query: dict[str, float]) -> list[float]:
        out = []
        for tf, norm in zip(self.tf, self.norm):
            s = 0.0
            for t, w in query.items():
                f = tf.get(t)
                if f:
                    s += w * self.idf[t] * f * (self.k1 + 1) / (f + norm)
            out.append(s)
        return out


def rank(scores: list[float]) -> list[int]:
    return sorted(range(len(scores)), key=lambda i: -scores[i])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", default=str(ROOT / "bench" / "data" / "dev.jsonl"))
    ap.add_argument("--corpus", default=str(ROOT / "seeds"))
    ap.add_argument("--terms", action="store_true", help="print the translated terms of every question")
    args = ap.parse_args(argv)

    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(args.corpus).glob("*.txt"))}
    chunks = [(name, c) for name, t in texts.items() for c in paragraphs(t)]
    t0 = time.perf_counter()
    zh_docs = [tokenize(c) for _, c in chunks]
    t1 = time.perf_counter()
    glossary = default_glossary()
    t2 = time.perf_counter()
    en_docs = [glossary.gloss(d) for d in zh_docs]
    t3 = time.perf_counter()
    pairs = [p for t in texts.values() for p in mine_pairs(t)]
    t4 = time.perf_counter()
    zh, en = BM25(zh_docs), BM25(en_docs)
    translator = Translator(glossary, pairs, zh.idf)
    t5 = time.perf_counter()
    print(f"{len(chunks)} chunks; tokenize {t1 - t0:.2f}s, glossary load {t2 - t1:.2f}s, gloss {t3 - t2:.2f}s, "
          f"pairs {t4 - t3:.2f}s ({len(pairs)}), translator {t5 - t4:.2f}s")

    rows = [json.loads(line) for line in Path(args.questions).read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if r.get("lang") == "en"]
    hits = Counter()
    times = []
    for r in rows:
        q = r["question"]
        t = time.perf_counter()
        terms = translator.translate(q)
        times.append(time.perf_counter() - t)
        answer = re.sub(r"\s+", "", r.get("answer") or "")
        s_tr = zh.scores({x.token: x.weight for x in terms})
        q_en = Counter(english_terms(q))
        s_gl = en.scores(dict(q_en))
        mx_tr, mx_gl = max(s_tr) or 1.0, max(s_gl) or 1.0
        s_both = [a / mx_tr + b / mx_gl for a, b in zip(s_tr, s_gl)]
        marks = []
        for name, sc in (("tr", s_tr), ("gloss", s_gl), ("both", s_both)):
            top = rank(sc)[:5]
            found = [i for i, k in enumerate(top) if answer and answer in re.sub(r"\s+", "", chunks[k][1])]
            if answer:
                hits[name, 1] += bool(found and found[0] == 0)
                hits[name, 5] += bool(found)
            marks.append(f"{name}:{found[0] + 1 if found else '-'}")
        print(f"{r.get('id', '')} [{' '.join(marks)}] {q}")
        if args.terms:
            print("    " + " ".join(f"{x.token}/{x.weight:.2f}/{x.source}" for x in terms[:25]))
    n = sum(1 for r in rows if r.get("answer"))
    for name in ("tr", "gloss", "both"):
        print(f"{name:6s} hit@1 {hits[name, 1] / n:.2f}  hit@5 {hits[name, 5] / n:.2f}  (n={n})")
    times.sort()
    print(f"translate: median {times[len(times) // 2] * 1e3:.3f} ms, max {times[-1] * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
