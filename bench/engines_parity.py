"""The folder index (``--engine faiss``) against Milvus Lite (``--engine milvus``) on the same questions, one run.

    python bench/engines_parity.py [--out bench/results] [--cache bench/.cache] [--time-builds] [-k 10]

Issue 15 asks that ``--engine milvus`` reach hit@1/hit@5 within 0.02 of the folder index on the dev,
hand-translated and held-out seed questions and the second-domain set. For every set of
``bench/quality_table.py`` (seeds dev, dev_translated, holdout, off-topic over ``seeds/``; the Debian questions
over ``bench/data/debian/corpus/zh`` and ``corpus/en``) and each question language this prints, for both
engines and their difference: hit@1, hit@5, MRR@10, answering sentence, answerable and unanswerable
questions flagged (``bench/domains.py`` judges and scores), how many questions have a different first passage
or a different "answerable" verdict, and the largest confidence difference.

Indexes: the folder index is quality_table's cached one (``--cache/<corpus>``, built with the calibration
finish hook as ``qa build`` does); the Milvus Lite file is ``--cache/milvus/<corpus>.db``, built from the same
corpus with the same embedder and the same calibration hook (as ``qa build --engine milvus --uri`` does), and
rebuilt when quality_table's key (corpus, model, code under ``index/`` and ``qa/``) changes. Both are opened
with ``Assistant.open(engine)``.

Times: the build time of this run (``cached`` when nothing was built), and with ``--time-builds`` both engines
built once more from scratch in a temporary folder (every vector embedded, nothing reused); the answer time
is ``ask_many`` over the whole set divided by its questions (the first pass, caches cold), and p50/p95 of one
``ask`` at a time over the same questions again. The load
average (``os.getloadavg``) is printed with them: two shared cores make every time noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import domains, quality_table  # noqa: E402
from bench.engines_parity_indexes import ENGINES, cached_folder, cached_milvus, load_average, say, time_builds  # noqa: E402
from bench.engines_parity_report import markdown, write  # noqa: E402

CACHE = quality_table.CACHE
RESULTS = quality_table.RESULTS


# ---------------------------------------------------------------- answers


def _top(res: domains.Result):
    p = res.passages[0] if res.passages else None
    return (Path(p.doc).name, p.start, p.end) if p else None


def compare(results: dict[str, list[domains.Result]]) -> dict:
    """Per question language: questions whose first passage / answerable verdict differ, the largest
    confidence difference, and the ids of the differing questions."""
    folder, milvus = results["folder"], results["milvus"]
    out = {}
    for lang in sorted({r.row.lang for r in folder}):
        pairs = [(f, m) for f, m in zip(folder, milvus) if f.row.lang == lang]
        top = [f.row.id for f, m in pairs if _top(f) != _top(m)]
        verdict = [f.row.id for f, m in pairs if f.answerable != m.answerable]
        lists = [f.row.id for f, m in pairs if [(h.doc, h.start, h.end) for h in f.passages]
                 != [(h.doc, h.start, h.end) for h in m.passages]]
        diffs = [abs(f.confidence - m.confidence) for f, m in pairs]
        out[lang] = {"questions": len(pairs), "first_differs": len(top), "passages_differ": len(lists),
                     "answerable_differs": len(verdict), "max_confidence_diff": round(max(diffs, default=0.0), 4),
                     "first_differs_ids": top, "passages_differ_ids": lists, "answerable_differs_ids": verdict}
    return out


def explain(pair: dict, rows: list[domains.Row], eps: float = 1e-4) -> dict[str, dict[str, int]]:
    """For each question given: how each retriever's candidates differ between the engines. ``tie``: the
    runs hold the same scores but different chunks at the cut, all scoring the cut's score (which of a tied
    group a top-n keeps); ``score``: a candidate scores more than ``eps`` apart; ``other``: a different chunk
    above the cut. Reads the pipeline's retrievers (``qa.pipeline.retrieve.runs``), not only the public API."""
    from qa.pipeline import retrieve
    from qa.pipeline.analyse import analyse_question

    out: dict[str, dict[str, int]] = {}
    embedder = pair["folder"].embedder
    for row, qvec in zip(rows, embedder.encode([r.question for r in rows])):
        runs = {}
        for engine, a in pair.items():
            query = analyse_question(row.question, a._translate, a._english)
            english = a.languages.english if a.languages.has_english else None
            runs[engine] = retrieve.runs(query, qvec, a.index, a.settings.candidates, english).as_dict()
        kinds = {}
        for name in sorted(set(runs["folder"]) | set(runs["milvus"])):
            f, m = runs["folder"].get(name, {}), runs["milvus"].get(name, {})
            if any(abs(f[c] - m[c]) > eps for c in f.keys() & m.keys()):
                kinds[name] = "score"
            elif f.keys() != m.keys():
                cut = min(f.values(), default=0.0)
                odd = [c for c in f.keys() ^ m.keys() if abs(f.get(c, m.get(c, 0.0)) - cut) > eps]
                kinds[name] = "other" if odd or abs(cut - min(m.values(), default=0.0)) > eps else "tie"
        out[row.id] = kinds
    return out


def answer_times(assistant, rows: list[domains.Row], k: int) -> dict:
    """p50/p95 of one ``ask`` at a time, in ms."""
    times = []
    for row in rows:
        t = time.perf_counter()
        assistant.ask(row.question, k=k)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2)} if times else {}


def run(cache: Path = CACHE, k: int = domains.K, timing_builds: bool = False, single: bool = True,
        quiet: bool = False) -> dict:
    from index.embed import load_query_embedder
    from index.engines import engine_for
    from qa import Assistant

    embedder = load_query_embedder(None)
    cache.mkdir(parents=True, exist_ok=True)
    builds, assistants, thresholds = {}, {}, {}
    for name, corpus in quality_table.CORPORA.items():
        folder, f_info = cached_folder(name, corpus, cache, embedder, quiet)
        db, m_info = cached_milvus(name, corpus, cache, embedder, quiet)
        builds[name] = {"folder": f_info, "milvus": m_info}
        pair = {"folder": Assistant.open(engine_for("faiss", index_dir=folder), embedder=embedder,
                                         check_corpus=False),
                "milvus": Assistant.open(engine_for("milvus", uri=db), embedder=embedder, check_corpus=False)}
        for a in pair.values():
            a.warm_up()
        assistants[name] = pair
        thresholds[name] = {e: {lang: round(a.threshold(lang), 4) for lang in ("zh", "en")} for e, a in pair.items()}
        for e, a in pair.items():
            thresholds[name][e]["calibrated"] = sorted(a.calibration.thresholds) if a.calibration else []
            thresholds[name][e]["chunks"] = a.index.n_chunks
            thresholds[name][e]["kind"] = a.index.meta.faiss_type
    tables, diffs, times = {}, {}, {}
    for qs in quality_table.SETS:
        say(f"bench: parity: {qs.name}…", quiet)
        rows = domains.read_rows(qs.path, qs.all_unanswerable)
        results, table, spent = {}, {}, {}
        for engine in ENGINES:
            a = assistants[qs.corpus][engine]
            t = time.perf_counter()
            answered = domains.assistant_answers(a, rows, k)
            spent[engine] = {"ask_many_ms": round((time.perf_counter() - t) * 1000 / max(1, len(rows)), 2)}
            results[engine] = [domains.judge(r) for r in answered]
            table[engine] = domains.by_lang(results[engine], k=k)
        if single:
            for engine in ENGINES:
                spent[engine] |= answer_times(assistants[qs.corpus][engine], rows, k)
        spent["load"] = load_average()
        tables[qs.name], diffs[qs.name], times[qs.name] = table, compare(results), spent
        differing = {i for x in diffs[qs.name].values() for i in x["passages_differ_ids"]}
        causes = explain(assistants[qs.corpus], [r for r in rows if r.id in differing]) if differing else {}
        for x in diffs[qs.name].values():
            x["causes"] = {i: causes[i] for i in x["passages_differ_ids"]}
    for pair in assistants.values():
        for a in pair.values():
            close = getattr(a.index, "close", None)
            if close is not None:
                close()
    out = {"k": k, "tables": tables, "differences": diffs, "times": times, "builds": builds,
           "thresholds": thresholds, "load": load_average()}
    if timing_builds:
        out["fresh_builds"] = time_builds(quality_table.CORPORA, embedder, cache / "milvus" / "scratch", quiet)
    return out


def code_state() -> dict:
    """The commit the run measured, and the files under index/ and qa/ changed from it (a shared tree)."""
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""

    changed = [line[3:] for line in git("status", "--porcelain", "--", "index", "qa").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD").strip(), "changed": changed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/engines_parity.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(RESULTS), help="folder for engines_parity.md and .json")
    ap.add_argument("--cache", default=str(CACHE), help="folder of the cached indexes (default bench/.cache)")
    ap.add_argument("-k", type=int, default=domains.K, help="passages a question (default 10)")
    ap.add_argument("--time-builds", action="store_true",
                    help="also build both engines from scratch in a temporary folder and time them")
    ap.add_argument("--no-single", action="store_true", help="skip the one-question-at-a-time timing pass")
    ap.add_argument("--quiet", "-q", action="store_true")
    args = ap.parse_args(argv)
    try:
        import milvus_lite  # noqa: F401
        import pymilvus  # noqa: F401
    except ImportError:
        print("bench/engines_parity.py needs the milvus extra: pip install -e '.[milvus]'", file=sys.stderr)
        return 1
    t = time.perf_counter()
    say(f"bench: parity: load average {load_average()}", args.quiet)
    code = code_state()
    result = run(Path(args.cache), args.k, args.time_builds, not args.no_single, args.quiet)
    result["seconds"] = round(time.perf_counter() - t, 1)
    result["code"] = code
    write(result, Path(args.out))
    print(markdown(result))
    say(f"bench: parity: done in {result['seconds']:.0f} s", args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
