"""``engines_parity.md`` and ``.json``: the tables of a ``bench/engines_parity.py`` run, folder index against
Milvus Lite (scores, differing answers and why, answer and build times, calibrated thresholds)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.engines_parity_indexes import ENGINES

LABELS = {"folder": "folder (faiss)", "milvus": "Milvus Lite"}
COLUMNS = ("hit@1", "hit@5", "mrr@10", "sentence", "answerable_flagged", "unanswerable_flagged")
HEADS = ("hit@1", "hit@5", "MRR@10", "sentence", "answerable flagged", "unanswerable flagged")
TOLERANCE = 0.02  # issue 15: hit@1/hit@5 within this of the folder index


def _cell(v) -> str:
    return "–" if v is None else f"{v:.3f}"


def _delta(a, b) -> str:
    return "–" if a is None or b is None else f"{b - a:+.3f}"


def worst(result: dict, columns=("hit@1", "hit@5")) -> float:
    """The largest |Milvus - folder| over every set, language and ``columns``."""
    out = 0.0
    for table in result["tables"].values():
        for lang, f in table["folder"].items():
            m = table["milvus"][lang]
            out = max([out, *(abs(m[c] - f[c]) for c in columns if f.get(c) is not None and m.get(c) is not None)])
    return out


def markdown(result: dict) -> str:
    lines = ["## The folder index against Milvus Lite (bench/engines_parity.py)", "",
             f"Same questions, same embedder, same calibration hook, {result['k']} passages a question; per question "
             "language. Each cell: folder / Milvus Lite (difference). \"first ≠\": questions whose first passage "
             "differs; \"verdict ≠\": whose answerable verdict differs; \"conf Δ\": the largest confidence "
             "difference; \"lists ≠\": whose passages differ (in any place or order).", "",
             "| set | lang | n | " + " | ".join(HEADS) + " | first ≠ | lists ≠ | verdict ≠ | conf Δ |",
             "|---|---|---|" + "---|" * (len(HEADS) + 4)]
    for set_name, table in result["tables"].items():
        for lang, f in table["folder"].items():
            m, d = table["milvus"][lang], result["differences"][set_name][lang]
            cells = [f"{_cell(f.get(c))} / {_cell(m.get(c))} ({_delta(f.get(c), m.get(c))})"
                     if f.get(c) is not None else "–" for c in COLUMNS]
            lines.append(f"| {set_name} | {lang} | {f['answerable']}+{f['unanswerable']} | " + " | ".join(cells)
                         + f" | {d['first_differs']} | {d['passages_differ']} | {d['answerable_differs']} | "
                         f"{d['max_confidence_diff']:.4f} |")
    firsts = [i for d in result["differences"].values() for x in d.values() for i in x["first_differs_ids"]]
    counts: dict[str, int] = {}
    for d in result["differences"].values():
        for x in d.values():
            for kinds in x.get("causes", {}).values():
                key = ", ".join(f"{r} {k}" for r, k in sorted(kinds.items())) or "same candidates (fusion order)"
                counts[key] = counts.get(key, 0) + 1
    causes = "; ".join(f"{k}: {n}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1])) or "none"
    lines += ["", f"Largest hit@1/hit@5 difference: {worst(result):.3f} (issue 15 allows {TOLERANCE}). First passage "
              f"differs: {', '.join(firsts) or 'none'}.", "",
              "Where the candidates of the questions whose passages differ part (per retriever: `tie` = the same "
              f"scores, another chunk of a group tied at the top-n cut; `score` = a score apart): {causes}."]
    lines += ["", "Answer time per question, ms: ask_many over the set (the first pass: the pipeline's caches "
              "cold) / one ask at a time, p50, p95 (the same questions again); load average 1, 5, 15 min:", "",
              "| set | folder | Milvus Lite | load |", "|---|---|---|---|"]
    for set_name, t in result["times"].items():
        cells = [f"{t[e]['ask_many_ms']:.1f} / {t[e].get('p50_ms', 0):.1f}, {t[e].get('p95_ms', 0):.1f}"
                 for e in ENGINES]
        lines.append(f"| {set_name} | " + " | ".join(cells) + f" | {t['load']} |")
    lines += ["", "Builds (this run; `cached` = up to date, nothing built):", ""]
    for name, b in result["builds"].items():
        cells = [("cached" if b[e].get("cached") else f"{b[e]['seconds']:.1f} s"
                  + (f" ({b[e]['embedded']}/{b[e]['chunks']} chunks embedded)" if "embedded" in b[e] else ""))
                 for e in ENGINES]
        lines.append(f"- {name}: folder {cells[0]}, Milvus Lite {cells[1]}")
    if "fresh_builds" in result:
        lines += ["", "Fresh builds from scratch (every vector embedded; same embedder; seconds):", "",
                  "| corpus | chunks | folder | Milvus Lite | load |", "|---|---|---|---|---|"]
        for name, b in result["fresh_builds"].items():
            lines.append(f"| {name} | {b['folder']['chunks']} | {b['folder']['seconds']:.1f} | "
                         f"{b['milvus']['seconds']:.1f} | {b['load']} |")
    lines += ["", "Answerable thresholds each build calibrated (zh, en):", ""]
    for name, t in result["thresholds"].items():
        cells = [f"{LABELS[e]} {t[e]['zh']:.4f}, {t[e]['en']:.4f} ({t[e]['kind']}, {t[e]['chunks']} chunks)"
                 for e in ENGINES]
        lines.append(f"- {name}: " + "; ".join(cells))
    lines += ["", f"Load average at the end: {result['load']}."]
    if result.get("code"):
        changed = ", ".join(result["code"]["changed"]) or "none"
        lines.append(f"Code measured: {result['code']['commit']} (uncommitted under index/ and qa/: {changed}); "
                     f"the whole run took {result.get('seconds', 0):.0f} s.")
    return "\n".join(lines) + "\n"

def write(result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "engines_parity.md").write_text(markdown(result), encoding="utf-8")
    (out / "engines_parity.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
