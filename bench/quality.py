"""Quality on a question file, per language: hit@1/3/5, answer-sentence accuracy, unanswerable flags.

    python bench/quality.py [--index DIR] [--questions bench/data/dev.jsonl] [-v]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.pipeline.assistant import Assistant  # noqa: E402


def norm(s: str) -> str:
    return "".join(s.split())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index")
    ap.add_argument("--questions", default=str(Path(__file__).resolve().parent / "data" / "dev.jsonl"))
    ap.add_argument("-v", action="store_true")
    ap.add_argument("-k", type=int, default=5, help="passages per question (hit@k is counted up to k)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.questions, encoding="utf-8") if line.strip()]
    a = Assistant.load(args.index)
    a.warm_up()
    stats: dict[str, dict[str, list]] = {}
    times = []
    for r in rows:
        t = time.perf_counter()
        ans = a.ask(r["question"], k=args.k)
        times.append(time.perf_counter() - t)
        lang = r.get("lang") or ans.lang
        s = stats.setdefault(lang, {k: [] for k in ("h1", "h3", "h5", "sent", "flag_ok", "unans")})
        gold = r.get("answer")
        if not gold:
            s["unans"].append(not ans.answerable)
            if args.v:
                print(f"[{r['id']}] UNANSWERABLE flagged={not ans.answerable} conf={ans.confidence:.2f}")
            continue
        g = norm(gold)
        ranks = [i for i, p in enumerate(ans.passages, 1) if g in norm(p.text)]
        rank = ranks[0] if ranks else None
        sent = ans.sentence
        s["h1"].append(rank == 1)
        s["h3"].append(rank is not None and rank <= 3)
        s["h5"].append(rank is not None and rank <= 5)
        s["sent"].append(bool(sent and g in norm(sent.text)))
        s["flag_ok"].append(ans.answerable)
        if args.v:
            span = ans.span.text if ans.span else "-"
            print(f"[{r['id']}] {lang} rank={rank} sent={s['sent'][-1]} conf={ans.confidence:.2f} span={span!r} "
                  f"top={ans.passages[0].citation} | {r['question'][:60]}")
            if not s["sent"][-1] and sent:
                print(f"      sentence: {sent.text[:90]}")
    for lang, s in sorted(stats.items()):
        n = len(s["h1"])
        if n:
            print(f"{lang}: n={n} hit@1={sum(s['h1'])/n:.2f} hit@3={sum(s['h3'])/n:.2f} hit@5={sum(s['h5'])/n:.2f} "
                  f"sentence={sum(s['sent'])/n:.2f} answerable-flagged-unanswerable={n-sum(s['flag_ok'])}")
        if s["unans"]:
            print(f"{lang}: unanswerable flagged {sum(s['unans'])}/{len(s['unans'])}")
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))] * 1000
    median = statistics.median(times) * 1000
    print(f"latency ms (k={args.k}, one question at a time): median={median:.1f} p95={p95:.1f}")


if __name__ == "__main__":
    main()
