"""The attack of issue 17, replayed: hostile inputs against the command line (subprocesses) and the app.

    python fuzz/replay.py [--out bench/results/robustness.md] [--json FILE] [--keep]

It builds a small corpus with the bundled model (two short articles, plus a
symlink to /etc/passwd, a symlink to /etc, a broken link, a file whose name
is not UTF-8 and a catalog), then tries every input of the issue's sections
1-6: invalid Unicode on argv, standard input, question files and the web
API; files outside the corpus; damaged and odd index folders; output paths
that cannot be written; a killed ``qa eval``; spreadsheet formulas. The app
is a real ``qa serve`` on 127.0.0.1 and a free port, started and stopped by
its pid. Each input ends as one of:

- ``refused``: refused with one sentence (``qa: ...``, or the page's message), nothing else;
- ``handled``: the bad part skipped with a sentence and the rest done, or the input read as designed;
- ``traceback``: a Python traceback, on the command line or in the server's log;
- ``lost``: work or data that should have been kept was not;
- ``unexpected``: anything else (a wrong answer, a file read that is outside the corpus, a leftover).

It prints a table per area and exits 1 unless tracebacks, lost and
unexpected are all 0. ``tests/hardening/test_replay.py`` runs it.
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
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTCOMES = ("refused", "handled", "traceback", "lost", "unexpected")


@dataclass
class Result:
    area: str
    name: str
    outcome: str
    note: str = ""


@dataclass
class Replay:
    work: Path
    results: list[Result] = field(default_factory=list)

    def add(self, area: str, name: str, outcome: str, note: str = "") -> None:
        assert outcome in OUTCOMES, outcome
        self.results.append(Result(area, name, outcome, note))
        mark = "ok " if outcome in ("refused", "handled") else "!! "
        print(f"{mark}{outcome:<10} [{area}] {name}" + (f"  ({note})" if note and mark == "!! " else ""),
              flush=True)  # fmt: skip


@dataclass(frozen=True)
class Ran:
    rc: int
    out: str
    err: str
    seconds: float


def qa(*args: str, stdin: bytes | None = None, timeout: float = 600, limit_fsize: int | None = None,
       env: dict | None = None) -> Ran:
    """``qa ARGS`` in a subprocess of this Python (``python -m app``); bytes arguments pass through unchanged."""
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_fsize, limit_fsize))

    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True, timeout=timeout,
                       cwd=ROOT, env={**os.environ, **(env or {})}, preexec_fn=limit if limit_fsize else None)
    return Ran(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"),
               time.perf_counter() - t0)


def said_only(err: str) -> bool:
    """Every line on standard error is the command's own (``qa: ...``, ``qa eval: ...``)."""
    return all(line.startswith("qa") for line in err.splitlines() if line.strip())


def refusal(r: Ran) -> tuple[str, str]:
    """(outcome, note) of a command that should refuse its input with one sentence."""
    if "Traceback" in r.err:
        return "traceback", r.err.strip().splitlines()[-1][:160]
    lines = [ln for ln in r.err.splitlines() if ln.strip()]
    if r.rc != 0 and lines and lines[-1].startswith("qa: ") and said_only(r.err):
        return "refused", lines[-1][:160]
    return "unexpected", f"rc={r.rc}, stderr={r.err.strip()[-160:]!r}"


def jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


# ---------------------------------------------------------------- the table


AREAS = {
    "text": "Invalid Unicode and non-text: argv, standard input, question files",
    "corpus": "Files outside the corpus, odd names, files deleted during a build",
    "index": "Damaged and odd index folders",
    "outputs": "Output paths checked before any work",
    "eval": "qa eval killed and resumed",
    "csv": "Spreadsheet formulas in CSV output",
    "app": "The app's API (qa serve on 127.0.0.1)",
}


def table(results: list[Result]) -> str:
    lines = ["| area | tried | refused with a sentence | skipped or read as designed | tracebacks | data lost | "
             "other failures |", "|---|---:|---:|---:|---:|---:|---:|"]
    total: Counter = Counter()
    for area, title in AREAS.items():
        c = Counter(r.outcome for r in results if r.area == area)
        n = sum(c.values())
        if not n:
            continue
        total.update(c)
        lines.append(f"| {title} | {n} | {c['refused']} | {c['handled']} | {c['traceback']} | {c['lost']} | "
                     f"{c['unexpected']} |")
    lines.append(f"| **all** | **{sum(total.values())}** | **{total['refused']}** | **{total['handled']}** | "
                 f"**{total['traceback']}** | **{total['lost']}** | **{total['unexpected']}** |")
    return "\n".join(lines)


def readme_rows(results: list[Result], scale: Path | None) -> str:
    """The rows this run gives the README's Robustness table (``| | how it was tested | result |``)."""
    c = Counter(r.outcome for r in results)
    areas = sum(1 for a in AREAS if any(r.area == a for r in results))
    rows = [f"| Attack replayed (issue 17) | `python fuzz/replay.py`, in CI (`tests/hardening/test_replay.py`): "
            f"{len(results)} hostile inputs in {areas} areas against `qa` subprocesses and a real `qa serve`: invalid "
            "Unicode on argv, standard input, question files and the web API; symlinks to /etc/passwd and /etc; "
            "names that are not UTF-8; files deleted during a build; damaged, looping and misplaced index folders; "
            "the file-size limit; output paths in /proc, on files and folders; `qa eval` SIGKILLed and resumed; "
            f"spreadsheet formulas. | {c['refused']} refused with one sentence, {c['handled']} skipped with a "
            f"sentence (the rest went on) or read as designed; {c['traceback']} tracebacks, {c['lost']} data lost, "
            f"{c['unexpected']} other failures. |"]
    if scale is not None:
        runs = json.loads(scale.read_text(encoding="utf-8"))["runs"]
        real = [r for r in runs if r.get("answers", "the bundled model") == "the bundled model"]
        big = max(runs, key=lambda r: r["rows"])
        if real:
            top = real[-1]
            m, sec = divmod(int(top["seconds"]), 60)
            sizes = ", ".join(f"{r['rows']:,}" for r in real)
            rows.append(f"| `qa eval` at scale | `python bench/eval_scale.py`: {sizes} "
                        f"rows with the bundled model; {big['rows']:,} rows with those answers replayed. Results are "
                        "written as each batch is answered; a killed run keeps them and `--resume` goes on. | "
                        f"{top['rows']:,} rows: {m} min {sec:02d} s, peak {top['peak_rss_mb']:.0f} MB (from "
                        f"{real[0]['peak_rss_mb']:.0f} MB at {real[0]['rows']:,}); {big['rows']:,} rows: "
                        f"{big['results_jsonl_mb']:,.0f} MB written, peak {big['peak_rss_mb']:.0f} MB without the "
                        "model. |")
    rows.append("| Data lost | | none |")
    return "| | how it was tested | result |\n|---|---|---|\n" + "\n".join(rows)


def report(results: list[Result], seconds: float, extra: str = "", scale: Path | None = None) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    failed = [r for r in results if r.outcome not in ("refused", "handled")]
    listed = "\n".join(f"* {r.area}: {r.name}: **{r.outcome}** {r.note}" for r in failed) or "none"
    inputs = "\n".join(f"* {r.area}: {r.name} — {r.outcome}" for r in results)
    return (f"## Robustness: the attack replayed\n\n`python fuzz/replay.py` ({stamp}, {seconds:.0f} s; "
            "the bundled model, a real `qa serve`): every input of issue 17 against the command line and the app.\n\n"
            f"{table(results)}\n\nFailures: {listed}\n\n{extra}"
            "### Rows for the README's Robustness table (beside Load held, Faults injected, Bad inputs tried)\n\n"
            f"{readme_rows(results, scale)}\n\n<details><summary>Every input tried</summary>\n\n"
            f"{inputs}\n\n</details>\n")


def scale_table(path: Path) -> str:
    """The ``qa eval`` rows of ``bench/eval_scale.py``'s results, as Markdown."""
    data = json.loads(path.read_text(encoding="utf-8"))
    lines = ["| rows | answers | wall time | questions/s | peak resident | peak own memory | results.jsonl |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for r in data["runs"]:
        m, sec = divmod(int(r["seconds"]), 60)
        lines.append(f"| {r['rows']:,} | {r.get('answers', 'the bundled model')} | {m} min {sec:02d} s | "
                     f"{r['questions_per_second']} | {r['peak_rss_mb']:.0f} MB | {r['peak_anon_mb']:.0f} MB | "
                     f"{r['results_jsonl_mb']:,.0f} MB |")
    return "\n".join(lines)


def scale_notes(path: Path) -> str:
    """What the scale runs show, from their numbers: memory per row, and the time 100,000 rows would take."""
    runs = json.loads(path.read_text(encoding="utf-8"))["runs"]
    real = [r for r in runs if r.get("answers", "the bundled model") == "the bundled model"]
    replayed = [r for r in runs if r not in real]
    lines = []
    if len(real) >= 2:
        a, b = real[0], real[-1]
        per = (b["peak_rss_mb"] - a["peak_rss_mb"]) * 1024 / (b["rows"] - a["rows"])
        lines.append(f"With the bundled model, the peak grew {b['peak_rss_mb'] - a['peak_rss_mb']:.0f} MB from "
                     f"{a['rows']:,} to {b['rows']:,} rows ({per:.1f} KB a row) while results.jsonl grew "
                     f"{b['results_jsonl_mb'] - a['results_jsonl_mb']:,.0f} MB: the answers are not held.")
        rate = b["questions_per_second"]
        lines.append(f"At the {b['rows']:,}-row run's {rate} questions/s, 100,000 rows would take about "
                     f"{100_000 / rate / 60:.0f} min on this machine (2 shared cores); not run with the model.")
    if len(replayed) >= 2:
        a, b = replayed[0], replayed[-1]
        per = (b["peak_rss_mb"] - a["peak_rss_mb"]) * 1024 / (b["rows"] - a["rows"])
        lines.append(f"With answers replayed (no model loaded), {b['rows']:,} rows wrote "
                     f"{b['results_jsonl_mb']:,.0f} MB and scored them from the file with a peak of "
                     f"{b['peak_rss_mb']:.0f} MB; {per:.1f} KB a row, which is the question file: it is read whole "
                     "(at most 20 MB or 100,000 rows), about 124 MB at its peak while 100,000 rows are parsed and "
                     "53 MB held after, against 1.6 GB of results that are not.")
        if real:
            est = real[-1]["peak_rss_mb"] + (b["peak_rss_mb"] - a["peak_rss_mb"]) * (100_000 - real[-1]["rows"]) / (
                b["rows"] - a["rows"])
            lines.append(f"Estimated peak with the model at 100,000 rows: about {est:.0f} MB.")
    return " ".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="write the Markdown table here (e.g. bench/results/robustness.md)")
    ap.add_argument("--json", help="write every result as JSON here")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--only", choices=("cli", "app"), help="run only the command-line or only the app cases")
    ap.add_argument("--scale", help="bench/eval_scale.py's JSON: its qa eval table goes into --out too")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "fuzz"))
    import replay_app
    import replay_cli

    t0 = time.perf_counter()
    replay = Replay(Path(tempfile.mkdtemp(prefix="qa-replay-")))
    try:
        index = replay_cli.setup(replay)
        if args.only != "app":
            replay_cli.run_all(replay, index)
        if args.only != "cli":
            replay_app.run_all(replay, index)
    finally:
        if not args.keep:
            shutil.rmtree(replay.work, ignore_errors=True)
        else:
            print(f"work folder kept: {replay.work}")
    seconds = time.perf_counter() - t0
    print()
    print(table(replay.results))
    if args.out:
        extra = ""
        if args.scale:
            extra = ("### `qa eval` at scale (`python bench/eval_scale.py`)\n\n" + scale_table(Path(args.scale))
                     + "\n\n" + scale_notes(Path(args.scale)) + "\n\n")
        Path(args.out).write_text(report(replay.results, seconds, extra, Path(args.scale) if args.scale else None),
                                  encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in replay.results], ensure_ascii=False, indent=1),
                                   encoding="utf-8")
    bad = sum(1 for r in replay.results if r.outcome not in ("refused", "handled"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
