"""The results as Markdown tables for the README (the latency plot is ``bench.plot``)."""

from __future__ import annotations

from collections.abc import Mapping

from bench.systems import SYSTEMS


def _f(v, digits: int = 2) -> str:
    return "—" if v is None else f"{v:.{digits}f}"


def _signed(v, digits: int = 2) -> str:
    return "—" if v is None else f"{v:+.{digits}f}"


def _ms(v) -> str:
    if v is None:
        return "—"
    return f"{v:.2f}" if v < 1 else f"{v:.1f}" if v < 100 else f"{v:,.0f}"


def size_label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k" if n >= 1000 else str(n)


def quality_table(doc: Mapping, set_name: str) -> list[str]:
    lines = [
        "| system | zh hit@1 | zh hit@5 | zh MRR@10 | zh sentence | en hit@1 | en hit@5 | en MRR@10 | en sentence |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in SYSTEMS:
        s = doc["systems"].get(name)
        if not s:
            continue
        m = s["quality"][set_name]["metrics"]
        cells = []
        for lang in ("zh", "en"):
            g = m.get(lang, {})
            cells += [_f(g.get("hit@1")), _f(g.get("hit@5")), _f(g.get("mrr@10")), _f(g.get("sentence_acc"))]
        label = f"**{s['label']}**" if name == "assistant" else s["label"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _counts(doc: Mapping, set_name: str) -> tuple[int, int]:
    c = doc["systems"]["assistant"]["quality"][set_name]["counts"]
    return c.get("zh", {}).get("hit@5", 0), c.get("en", {}).get("hit@5", 0)


def markdown(doc: Mapping, parity: Mapping, stages: Mapping | None, env: Mapping, scale: Mapping | None) -> str:
    k = doc["k"]
    zh_n, en_n = _counts(doc, "dev")
    pzh, pen = _counts(doc, "parity")
    out = [
        "<!-- written by `qa bench` (bench/run.py); do not edit by hand -->",
        "",
        f"Machine: {env.get('cpu')}, {env.get('cores')} cores, {env.get('ram_gb')} GB RAM, Python {env.get('python')}; "
        f"load average {env.get('load_average_at_start')} at start, {env.get('load_average_at_end')} at end "
        f"(the machine was shared). Whole run: {env.get('seconds', 0):.0f} s.",
        "",
        f"**Quality on the dev questions** ({zh_n} Chinese, {en_n} English answerable questions; {k} passages "
        "per question). hit@k: the expected answer text lies inside one of the top k passages; sentence: it lies "
        "inside the highlighted sentence of the top passage. The baselines get the question exactly as typed: "
        "no translation, no question analysis, no second stage (that is what the full pipeline adds). Each "
        "baseline indexes the same chunks (`chunk.clean`) with the same jieba tokenizer; its highlighted sentence "
        "is the top passage's sentence sharing the most tokens with the question.",
        "",
        *quality_table(doc, "dev"),
        "",
    ]
    margins = doc.get("hit@5_margin_on_dev", {})
    if margins and all(m["best_baseline"] for m in margins.values()):
        parts = []
        for lang, name in (("zh", "Chinese"), ("en", "English")):
            m = margins[lang]
            parts.append(f"{name} {_f(m['ours'])} vs {_f(m['best_baseline_value'])} "
                         f"({doc['systems'][m['best_baseline']]['label']}), {_signed(m['margin'])}")
        out += [f"Hit@5 of the full pipeline against the best baseline on dev: {'; '.join(parts)}.", ""]

    out += [
        f"**Parity: every dev question in both languages** ({pzh} Chinese + {pen} English; each question asked "
        "once as written and once in a hand translation, `bench/data/dev_translated.jsonl`). Same columns, then "
        "the gap question by question at hit@5: both forms found, only the Chinese, only the English, neither.",
        "",
        *quality_table(doc, "parity"),
        "",
        "| system | zh hit@5 | en hit@5 | gap zh−en | both | zh only | en only | neither |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in SYSTEMS:
        p = parity.get(name)
        if not p:
            continue
        out.append(f"| {doc['systems'][name]['label']} | {_f(p['zh_hit@5'])} | {_f(p['en_hit@5'])} | "
                   f"{_signed(p['gap'])} | {p['both']} | {p['zh_only']} | {p['en_only']} | {p['neither']} |")
    n_speed = doc["question_sets"].get("speed", 0)
    out += [
        "",
        f"**Speed and cost** ({n_speed} generated questions: the dev questions and their translations varied in "
        "punctuation, casing, spacing, prefixes, question words, and asked two at a time; one question at a "
        f"time, {k} passages, after a warm-up). Build: from the same chunks, with the model already loaded; the "
        "assistant's build also reads, cleans and chunks the corpus, embeds every chunk and sentence, and writes "
        "its index folder. Index memory: resident memory the built index added; peak: the whole process "
        "(Python, model, index, answering). Variants hit@5: robustness to the rewording, on the generated "
        "questions that keep an expected answer.",
        "",
        "| system | median ms | p95 ms | build s | index MB | peak MB | variants zh hit@5 | variants en hit@5 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in SYSTEMS:
        s = doc["systems"].get(name)
        if not s:
            continue
        lat = s["latency"]["speed"]
        v = s["quality"]["speed"]["metrics"]
        out.append(f"| {s['label']} | {_ms(lat['median_ms'])} | {_ms(lat['p95_ms'])} | {s['build_seconds']:.2f} | "
                   f"{s['index_mb']:.0f} | {s['peak_rss_mb']:.0f} | {_f(v.get('zh', {}).get('hit@5'))} | "
                   f"{_f(v.get('en', {}).get('hit@5'))} |")
    if stages:
        out += ["", *stage_table(stages)]
    if scale:
        out += ["", *scale_tables(scale)]
    return "\n".join(out) + "\n"


def stage_table(stages: Mapping) -> list[str]:
    d = stages["default_k"]
    b = stages.get("bench_k") or {}
    med = d["median_ms"]
    labels = dict((s["key"], s["label"]) for s in d["stages"] + d["parts_of_analyse"])
    ty = d["typical_question"]
    lines = [
        f"**Where the time goes** (median over {d['questions']} questions, the dev questions and their "
        f"translations, each run {d['repeats']} times; k={d['k']} as `qa ask` shows; the stages are the "
        "assistant's own parts called in order, the total is `Assistant.ask` end to end).",
        "",
        "| stage | all ms | zh ms | en ms |",
        "|---|---|---|---|",
    ]
    for s in d["stages"]:
        key = s["key"]
        lines.append(f"| {labels[key]} | {_ms(med['all'][key])} | {_ms(med.get('zh', {}).get(key))} | "
                     f"{_ms(med.get('en', {}).get(key))} |")
        if key == "analyse":
            for p in d["parts_of_analyse"]:
                pk = p["key"]
                lines.append(f"| &nbsp;&nbsp;part: {labels[pk]}, timed alone | {_ms(med['all'][pk])} | "
                             f"{_ms(med.get('zh', {}).get(pk))} | {_ms(med.get('en', {}).get(pk))} |")
    tot, ratio = d["total_ms"], d["ratio_to_embedding"]
    lines.append(f"| **whole answer** | **{_ms(tot['all'])}** | {_ms(tot.get('zh'))} | {_ms(tot.get('en'))} |")
    lines.append(f"| **whole answer / embedding the question** | **{_f(ratio['all'])}** | {_f(ratio.get('zh'))} | "
                 f"{_f(ratio.get('en'))} |")
    if b:
        lines.append(f"| whole answer at k={b['k']} (this benchmark's k) | {_ms(b['total_ms']['all'])} | "
                     f"{_ms(b['total_ms'].get('zh'))} | {_ms(b['total_ms'].get('en'))} |")
        lines.append(f"| ratio at k={b['k']} | {_f(b['ratio_to_embedding']['all'])} | "
                     f"{_f(b['ratio_to_embedding'].get('zh'))} | {_f(b['ratio_to_embedding'].get('en'))} |")
    lines += ["", f"A typical question (the median whole-answer time): [{ty['id']}] {ty['question']} — "
              f"{_ms(ty['total_ms'])} ms in all, {_ms(ty['stages_ms']['embed'])} ms of it embedding the question "
              f"(ratio {_f(ty['ratio_to_embedding'])})."]
    return lines


def scale_tables(scale: Mapping) -> list[str]:
    note = scale.get("method", {})
    lines = [
        "**Scale** (synthetic corpora: every chunk is 2–3 sentences of the seed articles drawn at random and "
        "joined; its vector is the normalised mean of those sentences' real vectors plus Gaussian noise, not the "
        "model run on the new text — embedding 1M chunks would take "
        f"{_f(scale.get('embedding', {}).get('hours_for', {}).get('1000000'), 1)} h here). Queries: "
        f"{note.get('queries', '?')}; FAISS asked for the top 50 as the assistant does. Recall@10 is against "
        "exact (flat) search on the same vectors. ‡ extrapolated, not measured (see scale.json).",
        "",
        "| chunks | FAISS index (← chosen by size) | build s | size MB (disk ≈ RAM) | query ms median | p95 | "
        "recall@10 | another setting: median ms, recall@10 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in scale["rows"]:
        for kind, f in row["faiss"].items():
            chosen = " ←" if kind == row["chosen"] else ""
            alt = f.get("alt")
            other = f"{alt['setting']}: {_ms(alt['query_ms_median'])}, {_f(alt['recall@10'], 3)}" if alt else ""
            lines.append(f"| {size_label(row['n'])} | {kind}{f.get('params', '')}{chosen} | {_f(f['build_s'], 1)} | "
                         f"{_f(f['disk_mb'], 0)} | {_ms(f['query_ms_median'])} | "
                         f"{_ms(f['query_ms_p95'])} | {_f(f['recall@10'], 3)} | {other} |")
    lines += [
        "",
        "| chunks | BM25 tokenize s | BM25 build s | BM25 MB (disk) | BM25 MB (RAM) | build peak MB | "
        "BM25 query ms median | sentence-vector scan ms | whole answer ms (est.) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in scale["rows"]:
        b = row["bm25"]
        tok = "" if b["tokenize_measured"] else " ‡"
        built = "" if b["build_measured"] else " ‡"
        lines.append(
            f"| {size_label(row['n'])} | {_f(b['tokenize_s'], 1)}{tok} | {_f(b['build_s'], 1)}{built} | "
            f"{_f(b['disk_mb'], 0)}{built} | {_f(b['memory_mb'], 0)}{built} | {_f(b['build_peak_mb'], 0)}{built} | "
            f"{_ms(b['query_ms_median'])} | "
            f"{_ms(row['sentence_dense']['query_ms_median'])} | {_ms(row['answer_ms_estimate'])} |")
    return lines + opened_tables(scale.get("opened") or [])


def opened_tables(rows: list[Mapping]) -> list[str]:
    """The whole answer at scale (``bench/scale_index.py``): built, opened and asked as ``qa`` does."""
    if not rows:
        return []
    lines = [
        "",
        "**The whole answer at scale** (`bench/scale_index.py`: synthetic corpora built by `qa build`'s own code, "
        "opened as `qa ask` opens them, asked the dev, translated and held-out questions twice: *cold* is the "
        "first pass, paging the index in from disk; *warm* the second). Resident memory is what opening adds "
        "to a process that has the model loaded: its own (anonymous) and mapped file pages (which the kernel "
        "may drop). The embedding ms column is the same question embedding at every size: it says how busy "
        "the machine was.",
        "",
        "| chunks | engine | build s | disk MB | open s | opened: own + mapped MB | after answers: own + mapped MB "
        "| cold p50 / p95 ms | warm p50 / p95 ms | embedding ms | sentence search: kind, ms p50, recall@150 "
        "(exact scan ms) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        o, a = r.get("opened_index_parts_mb", {}), r.get("after_answers_parts_mb", {})
        ann = r.get("sentence_ann") or {}
        if ann.get("kind", "exact scan") == "exact scan":
            sentences = "exact scan" if r["engine"] == "faiss" else "Milvus (FLAT or HNSW)"
        else:
            sentences = (f"{ann['kind']}, {_ms(ann['p50_ms'])}, {_f(ann.get('recall@150'), 3)} "
                         f"({_ms(ann['exact_scan']['p50_ms'])})")
        lines.append(
            f"| {size_label(r['chunks'])} | {r['engine']} ({r['index_type']}) | {_f(r['build_s'], 0)} | "
            f"{_f(r['disk_mb'], 0)} | {_f(r['open_s'], 1)} | {o.get('anon_mb', '?')} + {o.get('file_mb', '?')} | "
            f"{a.get('anon_mb', '?')} + {a.get('file_mb', '?')} | {_ms(r['cold']['p50_ms'])} / "
            f"{_ms(r['cold']['p95_ms'])} | {_ms(r['warm']['p50_ms'])} / {_ms(r['warm']['p95_ms'])} | "
            f"{_ms(r['warm_stage_ms'].get('embed'))} | {sentences} |")
    return lines
