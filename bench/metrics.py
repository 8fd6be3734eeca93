"""The scores of one question set: hit@k, MRR, answering sentence, flagged shares, AUC, and a Markdown table.

Pure functions of judged results (``bench.domains.Result``); ``bench.domains`` measures and judges.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.domains import Result

K = 10


def auc(pos: Sequence[float], neg: Sequence[float]) -> float | None:
    """P(an answerable question scores above an unanswerable one), ties counting half."""
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def _mean(xs: Sequence[float]) -> float | None:
    return round(sum(xs) / len(xs), 3) if xs else None


def scores(results: Sequence[Result], k: int = K, confidence: bool = True) -> dict:
    ans = [r for r in results if r.row.answerable]
    una = [r for r in results if not r.row.answerable]

    def first(hits: list[bool], cut: int) -> float:
        return float(any(hits[:cut]))

    def rr(hits: list[bool]) -> float:
        return next((1.0 / i for i, h in enumerate(hits[:k], start=1) if h), 0.0)

    out = {
        "answerable": len(ans), "unanswerable": len(una),
        "hit@1": _mean([first(r.section_hits, 1) for r in ans]),
        "hit@5": _mean([first(r.section_hits, 5) for r in ans]),
        "span@1": _mean([first(r.span_hits, 1) for r in ans]),
        "span@5": _mean([first(r.span_hits, 5) for r in ans]),
        "mrr@10": _mean([rr(r.section_hits) for r in ans]),
        "sentence": _mean([float(r.sentence_ok) for r in ans]),
    }
    if confidence:
        ca, cu = [r.confidence for r in ans], [r.confidence for r in una]
        out |= {
            "answerable_flagged": _mean([float(not r.answerable) for r in ans]),
            "unanswerable_flagged": _mean([float(not r.answerable) for r in una]),
            "auc": None if auc(ca, cu) is None else round(auc(ca, cu), 3),
            "median_answerable": round(statistics.median(ca), 3) if ca else None,
            "median_unanswerable": round(statistics.median(cu), 3) if cu else None,
        }
    return out


def by_lang(results: Sequence[Result], **kw) -> dict[str, dict]:
    langs = sorted({r.row.lang for r in results})
    return {lang: scores([r for r in results if r.row.lang == lang], **kw) for lang in langs}


COLUMNS = ("hit@1", "hit@5", "span@1", "span@5", "mrr@10", "sentence", "answerable_flagged",
           "unanswerable_flagged", "auc", "median_answerable", "median_unanswerable")


def markdown(table: dict, title: str = "") -> str:
    head = "| system | lang | n | " + " | ".join(COLUMNS) + " |"
    lines = [f"**{title}**", "", head, "|" + "---|" * (len(COLUMNS) + 3)] if title else [head]
    for system, langs in table.items():
        for lang, s in langs.items():
            cells = ["" if s.get(c) is None else f"{s[c]:.3g}" if isinstance(s[c], float) else str(s[c])
                     for c in COLUMNS]
            lines.append(f"| {system} | {lang} | {s['answerable']}+{s['unanswerable']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
