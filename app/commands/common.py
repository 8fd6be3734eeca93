"""Flags and helpers every subcommand shares."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_index_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index", metavar="DIR", default=None,
        help="index folder (default: $QA_INDEX_DIR, else .index/ beside the bundled seeds/: their index)",
    )


def add_server_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--server", metavar="URL", default=None,
        help="answer through a running `qa serve` at URL (default: $QA_SERVER, else one started on the same "
        "index, if any); the output is the same",
    )
    parser.add_argument("--no-server", action="store_true",
                        help="answer in this process even when a server runs on the index")  # fmt: skip


def index_dir(args) -> Path:
    from index.store import default_index_dir

    return Path(args.index).expanduser() if getattr(args, "index", None) else default_index_dir()


def is_default_index(args) -> bool:
    """True when neither --index nor $QA_INDEX_DIR chose the folder: it is the index of the bundled articles."""
    return not getattr(args, "index", None) and not os.environ.get("QA_INDEX_DIR")


def check_default_corpus(args, folder: Path) -> None:
    """The default index answers only for the bundled articles it was built from (not another checkout's)."""
    if not is_default_index(args):
        return
    from index import store
    from index.errors import IndexNotFound

    try:
        meta = store.read_meta(folder)
    except IndexNotFound:
        return  # built below, or reported by the loader
    store.check_built_from(meta, store.default_corpus_dir(), folder)


def use_colour(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def load_assistant(args, build_if_missing: bool = False):
    """The assistant for ``--index``; with ``build_if_missing``, the default corpus is indexed first."""
    from index.errors import IndexNotFound
    from qa.pipeline.assistant import Assistant

    folder = index_dir(args)
    check_default_corpus(args, folder)
    try:
        return Assistant.load(folder)
    except IndexNotFound:
        if not build_if_missing or args.index:
            raise
    from index.store import default_corpus_dir

    print(f"qa: no index at {folder} yet: building it from the bundled articles in {default_corpus_dir()} "
          "(first run only, under a minute)… 首次使用，正在建立索引…", file=sys.stderr, flush=True)
    run_build(corpus=None, index=folder, model=None, quiet=False)
    return Assistant.load(folder)


def run_build(corpus, index, model, quiet: bool, chunk_size=None, overlap=None, follow_symlinks=False):
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
                     chunk_overlap=DEFAULT_OVERLAP if overlap is None else overlap, progress=progress,
                     follow_symlinks=follow_symlinks)
    finally:
        if bar is not None:
            bar.close()
