"""``qa eval``: answer a whole file of questions, score them, write a run folder, optionally compare runs."""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from importlib import import_module
from multiprocessing import get_context
from pathlib import Path

from app.commands import common
from qa.errors import QAError

EXAMPLES = """\
examples:
  qa eval bench/data/dev.jsonl --out runs/dev
  qa eval questions.csv --out runs/new -k 5 --compare runs/dev
  qa eval questions.tsv --out runs/big --workers 4 --quiet
  qa eval questions.tsv --out runs/big --resume      (after a run was stopped)
  qa eval bench/data/dev.jsonl --out runs/milvus --engine milvus --uri ./qa.db

FILE is JSONL (one {"question": ...} object per line) or CSV/TSV with a
'question' column. Optional columns: id, lang (zh/en), answer (expected answer
text; empty or null = unanswerable), doc (expected source file). Expected
answers and documents are used only for scoring, never for answering.
"""

ASSISTANT = "qa.pipeline.assistant:Assistant"  # .load(index_dir), .open(engine), .ask_many(questions, k=...)
MAX_LISTED = 20


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "eval",
        help="answer a file of questions and score them (hit@k, MRR, span F1, ...)",
        description="Answer every question of FILE, score the answers against the expected ones, and write "
        "results.jsonl, results.csv, metrics.json and report.html into --out (by default a new folder named "
        "after FILE and the time).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="questions: .jsonl, .csv or .tsv with a 'question' column")
    p.add_argument("--out", "-o", metavar="DIR",
                   help="folder to write the run into (default: FILE's name and the time, in the current folder)")
    p.add_argument(
        "-k",
        "--top-k",
        dest="k",
        type=_positive_int,
        default=10,
        help="passages per question (1-50, default 10)",
    )
    common.add_index_flag(p)
    common.add_engine_flags(p)
    common.add_server_flags(p)
    p.add_argument("--compare", metavar="OLD_RUN_DIR", help="a folder of an earlier run to compare against")
    p.add_argument(
        "--workers", type=_positive_int, default=1, help="processes, each loading the model once (default 1)"
    )
    p.add_argument("--resume", action="store_true",
                   help="go on with the run in --out: answer only the questions not in its results.jsonl yet "
                   "(each batch is written as it is answered, so a killed run keeps what it finished)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(run=run)
    return p


# ---------------------------------------------------------------- answering


def _load(factory: str, index_dir: str | tuple[str, str]):
    """The factory's assistant on the folder ``index_dir``, or on Milvus for ``(uri, alias)``."""
    module, _, name = factory.partition(":")
    cls = getattr(import_module(module), name)
    if isinstance(index_dir, tuple):
        import os

        from index.engines import engine_for

        uri, alias = index_dir
        return cls.open(engine_for("milvus", uri=uri, alias=alias, token=os.environ.get("QA_MILVUS_TOKEN", "")))
    return cls.load(index_dir)


_worker_assistant = None


def _worker_ask(factory: str, index_dir: str | tuple[str, str], k: int, questions: list[str]) -> list:
    """Runs in a worker process: the assistant is loaded on its first batch and kept."""
    global _worker_assistant
    if _worker_assistant is None:
        _worker_assistant = _load(factory, index_dir)
    return list(_worker_assistant.ask_many(questions, k=k))


def _workers_index(args) -> str | tuple[str, str]:
    """What each worker opens: the index folder, or Milvus's (uri, alias); Milvus Lite serves one process."""
    if common.engine_name(args) == "faiss":
        return str(Path(common.index_dir(args)).expanduser())
    engine = common.engine_of(args)
    from index.engines.milvus_schema import is_lite

    if is_lite(engine.uri):
        raise QAError(f"--workers {args.workers} needs a Milvus server: the Milvus Lite file {engine.uri} opens in "
                      "one process at a time; leave --workers out, or give --uri http://host:19530. "
                      "Milvus Lite 只能由一个进程打开。")  # fmt: skip
    return engine.uri, engine.alias


class PoolAnswerer:
    """``answer_fn`` that splits each batch across worker processes, keeping the order of the questions."""

    def __init__(self, index_dir: str | tuple[str, str], k: int, workers: int, factory: str = ASSISTANT):
        where = index_dir if isinstance(index_dir, tuple) else str(index_dir)
        self.index_dir, self.k, self.workers, self.factory = where, k, workers, factory
        # spawn, not fork: a forked copy of a process that holds torch/BLAS threads can hang
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))

    def __call__(self, questions: list[str]) -> list:
        size = -(-len(questions) // self.workers)
        chunks = [questions[i : i + size] for i in range(0, len(questions), size)]
        futures = [self.pool.submit(_worker_ask, self.factory, self.index_dir, self.k, c) for c in chunks]
        return [answer for f in futures for answer in f.result()]

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PoolAnswerer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------- printing


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def format_metrics(run) -> str:
    """The metrics table for a terminal: ASCII columns first, bilingual labels last (CJK width varies)."""
    from qa.eval.metrics import get_metric

    table = run.table
    groups = list(table.values)
    has_gap = "zh" in groups and "en" in groups
    head = f"{'metric':<24}" + "".join(f"{g:>9}" for g in groups) + (f"{'zh-en':>9}" if has_gap else "")
    lines = [head + f"{'n':>6}  指标", "-" * (len(head) + 12)]
    for name in table.names:
        cells = "".join(f"{_fmt(table.values[g][name]):>9}" for g in groups)
        if has_gap:
            cells += f"{_fmt(table.gap[name], signed=True):>9}"
        lines.append(f"{name:<24}{cells}{table.counts['overall'][name]:>6}  {get_metric(name).zh}")
    return "\n".join(lines)


def format_comparison(comparison) -> str:
    from qa.eval.run import reason_label

    lines = [
        f"compared with / 对比 {comparison.old}: {comparison.paired} paired questions, k={comparison.k}",
        f"{'metric':<24}{'old':>8}{'new':>8}{'change':>9}  95% CI",
    ]
    for d in comparison.deltas:
        ci = f"[{_fmt(d.low, True)}, {_fmt(d.high, True)}]" if d.low is not None else "—"
        star = " *" if d.significant else ""
        lines.append(f"{d.metric:<24}{_fmt(d.old):>8}{_fmt(d.new):>8}{_fmt(d.diff, True):>9}  {ci}{star}")
    lines.append("(* the 95% interval excludes 0 / 置信区间不含0)")
    for title, changes in (("better / 变好", comparison.better), ("worse / 变差", comparison.worse)):
        lines.append(f"\n{title}: {len(changes)}")
        for c in changes[:MAX_LISTED]:
            rank = f"rank {c.old_rank or '-'} -> {c.new_rank or '-'}"
            why = "; ".join(reason_label(r, comparison.k) for r in c.new_reasons) or "passes / 通过"
            lines.append(f"  [{c.id}] {c.question}  ({rank}; {why})")
        if len(changes) > MAX_LISTED:
            lines.append(f"  ... {len(changes) - MAX_LISTED} more in compare.json")
    if comparison.only_new or comparison.only_old:
        lines.append(
            f"\nnot paired / 未配对: {len(comparison.only_new)} only in the new run, "
            f"{len(comparison.only_old)} only in the old run (by id and question text)"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- command


def default_out(file: str) -> str:
    """The folder of a run not given --out: the questions file's name and the time, in the current folder."""
    return f"{Path(file).stem or 'questions'}-run-{time.strftime('%Y%m%d-%H%M%S')}"


def run(args: argparse.Namespace) -> int:
    from qa.eval.compare import check_saved_run, compare_runs, write_comparison
    from qa.eval.questions import read_questions
    from qa.eval.stream import stream_run
    from qa.outputs import check_out_dir

    # every path is checked before any question is answered: no work is lost to a bad --out or --compare
    if args.out is None and args.resume:
        raise QAError("--resume goes on with an earlier run: name its folder with --out. "
                      "续跑请用 --out 指定之前的结果文件夹。")  # fmt: skip
    out = check_out_dir(args.out or default_out(args.file), "--out")
    if args.compare:
        check_saved_run(args.compare)
    questions = read_questions(args.file)  # a bad file fails before any model is loaded
    for problem in questions.problems[:MAX_LISTED]:
        print(f"qa eval: skipped {problem}", file=sys.stderr)
    if len(questions.problems) > MAX_LISTED:
        print(f"qa eval: ... {len(questions.problems) - MAX_LISTED} more skipped rows", file=sys.stderr)

    from qa.limits import MAX_K

    if args.k > MAX_K:  # the assistant refuses it for every question; say so once, up front
        raise QAError(f"-k must be between 1 and {MAX_K}; got {args.k}.")
    progress = not args.quiet
    from app.client import server_for

    def run_with(answer_fn, batch_size: int = 32):
        # each batch is written as soon as it is answered; a killed run keeps them, and --resume goes on
        return stream_run(questions, answer_fn, out, k=args.k, batch_size=batch_size, progress=progress,
                          resume=args.resume)  # fmt: skip

    server = server_for(args, common.index_location(args))
    if server is not None:  # the same batches as one local worker, answered by the server
        from app.client import answers

        streamed = run_with(lambda qs: answers(server.call("ask_many", questions=qs, k=args.k)))
    elif args.workers > 1:
        # each worker loads the index itself; a missing index is reported from the first batch
        index_dir = _workers_index(args)
        with PoolAnswerer(index_dir, args.k, args.workers, factory=ASSISTANT) as answer_fn:
            streamed = run_with(answer_fn, batch_size=32 * args.workers)
    else:
        assistant = common.load_assistant(args, build_if_missing=True)
        streamed = run_with(lambda qs: assistant.ask_many(qs, k=args.k))
    result, files = streamed.summary, streamed.files

    print(format_metrics(result))
    resumed = f" ({streamed.resumed} from the earlier run / 续跑)" if streamed.resumed else ""
    print(
        f"\n{result.questions} questions / 问题{resumed}, {result.failed} failed / 失败, "
        f"{len(result.problems)} skipped / 跳过, {result.seconds:.1f} s"
    )
    for label, path in (
        ("report / 报告", files.report_html),
        ("metrics / 指标", files.metrics_json),
        ("results / 结果", files.results_jsonl),
        ("table / 表格", files.results_csv),
    ):
        print(f"{label:<16}{path}")
    if args.compare:
        comparison = compare_runs(out, args.compare)
        path = write_comparison(comparison, out)
        print()
        print(format_comparison(comparison))
        print(f"{'comparison / 对比':<16}{path}")
    return 0
