"""qa ask: answer a question (or one per line on standard input) by showing the source."""

from __future__ import annotations

import json
import sys

from app.commands.common import add_index_flag, load_assistant, use_colour
from app.messages import sentence

BOLD, YELLOW, UNDERLINE, DIM, RESET = "\033[1m", "\033[43;30m", "\033[4m", "\033[2m", "\033[0m"


def add_parser(sub) -> None:
    p = sub.add_parser(
        "ask", help="ask a question in Chinese or English",
        description="Answer with the source passages, the answering sentence highlighted and exact citations. "
        "Without QUESTION, questions are read from standard input, one per line.",
        epilog="examples:\n"
        '  qa ask "段路明院士创办了哪家量子公司?"\n'
        '  qa ask "How many universities are members of QED-C?" --json\n'
        "  qa ask < questions.txt",
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter,
    )
    p.add_argument("question", nargs="?", help="the question (Chinese or English)")
    p.add_argument("-k", "--top-k", dest="k", type=int, default=5, help="passages to show (1-50, default 5)")
    p.add_argument("--json", action="store_true", help="print the answer object (one JSON line per question)")
    add_index_flag(p)
    p.set_defaults(run=run)


def render(answer, colour: bool) -> str:
    """The answer for a person: passages with citation, title, and the sentence marked."""
    lines = []
    head = f"Q: {answer.question}  [{answer.lang}]  confidence {answer.confidence:.2f}"
    lines.append(head)
    if not answer.answerable:
        lines.append("The articles do not seem to answer this. 文章中似乎没有这个问题的答案。"
                     " (closest passages below)")
    for p in answer.passages:
        title = f"{BOLD}{p.title}{RESET}" if colour else p.title
        lines.append(f"\n#{p.rank} [{p.citation}] {title}  score {p.score:.2f}")
        lines.append(f"   {p.reference}")
        lines.append("   " + mark(p, colour).replace("\n", "\n   "))
        sentence = next((h for h in p.highlights if h.kind == "sentence"), None)
        span = next((h for h in p.highlights if h.kind == "answer"), None)
        if sentence and p.rank == 1:
            lines.append(f"   -> {sentence.citation}" + (f"  answer: {span.text}" if span else ""))
    return "\n".join(lines)


def mark(p, colour: bool) -> str:
    """The passage text with the sentence and answer span marked (colour, or »« and [ ] without)."""
    text, base = p.text, p.start
    marks = sorted((h for h in p.highlights if h.kind in ("sentence", "answer")), key=lambda h: (h.start, -h.end))
    if not marks:
        return text
    events = []
    for h in marks:
        if h.kind == "sentence":
            events.append((h.start - base, 0, YELLOW if colour else "»"))
            events.append((h.end - base, 1, RESET if colour else "«"))
        else:
            events.append((h.start - base, 0, UNDERLINE + BOLD if colour else "["))
            events.append((h.end - base, 1, (RESET + YELLOW) if colour else "]"))
    out, pos = [], 0
    for at, _, code in sorted(events, key=lambda e: (e[0], -e[1])):
        at = max(0, min(len(text), at))
        out.append(text[pos:at])
        out.append(code)
        pos = at
    out.append(text[pos:])
    return "".join(out)


def run(args) -> int:
    from qa.assistant import check_question
    from qa.errors import BadQuestion
    from qa.intext import decode_bytes

    if args.question is not None:
        check_question(args.question)  # refuse before the model and index load
    assistant = load_assistant(args, build_if_missing=True)
    colour = use_colour()
    if args.question is not None:
        questions = [args.question]
    elif not sys.stdin.isatty():
        questions = None
    else:
        raise BadQuestion('no question given; pass one in quotes, e.g. qa ask "IonQ是从哪两所大学孵化出来的?"')
    status = 0
    for question in questions if questions is not None else _stdin_lines():
        try:
            if isinstance(question, tuple):  # (line number, bytes): decoded by the one rule (qa.intext)
                question = decode_bytes(question[1], f"question on line {question[0]} of standard input")
            answer = assistant.ask(question, k=args.k)
        except BadQuestion as exc:
            if questions is not None:
                raise
            print(f"qa: {sentence(exc)}", file=sys.stderr)
            status = 1
            continue
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(render(answer, colour) + "\n", flush=True)
    return status


def _stdin_lines():
    """(line number, bytes) of the non-blank lines: bytes, so a line that is not UTF-8 costs only itself."""
    for n, line in enumerate(sys.stdin.buffer, start=1):
        if line.strip():
            yield n, line.rstrip(b"\r\n")
