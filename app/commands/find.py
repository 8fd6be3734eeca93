"""qa find: where a quote or a claim comes from, with citations; one text or a file of them."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import replace
from pathlib import Path

from app.client import server_for
from app.commands.common import (
    add_engine_flags,
    add_index_flag,
    add_server_flags,
    index_location,
    load_assistant,
    use_colour,
)
from app.messages import sentence
from qa.errors import QAError

YELLOW, BOLD, RESET = "\033[43;30m", "\033[1m", "\033[0m"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_LINES = 10_000
FORMATS = ("table", "csv", "jsonl")
COLUMNS = ("line", "text", "verdict", "score", "citation", "reference", "source_text", "doc", "start", "end",
           "error")


def add_parser(sub) -> None:
    p = sub.add_parser(
        "find", help="find the source of a quote or a claim",
        description="A quote (punctuation, full-width forms, traditional characters and line breaks do not "
        "matter) is reported as an exact match with its citation and offsets in the original file. Any other "
        "text is treated as a claim: the best supporting sentences are listed with a score, and the verdict is "
        "'supported' or 'not found'. With --file, every line of a file is looked up and a citation table is "
        "printed.",
        epilog='examples:\n  qa find "我国已建成京沪干线、武合干线等骨干量子通信基础设施网络"\n'
        '  qa find "China overtook the US in quantum patent filings" -k 3\n'
        '  qa find "我國專利申請量2017年超過美國" --json\n'
        "  qa find --file claims.txt --format csv --out citations.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("text", nargs="?", help="a quote or a claim, in Chinese or English")
    p.add_argument("--file", metavar="F", help="look up every non-blank line of F (UTF-8; - for standard input)")
    p.add_argument("-k", "--top-k", dest="k", type=int, default=None,
                   help="matches to list per text (1-50; default 5, or 1 with --file)")
    p.add_argument("--json", action="store_true", help="print the result object as JSON (with --file: jsonl)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="a citation table, one row per text: table (default for --file), csv or jsonl; "
                   "--out FILE.csv/.jsonl implies it")
    p.add_argument("--out", metavar="FILE", help="write the citation table to FILE instead of the screen")
    add_index_flag(p)
    add_engine_flags(p)
    add_server_flags(p)
    p.set_defaults(run=run)


# ---------------------------------------------------------------- one text
def render(result, colour: bool) -> str:
    opening, closing = (YELLOW, RESET) if colour else ("»", "«")
    if result.verdict == "exact":
        more = f", {result.occurrences} places" if result.occurrences > 1 else ""
        head = f"exact quote{more} 原文引用"
    elif result.verdict == "supported":
        head = f"supported 有出处 (score {result.score:.2f} ≥ {result.threshold:.2f}); closest sentences:"
    else:
        head = (f"not found 未找到出处 (best score {result.score:.2f} < {result.threshold:.2f}); "
                "the closest sentences do not say this:")
    lines = [head]
    for i, m in enumerate(result.matches, start=1):
        cite = f"{BOLD}[{m.citation or 'unindexed text'}]{RESET}" if colour else f"[{m.citation or 'unindexed text'}]"
        score = "" if result.verdict == "exact" else f"  score {m.score:.2f}"
        lines.append(f"\n#{i} {cite} {m.reference}{score}")
        if m.reference_en:
            lines.append(f"   {m.reference_en}")
        if result.verdict == "exact":
            shown = _marked_context(m, opening, closing)
        else:
            shown = m.cited
        lines.append("   " + " ".join(shown.split()))
        pieces = ", ".join(f"{s}–{e}" for s, e in m.spans)
        lines.append(f"   characters {pieces} of {m.path}")
    return "\n".join(lines)


def _marked_context(m, opening: str, closing: str) -> str:
    """The cited sentence with the quoted part marked; else the matched pieces alone."""
    matched = "".join(m.text[s - m.start : e - m.start] for s, e in m.spans)
    at = m.cited.find(matched) if m.citation else -1
    if at < 0:
        return opening + matched + closing
    return m.cited[:at] + opening + matched + closing + m.cited[at + len(matched):]


# ---------------------------------------------------------------- a file of texts
def read_lines(path: str) -> list[tuple[int, str]]:
    """(line number, text) of the non-blank lines; unreadable or oversized files are refused."""
    from qa.errors import BadQuestionFile

    if path == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    else:
        p = Path(path)
        try:
            if p.stat().st_size > MAX_FILE_BYTES:
                raise BadQuestionFile(
                    f"{path} is over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for `qa find --file`; split it."
                )
            data = p.read_bytes()
        except OSError as exc:
            raise BadQuestionFile(f"cannot read {path} ({exc.strerror}); check the path. 无法读取文件。") from None
    if len(data) > MAX_FILE_BYTES:
        raise BadQuestionFile(f"the input is over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit; split it.")
    from qa.eval.questions import decode

    # a file in another encoding is refused whole; a line that is not UTF-8 is refused alone (qa.intext)
    text = decode(data, path)
    rows = [(i, line.strip()) for i, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not rows:
        raise BadQuestionFile(f"{path} has no non-blank lines; put one quote or claim per line.")
    if len(rows) > MAX_LINES:
        raise BadQuestionFile(f"{path} has {len(rows):,} lines, over the {MAX_LINES:,}-line limit; split it.")
    return rows


def table_rows(numbered: list[tuple[int, str]], results) -> list[dict]:
    """One flat row per line: the best citation, or the error that line met."""
    out = []
    for (n, text), r in zip(numbered, results):
        row = dict.fromkeys(COLUMNS)
        # a byte that was not UTF-8 is shown as \xff (its line is refused, see qa.intext)
        row.update(line=n, text=text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))
        if isinstance(r, Exception):
            row.update(verdict="error", error=sentence(r) if isinstance(r, QAError) else str(r))
        else:
            row.update(verdict=r.verdict, score=round(r.score, 4))
            m = r.best
            if m is not None:
                row.update(citation=m.citation, reference=m.reference,
                           source_text=m.text if r.verdict == "exact" else m.cited, doc=m.path, start=m.start,
                           end=m.end)
        out.append(row)
    return out


def format_rows(rows: list[dict], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        from qa import csvsafe

        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(csvsafe.record(r) for r in rows)  # no cell a spreadsheet would run as a formula
        return buf.getvalue()
    lines = []
    for r in rows:
        text = r["text"] if len(r["text"]) <= 40 else r["text"][:39] + "…"
        detail = r["error"] if r["verdict"] == "error" else f"{r['citation'] or '-'}  {r['reference'] or ''}"
        score = f"{r['score']:.2f}" if r["score"] is not None else ""
        lines.append(f"{r['line']:>5}  {r['verdict']:<9}  {score:>5}  {detail}\n       {text}")
    return "\n".join(lines) + "\n"


def _format(args) -> str:
    if args.format:
        return args.format
    if args.out:
        suffix = Path(args.out).suffix.lower().lstrip(".")
        if suffix in ("csv", "jsonl"):
            return suffix
    return "jsonl" if args.json else "table"


def run(args) -> int:
    from qa.errors import BadQuestion
    from qa.limits import MAX_K, check_text

    if args.file and args.text is not None:
        raise BadQuestion("give either a TEXT or --file, not both; e.g. qa find --file claims.txt")
    if not args.file and args.text is None:
        raise BadQuestion('nothing to find; pass a quote or claim in quotes, e.g. qa find "济南一号", or --file F.')
    k = args.k if args.k is not None else (1 if args.file else 5)
    if not 1 <= k <= MAX_K:
        raise BadQuestion(f"-k must be between 1 and {MAX_K}; got {k}.")
    if args.out:  # checked before any line is looked up
        from qa.outputs import check_out_file

        check_out_file(args.out, "--out")
    if args.file:
        numbered = read_lines(args.file)
    else:
        check_text(args.text)  # refuse bad input before the model loads
        numbered = [(1, args.text)]
    finder = Finder(args)
    if not (args.file or args.format or args.out):
        result, obj = finder.one(args.text, k)
        print(json.dumps(obj, ensure_ascii=False) if args.json else render(result, use_colour(sys.stdout)))
        return 0
    results = finder.many([t for _, t in numbered], k)
    out = format_rows(table_rows(numbered, results), _format(args))
    if args.out:
        try:
            Path(args.out).write_text(out, encoding="utf-8")
        except OSError as exc:  # the disk filled, the file-size limit, ...: said, not a traceback
            from qa.errors import BadOutput

            raise BadOutput("unwritable", within="--out", path=args.out, detail=exc.strerror or str(exc)) from None
        bad = sum(isinstance(r, Exception) for r in results)
        print(f"{len(results)} lines looked up ({bad} refused); wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0


class Finder:
    """``find`` and ``find_many`` through a running server, else through the assistant loaded here."""

    def __init__(self, args):
        self.server = server_for(args, index_location(args))
        self.assistant = None if self.server is not None else load_assistant(args, build_if_missing=True)

    def one(self, text: str, k: int):
        """(FindResult, its JSON object)."""
        if self.server is not None:
            from app.client import record
            from qa.provenance.records import FindResult

            reply = self.server.call("find", text=text, k=k)
            return replace(record(FindResult, reply["result"]), score=reply["score"]), reply["result"]
        from qa.provenance.find import find

        result = find(self.assistant.finder, text, k=k)
        return result, result.to_dict()

    def many(self, texts: list[str], k: int) -> list:
        """One FindResult per text, or the BadQuestion it met."""
        if self.server is not None:
            from app.client import rebuild_error, record
            from qa.provenance.records import FindResult

            rows = self.server.call("find_many", texts=texts, k=k)["results"]
            return [rebuild_error(r["error"]) if "error" in r else replace(record(FindResult, r), score=r["raw_score"])
                    for r in rows]  # fmt: skip
        from qa.provenance.find import find_many

        return find_many(self.assistant.finder, texts, k=k)
