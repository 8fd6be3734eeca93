"""Run every fuzz target for a bounded time and write the results to fuzz/RESULTS.md.

    python fuzz/run_all.py --seconds 60            # each target 60 s, one after another
    python fuzz/run_all.py --seconds 600 --only find cite

Not part of CI (it takes minutes); the property tests in tests/hardening run
the same surfaces briefly on every test run. Each target starts from a small
seed corpus of valid inputs (written here) and a dictionary of the tokens its
parser looks for; a crash stops that target and its input is kept under
``--work`` (by default a temporary folder) as ``crash-*``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = ("clean", "lang", "translate", "questions", "cite", "find")

_ARTICLE = ("量子计算新进展\n\n某研究院发布了新的量子计算机，拥有 72 个量子比特。\r\n\r\n研究人员表示，其发\n\n"
            "展既有赖于政策支持。\n\n图1 京沪干线\n服务热线:0898-08980898\n")
SEEDS = {
    "clean": [_ARTICLE, "第一句。第二句！Third one? 第四句；1.2亿美元 Fig.1", "一、标题\n\n（1）列表项。\n"],
    "lang": ["量子计算机有多少个量子比特?", "How much did Baowu invest?", "IBM的量子计算机", "Ωμέγα"],
    "translate": ["How much did Baowu invest in hydrogen?", "Who founded the quantum company in Beijing?",
                  "What is the National Quantum Initiative Act (NQI)?", "120 million dollars, 3.5 billion yuan",
                  "Duan Luming venture capital 16 percent"],
    "questions": ["\x00" + json.dumps({"id": "q1", "question": "京沪干线有多长?", "answer": "两千多公里"},
                                      ensure_ascii=False) + "\n",
                  "\x01id,question,answer,doc\nq1,\"量子, 比特?\",72,001_alpha.txt\n",
                  "\x02问题\t答案\n京沪干线有多长?\t两千多公里\n",
                  "\x03" + json.dumps({"question": "Who?", "lang": "en", "answer": None}) + "\n"],
    "cite": ["001:p2", "001:p2.s1", "【002：P3．S1】", "1:p3s2", "alpha:p1", "004:p9"],
    "find": ["京沪干线全长两千多公里", "京滬幹線全長兩千多公里", "Baowu invested 120 million dollars in hydrogen",
             "钢铁工业碳排放约占全国碳排放总量的16%。", "某研究院的量子计算机有72个量子比特"],
}
DICTS = {
    "cite": [":", ":p", ".s", "p", "s", "P", "S", "：", "．", "。", "【", "】", "001", "002", "１", "0"],
    "questions": ["{", "}", "\"question\"", "\"answer\"", "\"lang\"", "\"id\"", "\"doc\"", "null", ",", "\"",
                  "\n", "\t", "\r\n", "question", "问题", "答案", "zh", "en"],
    "translate": ["who", "how much", "million", "billion", "dollars", "yuan", "percent", "quantum", "venture",
                  "capital", "founded", "NQI", "$", "£", "%", "-", "'s"],
}
DICTS["find"] = DICTS["translate"] + ["。", "，", "量子", "亿", "万"]

# Crashes found so far and what became of them (kept here so RESULTS.md always lists them).
FINDINGS = [
    ("translate", "`Translator._numbers`: `float('2021.03.05')` raised ValueError: any English question with a dotted "
     "date, a version number or an IP address crashed `ask`, `find` and `qa eval`",
     "found by atheris (in 10 s, in one of two runs); fixed in qa/translate.py; regression test in "
     "tests/hardening/test_properties.py"),
    ("cite", "`resolve_doc` / `nearest_keys`: `int()` of a non-decimal digit (`፩:p1`) raised ValueError",
     "found by the property tests; fixed in qa/cite.py (`isdecimal`); regression test"),
    ("questions", "a JSONL row with U+2028, U+2029 or U+0085 inside a string was split in two and lost (not a crash: "
     "reported as a bad row)",
     "found reading `splitlines`; fixed in qa/questions.py (split on `\\n`); regression test"),
    ("corpus keys", "`doc_keys` gave two files the same key (`a.txt` and `a.md`; `a b.txt` and `a-b.txt`), and keys "
     "that cannot be cited back (`【报告】.txt`, full-width names)",
     "found reading `doc_keys`, pinned by a property test; fixed in index/corpus.py (unique keys that cite back)"),
    ("load", "`open_index` during a build's prune: `FileNotFoundError` escaped `verify_checksums`, and ~5% of loads "
     "failed with CorruptIndex while builds replaced the index",
     "found by the concurrency test (2 readers, 20 rebuilds: 15-21 of ~400 loads failed); fixed in index/store.py "
     "and index/load.py (retry when `current` moved; 0 of ~400 fail)"),
]


def write_seeds(folder: Path, target: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(SEEDS[target]):
        (folder / f"seed-{i}").write_bytes(text.encode("utf-8"))


def write_dict(path: Path, target: str) -> Path | None:
    words = DICTS.get(target)
    if not words:
        return None
    path.write_text("".join(f'"{_dict_escape(w)}"\n' for w in words), encoding="ascii")
    return path


def _dict_escape(word: str) -> str:
    """libFuzzer's dictionary syntax: printable ASCII as is, every other byte of the UTF-8 as \\xNN."""
    return "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else f"\\x{b:02X}" for b in word.encode())


def run_target(target: str, seconds: int, work: Path) -> dict:
    base = work / target
    corpus, artifacts = base / "corpus", base / "artifacts"
    write_seeds(corpus, target)
    artifacts.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, str(HERE / f"fuzz_{target}.py"), str(corpus), f"-max_total_time={seconds}",
           "-timeout=20", "-rss_limit_mb=3072", "-max_len=4096", f"-artifact_prefix={artifacts}/",
           "-print_final_stats=1"]
    d = write_dict(base / "tokens.dict", target)
    if d:
        cmd.append(f"-dict={d}")
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=seconds + 600)
    log = proc.stdout + proc.stderr
    (base / "log.txt").write_text(log, encoding="utf-8")
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log) or re.findall(r"Done (\d+) runs", log)
    cov = re.findall(r"\bcov: (\d+)", log)
    crashes = sorted(p.name for p in artifacts.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    error = ""
    m = re.search(r"=== Uncaught Python exception: ===\n(.*?)\n", log)
    if m:
        error = m.group(1)
    return {"target": target, "seconds": round(time.monotonic() - t0), "inputs": int(runs[-1]) if runs else 0,
            "coverage": int(cov[-1]) if cov else 0, "crashes": len(crashes), "artifacts": crashes,
            "exit": proc.returncode, "error": error, "log": str(base / "log.txt")}


def write_results(path: Path, results: list[dict], seconds: int) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Fuzzing results",
        "",
        f"Last run: {when}, `python fuzz/run_all.py --seconds {seconds}` (atheris, libFuzzer; fake embedder, "
        "the four articles of tests/hardening). Inputs tried are libFuzzer's executed units; coverage is its "
        "edge count over the project's own modules (`index`, `qa`).",
        "",
        "| target | what it feeds | seconds | inputs tried | coverage | crashes |",
        "|---|---|---:|---:|---:|---:|",
    ]
    feeds = {"clean": "cleaner, sentence splitter, chunker (offset invariants)",
             "lang": "language detection", "translate": "English query translation, question analysis",
             "questions": "question files (JSONL, CSV, TSV, sniffed), raw bytes",
             "cite": "citation ids: parse and look up", "find": "`find` (quotes, claims) and `ask`"}
    for r in results:
        lines.append(f"| {r['target']} | {feeds[r['target']]} | {r['seconds']} | {r['inputs']:,} | {r['coverage']} "
                     f"| {r['crashes']}{' — ' + r['error'] if r['error'] else ''} |")
    total = sum(r["inputs"] for r in results)
    lines += ["", f"Total: {total:,} inputs, {sum(r['crashes'] for r in results)} crashes in this run.", "",
              "## Crashes and bugs found by the hardening work", "",
              "| where | what | status |", "|---|---|---|"]
    lines += [f"| {w} | {what} | {status} |" for w, what, status in FINDINGS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run the fuzz targets for a bounded time; write fuzz/RESULTS.md.")
    ap.add_argument("--seconds", type=int, default=60, help="per target (default 60)")
    ap.add_argument("--only", nargs="+", choices=TARGETS, help="run only these targets")
    ap.add_argument("--work", metavar="DIR", help="keep corpora, logs and crash inputs here")
    ap.add_argument("--results", metavar="FILE", default=str(HERE / "RESULTS.md"))
    args = ap.parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="qa-fuzz-run-"))
    results = []
    for target in args.only or TARGETS:
        r = run_target(target, args.seconds, work)
        print(json.dumps({k: v for k, v in r.items() if k != "artifacts"}), flush=True)
        results.append(r)
    write_results(Path(args.results), results, args.seconds)
    print(f"results: {args.results}; logs and inputs: {work}")
    return 1 if any(r["crashes"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
