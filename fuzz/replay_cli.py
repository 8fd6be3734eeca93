"""The command-line half of ``fuzz/replay.py``: every input is a ``qa`` subprocess on a small real index."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from replay import ROOT, Ran, Replay, jsonl, qa, refusal, said_only

ARTICLES = {
    "001_quantum.txt": "量子计算新进展\n\n某研究院发布了新的量子计算机，拥有 72 个量子比特。"
    "该机器由张三教授团队研制。\n\n研究人员表示，其发展既有赖于政策支持，也离不开资金。\n",
    "002_lines.txt": "量子通信网络\n\n京沪干线全长两千多公里，是世界上第一条量子保密通信干线。\n\n"
    "2018年，美国通过《国家量子倡议法案》(National Quantum Initiative Act, NQI)。\n",
}
RISKY = ("=", "+", "-", "@", "\t", "\r")
BAD_NAME = b"005_\xff\xfe.txt"


def setup(replay: Replay) -> Path:
    """The corpus (two articles and the hostile entries) and its index, built by ``qa build``."""
    corpus = replay.work / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "catalog.toml").write_text('["001_quantum.txt"]\nauthors = "单个作者"\n', encoding="utf-8")
    os.symlink("/etc/passwd", corpus / "003_pw.txt")
    os.symlink("/etc", corpus / "etc")
    os.symlink(corpus / "nowhere.txt", corpus / "004_broken.txt")
    with open(os.path.join(os.fsencode(corpus), BAD_NAME), "wb") as f:
        f.write("名字不是 UTF-8 的文件。\n".encode())
    index = replay.work / "index"
    r = qa("build", "--corpus", str(corpus), "--index", str(index), "--quiet")
    if r.rc != 0:
        raise SystemExit(f"the replay's index could not be built:\n{r.err}")
    area = "corpus"
    listed = r.out
    for name, entry, reason in [("a symlink to /etc/passwd in the corpus", "003_pw.txt", "outside the corpus"),
                                ("a symlink to the folder /etc", "etc:", "outside the corpus"),
                                ("a broken symlink", "004_broken.txt", "symlink to nothing"),
                                ("a file name that is not UTF-8", "005_\\xff\\xfe.txt", "not valid UTF-8")]:
        line = next((ln for ln in listed.splitlines() if entry in ln), "")
        ok = reason in line and "Traceback" not in r.err
        replay.add(area, f"build: {name} is skipped and listed", "handled" if ok else "unexpected", line[:120])
    answer = qa("ask", "--no-server", "--index", str(index), "--json", "root x 0 0 root /root /bin/bash")
    passages = json.loads(answer.out).get("passages", []) if answer.rc == 0 else []
    leaked = answer.rc != 0 or any("root:x:0" in p["text"] or "/bin/" in p["text"] for p in passages)
    replay.add(area, "ask for /etc/passwd's content after the build", "unexpected" if leaked else
               ("traceback" if "Traceback" in answer.err else "handled"))  # fmt: skip
    info = qa("info", "--index", str(index), "--json")
    docs = json.loads(info.out)["documents"] if info.rc == 0 else []
    authors = next((d["authors"] for d in docs if d["file"] == "001_quantum.txt"), None)
    replay.add(area, 'catalog authors = "单个作者" is one author', "handled" if authors == ["单个作者"] else
               "unexpected", str(authors))  # fmt: skip
    return index


def run_all(replay: Replay, index: Path) -> None:
    for cases in (text_cases, output_cases, csv_cases, index_cases, corpus_cases, eval_cases):
        cases(replay, index)


def _questions(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _went_on(replay: Replay, area: str, name: str, r: Ran, ok: bool, note: str = "") -> None:
    if "Traceback" in r.err:
        replay.add(area, name, "traceback", r.err.strip().splitlines()[-1][:160])
    elif not said_only(r.err):
        replay.add(area, name, "unexpected", r.err.strip()[-160:])
    else:
        replay.add(area, name, "handled" if ok else "lost", note)


def text_cases(replay: Replay, index: Path) -> None:
    area, ix, w = "text", ["--index", str(index)], replay.work
    for name, text in [("ask: argv bytes that are not UTF-8 (\\xff\\xfe\\xc3)", b"\xff\xfe\xc3"),
                       ("ask: a question of only DEL", b"\x7f\x7f"),
                       ("ask: a question of only zero-width characters", "\u200b\u200d\ufeff".encode()),
                       ("find: argv bytes that are not UTF-8", b"\xff quote"),
                       ("cite: argv bytes that are not UTF-8", b"001:p1\xff")]:
        cmd = name.split(":")[0]
        replay.add(area, name, *refusal(qa(cmd, "--no-server", *ix, text)))  # type: ignore[arg-type]
    lines = "量子计算机有多少个量子比特?\n".encode() + b"\xff\xfe bad \xc3\n" + "京沪干线有多长?\n".encode()
    r = qa("ask", "--no-server", *ix, "--json", stdin=lines)
    answered = [ln for ln in r.out.splitlines() if ln.startswith("{")]
    _went_on(replay, area, "ask: standard input, one of three lines not UTF-8", r, len(answered) == 2,
             f"{len(answered)} of 2 good lines answered")
    rows = ['{"id": "g1", "question": "量子计算机有多少个量子比特?", "answer": "72"}', '{"question": "\\ud800abc"}',
            '{"question": 123}', '{"question": "NaN as answer", "answer": NaN}', '{"question": "inf", "answer": 1e999}',
            '{"question": "\\u007f\\u007f"}', '{"question": "\\u200b\\u200b"}',
            '{"id": "g2", "question": "京沪干线有多长?", "answer": "两千多公里"}',
            '{"id": "1", "question": "京沪干线是什么?"}']
    qf = _questions(w / "hostile.jsonl", rows)
    r = qa("eval", str(qf), "--out", str(w / "run-hostile"), "--no-server", *ix, "-q")
    got = {d["id"] for d in jsonl(w / "run-hostile" / "results.jsonl")}
    _went_on(replay, area, "eval: lone surrogate, 123, NaN, 1e999, DEL-only, zero-width-only rows among good ones",
             r, r.rc == 0 and {"g1", "g2", "1"} <= got and len(got) == 3, f"answered {sorted(got)}")
    skipped = sum(1 for ln in r.err.splitlines() if ln.startswith("qa eval: skipped line"))
    replay.add(area, "eval: each bad row named by its line", "handled" if skipped == 6 else "unexpected",
               f"{skipped} of 6 named")
    qf = w / "unclosed.csv"
    qf.write_text('id,question,answer\nc1,量子计算机有多少个量子比特?,72\nc2,"京沪干线有多长?,两千多公里\n'
                  "c3,京沪干线是什么?,\nc4,量子比特有多少个?,72\n", encoding="utf-8")
    r = qa("eval", str(qf), "--out", str(w / "run-csv"), "--no-server", *ix, "-q")
    got = sorted(d["id"] for d in jsonl(w / "run-csv" / "results.jsonl"))
    _went_on(replay, area, "eval: a CSV quote left open is reported, the next rows not merged", r,
             got == ["c1", "c3", "c4"] and "line 3" in r.err, f"rows {got}")
    qf = w / "mixed.jsonl"
    qf.write_bytes('{"id": "m1", "question": "量子计算机有多少个量子比特?"}\n'.encode()
                   + b'{"id": "m2", "question": "\xff\xfe?"}\n'
                   + '{"id": "m3", "question": "京沪干线有多长?"}\n'.encode())
    r = qa("eval", str(qf), "--out", str(w / "run-mixed"), "--no-server", *ix, "-q")
    got = sorted(d["id"] for d in jsonl(w / "run-mixed" / "results.jsonl"))
    _went_on(replay, area, "eval: a question file with one line not UTF-8", r, got == ["m1", "m3"], f"rows {got}")


def output_cases(replay: Replay, index: Path) -> None:
    area, ix, w = "outputs", ["--index", str(index), "--no-server"], replay.work
    qf = _questions(w / "two.jsonl", ['{"question": "量子计算机有多少个量子比特?"}', '{"question": "京沪干线有多长?"}'])
    a_file = w / "a_file.txt"
    a_file.write_text("x", encoding="utf-8")
    binary = w / "binary-run"
    binary.mkdir()
    (binary / "results.jsonl").write_bytes(os.urandom(4096))
    for name, argv in [("eval --out /proc/foo", ["--out", "/proc/foo"]),
                       ("eval --out an existing file", ["--out", str(a_file)]),
                       ("eval --compare a folder whose results.jsonl is binary",
                        ["--out", str(w / "cmp-out"), "--compare", str(binary)]),
                       ("eval --compare a folder with no run", ["--out", str(w / "cmp-out"), "--compare", str(w)])]:
        r = qa("eval", str(qf), *argv, *ix, "-q")
        outcome, note = refusal(r)
        if outcome == "refused" and (w / "cmp-out" / "results.jsonl").exists():
            outcome, note = "unexpected", "answered before the refusal"
        replay.add(area, f"{name} (refused before answering, {r.seconds:.1f} s)", outcome, note)
    claims = _questions(w / "claims.txt", ["京沪干线全长两千多公里", "量子计算机"])
    for name, out in [("find --file F --out DIR", str(w)), ("find --file F --out /proc/x.csv", "/proc/x.csv"),
                      ("find --file F --out a path in a missing folder", str(w / "missing" / "x.csv"))]:
        replay.add(area, name, *refusal(qa("find", "--file", str(claims), "--out", out, *ix)))


def csv_cases(replay: Replay, index: Path) -> None:
    area, ix, w = "csv", ["--index", str(index), "--no-server"], replay.work
    formulas = ['=HYPERLINK("http://example.com/x","量子")', "+1+1 量子?", "-1+2 京沪?", "@SUM(A1) 量子?"]
    qf = _questions(w / "formulas.jsonl", [json.dumps({"id": f"=f{i}", "question": q, "answer": "=1+1"},
                                                      ensure_ascii=False) for i, q in enumerate(formulas)])
    r = qa("eval", str(qf), "--out", str(w / "run-formulas"), *ix, "-q")
    path = w / "run-formulas" / "results.csv"
    cells = [c for row in list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))[1:]
             for c in row] if path.is_file() else []
    bad = [c for c in cells if c.startswith(RISKY)]
    ok = r.rc == 0 and cells and not bad
    replay.add(area, "eval: results.csv with =, +, -, @ cells", "handled" if ok else "unexpected", str(bad[:3]))
    lines = _questions(w / "formula-claims.txt", formulas)
    r = qa("find", "--file", str(lines), "--format", "csv", *ix)
    cells = [c for row in list(csv.reader(io.StringIO(r.out, newline="")))[1:] for c in row]
    bad = [c for c in cells if c.startswith(RISKY)]
    replay.add(area, "find --format csv with =, +, -, @ lines", "handled" if r.rc == 0 and cells and not bad else
               "unexpected", str(bad[:3]))  # fmt: skip


def _copy(index: Path, name: str) -> Path:
    dst = index.parent / name
    shutil.copytree(index, dst, symlinks=True)
    return dst


def index_cases(replay: Replay, index: Path) -> None:
    area, w = "index", replay.work
    loop = _copy(index, "idx-loop")
    (loop / "current").unlink()
    os.symlink("current", loop / "current")
    asked = qa("ask", "--no-server", "--index", str(loop), "量子?")
    replay.add(area, "ask: current is a symlink loop", *refusal(asked))
    replay.add(area, "info: current is a symlink loop", *refusal(qa("info", "--index", str(loop))))
    a_file = w / "index-file"
    a_file.write_text("x", encoding="utf-8")
    replay.add(area, "ask: --index is a file", *refusal(qa("ask", "--no-server", "--index", str(a_file), "量子?")))
    corpus = w / "corpus"
    replay.add(area, "build: --index is a file", *refusal(qa("build", "--corpus", str(corpus), "--index", str(a_file))))
    lock = _copy(index, "idx-lock")
    (lock / ".lock").unlink(missing_ok=True)
    (lock / ".lock").mkdir()
    replay.add(area, "build: .lock is a folder", *refusal(qa("build", "--corpus", str(corpus), "--index", str(lock))))
    builds = w / "idx-builds"
    builds.mkdir()
    (builds / "builds").write_text("x", encoding="utf-8")
    replay.add(area, "build: builds is a file", *refusal(qa("build", "--corpus", str(corpus), "--index", str(builds))))
    for name, damage in [("meta.json garbage", lambda b: (b / "meta.json").write_bytes(os.urandom(300))),
                         ("chunks.jsonl garbage", lambda b: (b / "chunks.jsonl").write_bytes(os.urandom(300))),
                         ("sentences.jsonl not UTF-8", lambda b: (b / "sentences.jsonl").write_bytes(b"\xff" * 99)),
                         ("chunks.jsonl emptied", lambda b: (b / "chunks.jsonl").write_bytes(b"")),
                         ("documents.json deleted", lambda b: (b / "documents.json").unlink())]:
        damaged = _copy(index, "idx-damaged")
        damage((damaged / "current").resolve())
        replay.add(area, f"info: {name}", *refusal(qa("info", "--index", str(damaged))))
        shutil.rmtree(damaged)
    before = qa("info", "--index", str(index), "--json")
    big = w / "corpus-big"
    shutil.copytree(corpus, big, symlinks=True)
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:2]:
        shutil.copy(seed, big / seed.name)
    efbig = _copy(index, "idx-efbig")
    r = qa("build", "--corpus", str(big), "--index", str(efbig), "--quiet", limit_fsize=64 * 1024)
    outcome, note = refusal(r)
    after = qa("info", "--index", str(efbig), "--json")
    same = after.rc == 0 and json.loads(after.out)["chunks"] == json.loads(before.out)["chunks"]
    if outcome == "refused" and not same:
        outcome, note = "lost", "the previous index did not survive"
    replay.add(area, "build: the file-size limit reached while writing (ulimit -f)", outcome, note)


INJECT = """
import os, sys
sys.path.insert(0, {root!r})
import index.extract as extract
read_file = extract.read_file
def deleting(path, name, previous=None, **kw):
    if name == {before!r}:
        os.unlink(path)  # deleted after the folder was listed, before it is read
    got = read_file(path, name, previous, **kw)
    if name == {after!r}:
        os.unlink(path)  # deleted after it was read, before its size and time are recorded
    return got
extract.read_file = deleting
import index.corpus
index.corpus.read_file = deleting
from app.cli import main
sys.exit(main(["build", "--corpus", {corpus!r}, "--index", {index!r}, "--quiet"]))
"""


def corpus_cases(replay: Replay, index: Path) -> None:
    area, w = "corpus", replay.work
    corpus = w / "corpus-deleted"
    corpus.mkdir()
    for name, text in {**ARTICLES, "006_a.txt": "量子通信。\n", "007_b.txt": "量子计算。\n"}.items():
        (corpus / name).write_text(text, encoding="utf-8")
    code = INJECT.format(root=str(ROOT), before="006_a.txt", after="007_b.txt", corpus=str(corpus),
                         index=str(w / "idx-deleted"))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=ROOT)
    r = Ran(p.returncode, p.stdout, p.stderr, 0.0)
    listed = [ln for ln in p.stdout.splitlines() if "006_a.txt" in ln or "007_b.txt" in ln]
    _went_on(replay, area, "build: two files deleted during the build (before and after reading)", r,
             p.returncode == 0 and len(listed) == 2, f"{len(listed)} of 2 listed")


def eval_cases(replay: Replay, index: Path) -> None:
    area, w = "eval", replay.work
    n = 320
    qf = _questions(w / "many.jsonl", [json.dumps({"id": f"k{i}", "question": f"第{i}题：量子计算机有多少个量子比特?",
                                                   "answer": "72"}, ensure_ascii=False) for i in range(n)])
    out = w / "run-killed"
    argv = [sys.executable, "-m", "app", "eval", str(qf), "--out", str(out), "--index", str(index), "--no-server", "-q"]
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 600
    while time.time() < deadline and proc.poll() is None and len(jsonl(out / "results.jsonl")) < 64:
        time.sleep(0.2)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = len(jsonl(out / "results.jsonl"))
    replay.add(area, f"eval killed (SIGKILL) after {kept} of {n} answers: the finished batches are kept",
               "handled" if kept >= 64 else "lost", f"{kept} kept")  # fmt: skip
    r = qa("eval", str(qf), "--out", str(out), "--index", str(index), "--no-server", "-q", "--resume")
    ids = [d["id"] for d in jsonl(out / "results.jsonl")]
    whole = r.rc == 0 and sorted(ids) == sorted(f"k{i}" for i in range(n)) and len(ids) == n
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8")) if (out / "metrics.json").exists() else {}
    _went_on(replay, area, "eval --resume answers only the rest; the run is whole", r,
             whole and metrics.get("questions") == n, f"{len(ids)} results, {metrics.get('questions')} in metrics")
