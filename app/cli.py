"""The ``qa`` command: one console script, one module per subcommand in ``app/commands``.

Library errors are specific exceptions carrying facts (``index.errors``, ``qa.errors``);
``main`` prints each as one clear sentence (``app.messages``) and exits non-zero.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from app.messages import os_sentence, sentence
from qa.errors import QAError

# subcommand name -> module in app.commands exposing add_parser(subparsers) and run(args) -> int
COMMANDS = ("build", "info", "ask", "cite", "find", "eval", "serve", "bench")


def _available() -> list:
    mods = []
    for name in COMMANDS:
        try:
            mods.append(importlib.import_module(f"app.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"app.commands.{name}":
                raise
    return mods


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa",
        description="Ask Chinese articles questions in Chinese or English; answers are the cited source passages.",
        epilog='example: qa ask "段路明院士创办了哪家量子公司?"',
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in _available():
        mod.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except QAError as exc:
        print(f"qa: {sentence(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("qa: interrupted; nothing was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the system refused a read or a write (disk full, file-size limit): a sentence
        print(f"qa: {os_sentence(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
