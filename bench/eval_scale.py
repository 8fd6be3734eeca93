"""``qa eval`` at 100,000 rows: wall time and peak memory against the number of questions.

    python bench/eval_scale.py --rows 1000 5000 20000 [--replayed-rows 100000] [--index DIR] [--workers 1]

The question file is generated: the 1,000 varied dev questions of
``bench/results/speed_questions.jsonl`` (with their expected answers),
cycled with a running number so every row is its own question and id. Each
size is one ``qa eval FILE --out DIR`` in a subprocess, on the bundled
articles' index with the bundled model (built first when ``--index`` is not
given); its peak resident memory is that child's own ``ru_maxrss`` (``os.wait4``), and its own
anonymous memory (``RssAnon``) is sampled every 0.2 s. The results go to
``bench/results/eval_scale.json``; a Markdown table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "bench" / "results" / "speed_questions.jsonl"


def write_questions(path: Path, n: int) -> None:
    base = [json.loads(ln) for ln in SOURCE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            q = base[i % len(base)]
            # each row its own question; short, so 100,000 rows stay under the 20 MB a question file may have
            row = {"id": f"s{i + 1}", "question": f"{q['question']} #{i + 1}", "answer": q.get("answer"),
                   "doc": q.get("doc")}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _anon_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


REPLAYED = """
import re, sys
sys.path.insert(0, {root!r})
from dataclasses import replace
from qa.eval.runfolder import iter_saved
TAG = re.compile(r" #\\d+$")
saved = {{TAG.sub("", s.row.question): s.answer for s in iter_saved({answers!r})}}

class Replayed:
    def ask_many(self, questions, k=5):
        return [replace(saved[TAG.sub("", q)], question=q) for q in questions]

import app.commands.common as common
common.load_assistant = lambda args, build_if_missing=False: Replayed()
from app.cli import main
sys.exit(main(sys.argv[1:]))
"""


def measure(questions: Path, out: Path, index: Path, workers: int, answers: Path | None = None) -> dict:
    """One ``qa eval``; with ``answers`` (a run folder), each question gets that run's answer to the question it
    was made from, so the run writes and scores real answers without spending an hour answering them."""
    args = ["eval", str(questions), "--out", str(out), "--index", str(index), "--no-server", "-q",
            "--workers", str(workers)]
    if answers is None:
        argv = [sys.executable, "-m", "app", *args]
    else:
        argv = [sys.executable, "-c", REPLAYED.format(root=str(ROOT), answers=str(answers)), *args]
    t0 = time.perf_counter()
    log = out.with_suffix(".log")
    with log.open("wb") as err:
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    anon = samples = 0
    lines_at: list[tuple[float, int]] = []
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)  # this child's own rusage, when it is reaped
        if pid:
            break
        anon = max(anon, _anon_kb(proc.pid))
        samples += 1
        if samples % 50 == 0:
            try:
                lines_at.append((round(time.perf_counter() - t0, 1), (out / "results.jsonl").stat().st_size))
            except OSError:
                pass
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"qa eval failed ({proc.returncode}):\n{log.read_text(errors='replace')[-2000:]}")
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    return {
        "rows": metrics["questions"],
        "seconds": round(seconds, 1),
        "questions_per_second": round(metrics["questions"] / seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # kB on Linux
        "peak_anon_mb": round(anon / 1024, 1),
        "results_jsonl_mb": round((out / "results.jsonl").stat().st_size / 1e6, 1),
        "hit@5": metrics["metrics"]["overall"].get("hit@5"),
        "workers": workers,
        "results_size_over_time": lines_at[:: max(1, len(lines_at) // 20)],
    }


def save(path: str, runs: list[dict]) -> None:
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
               "load_average_at_end": [round(x, 1) for x in os.getloadavg()]}
    Path(path).write_text(json.dumps({"machine": machine, "runs": runs}, indent=2) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[5000, 20000, 100000])
    ap.add_argument("--index", help="index folder (default: the bundled articles, built into a temporary folder)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--replayed-rows", type=int, nargs="*", default=[],
                    help="sizes run with the answers of the smallest --rows run replayed (at least 1,000 rows, so "
                    "it holds every question the file is made from): the writing, scoring and report at full size")
    ap.add_argument("--json", default=str(ROOT / "bench" / "results" / "eval_scale.json"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-eval-scale-"))
    index = Path(args.index) if args.index else work / "index"
    if not args.index:
        subprocess.run([sys.executable, "-m", "app", "build", "--corpus", str(ROOT / "seeds"), "--index", str(index),
                        "--quiet"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    runs = []
    real = sorted(args.rows)
    for n, replayed in [(n, False) for n in real] + [(n, True) for n in sorted(args.replayed_rows)]:
        qf = work / f"q{n}.jsonl"
        write_questions(qf, n)
        folder = work / (f"replayed{n}" if replayed else f"run{n}")
        result = measure(qf, folder, index, args.workers, answers=work / f"run{real[0]}" if replayed else None)
        result["answers"] = f"replayed from the {real[0]:,}-row run" if replayed else "the bundled model"
        runs.append(result)
        print(json.dumps({k: v for k, v in result.items() if k != "results_size_over_time"}), flush=True)
        save(args.json, runs)
        if n != real[0] or replayed:
            for stale in folder.glob("results.*"):
                stale.unlink()
        qf.unlink()
    shutil.rmtree(work, ignore_errors=True)
    print("\n| rows | answers | wall time | questions/s | peak resident | peak own (RssAnon) | results.jsonl |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in runs:
        m, s = divmod(int(r["seconds"]), 60)
        print(f"| {r['rows']:,} | {r['answers']} | {m} min {s:02d} s | {r['questions_per_second']} | "
              f"{r['peak_rss_mb']:.0f} MB | {r['peak_anon_mb']:.0f} MB | {r['results_jsonl_mb']:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
