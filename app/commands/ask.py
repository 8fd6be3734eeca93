"""qa ask: answer a question (or one per line on standard input) by showing the source."""

from __future__ import annotations

import json
import sys

from app.client import server_for
from app.commands.answer_text import render
from app.commands.common import (
    add_engine_flags,
    add_index_flag,
    add_server_flags,
    index_location,
    load_assistant,
    use_colour,
)
from app.messages import sentence


def add_parser(sub) -> None:
    p = sub.add_parser(
        "ask", help="ask a question in Chinese or English",
        description="Answer with the source passages, the answering sentence highlighted and exact citations. "
        "Without QUESTION, questions are read from standard input, one per line.",
        epilog="examples:\n"
        '  qa ask "段路明院士创办了哪家量子公司?"\n'
        '  qa ask "How many universities are members of QED-C?" --json\n'
        '  qa ask "Who is the general manager of the incubator?" --no-gloss\n'
        "  qa ask < questions.txt\n"
        '  qa ask "量子通信干线有哪些?" --engine milvus --uri ./qa.db',
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter,
    )
    p.add_argument("question", nargs="?", help="the question (Chinese or English)")
    p.add_argument("-k", "--top-k", dest="k", type=int, default=5, help="passages to show (1-50, default 5)")
    p.add_argument("--json", action="store_true", help="print the answer object (one JSON line per question)")
    p.add_argument("--gloss", action=__import__("argparse").BooleanOptionalAction, default=None,
                   help="for English readers: the answer in pinyin, the answering sentence word by word from "
                   "CC-CEDICT (a dictionary gloss, not a translation), English titles (default: for questions "
                   "asked in English)")  # fmt: skip
    add_index_flag(p)
    add_engine_flags(p)
    add_server_flags(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from qa.errors import BadQuestion
    from qa.intext import decode_bytes
    from qa.limits import check_k, check_question

    check_k(args.k)  # bad input is refused before the model and index load
    if args.question is not None:
        check_question(args.question)
        questions = [args.question]
    elif not sys.stdin.isatty():
        questions = None
    else:
        raise BadQuestion('no question given; pass one in quotes, e.g. qa ask "IonQ是从哪两所大学孵化出来的?"')
    answer = Answerer(args)
    colour = use_colour()
    status = 0
    for question in questions if questions is not None else _stdin_lines():
        try:
            if isinstance(question, tuple):  # (line number, bytes): decoded by the one rule (qa.intext)
                question = decode_bytes(question[1], f"question on line {question[0]} of standard input")
            check_question(question)
            record, obj = answer(question)
        except BadQuestion as exc:
            if questions is not None:
                raise
            print(f"qa: {sentence(exc)}", file=sys.stderr)
            status = 1
            continue
        if args.json:
            print(json.dumps(obj, ensure_ascii=False), flush=True)
        else:
            print(render(record, colour) + "\n", flush=True)
    return status


class Answerer:
    """One question -> (Answer, its JSON object): through a running server, else the assistant, loaded on first use."""

    def __init__(self, args):
        self.args, self.server, self.assistant = args, server_for(args, index_location(args)), None

    def __call__(self, question: str):
        if self.server is not None:
            from app.client import answers

            reply = self.server.call("ask_many", questions=[question], k=self.args.k, gloss=self.args.gloss)
            return answers(reply)[0], reply["answers"][0]
        if self.assistant is None:
            self.assistant = load_assistant(self.args, build_if_missing=True)
        from qa.pipeline.gloss import wants_gloss

        answer = self.assistant.ask(question, k=self.args.k)
        if wants_gloss(answer, self.args.gloss):
            answer = self.assistant.gloss(answer)
        return answer, answer.to_dict()


def _stdin_lines():
    """(line number, bytes) of the non-blank lines: bytes, so a line that is not UTF-8 costs only itself."""
    for n, line in enumerate(sys.stdin.buffer, start=1):
        if line.strip():
            yield n, line.rstrip(b"\r\n")
