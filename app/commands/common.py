"""Flags and helpers every subcommand shares."""

from __future__ import annotations

import argparse
import os
import sys


def add_index_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index", metavar="DIR", default=None,
        help="index folder (default: $QA_INDEX_DIR, else ~/.local/share/zh-source-qa/index)",
    )


def index_dir(args):
    from index.store import default_index_dir

    return args.index or default_index_dir()


def use_colour(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def load_assistant(args, build_if_missing: bool = False):
    """The assistant for ``--index``; with ``build_if_missing``, the default corpus is indexed first."""
    from index.errors import IndexNotFound
    from qa.pipeline.assistant import Assistant

    folder = index_dir(args)
    try:
        return Assistant.load(folder)
    except IndexNotFound:
        if not build_if_missing or args.index:
            raise
    print("No index yet: building it from the bundled articles (first run only)…", file=sys.stderr)
    run_build(corpus=None, index=folder, model=None, quiet=False)
    return Assistant.load(folder)


def run_build(corpus, index, model, quiet: bool, chunk_size=None, overlap=None):
    from index.build import build
    from index.chunk import DEFAULT_OVERLAP, DEFAULT_SIZE

    bar = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=0, unit="chunk", file=sys.stderr, leave=False)

    def progress(stage: str, done: int, total: int) -> None:
        if bar is None:
            return
        bar.set_description(stage)
        if total:
            bar.total = total
            bar.n = done
        bar.refresh()

    try:
        return build(corpus, index, model=model, chunk_size=chunk_size or DEFAULT_SIZE,
                     chunk_overlap=DEFAULT_OVERLAP if overlap is None else overlap, progress=progress)
    finally:
        if bar is not None:
            bar.close()
