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


def add_engine_flags(parser: argparse.ArgumentParser) -> None:
    """--engine, --uri, --alias: where the index is kept (the folder of --index, or Milvus)."""
    parser.add_argument(
        "--engine", choices=("faiss", "milvus"), default=None,
        help="where the index is kept: faiss (the --index folder, the default) or milvus (at --uri)",
    )
    parser.add_argument(
        "--uri", metavar="URI", default=None,
        help="with --engine milvus: a Milvus Lite file (e.g. ./qa.db; one process at a time) or a Milvus "
        "server (http://host:19530; a token in $QA_MILVUS_TOKEN)",
    )
    parser.add_argument("--alias", metavar="NAME", default=None,
                        help="with --engine milvus: the index's name in Milvus (default qa)")  # fmt: skip


def engine_name(args) -> str:
    """``faiss`` or ``milvus``: --engine, else milvus when --uri is given."""
    return getattr(args, "engine", None) or ("milvus" if getattr(args, "uri", None) else "faiss")


def engine_of(args):
    """The engine the flags name (``index.engines.engine_for``): the --index folder, or Milvus at --uri."""
    from index.engines import engine_for
    from index.engines.milvus_schema import is_lite
    from qa.errors import QAError

    if engine_name(args) == "faiss":
        if getattr(args, "uri", None) or getattr(args, "alias", None):
            raise QAError("--uri and --alias go with --engine milvus; leave them out for the faiss index folder. "
                          "--uri 与 --alias 仅用于 --engine milvus。")  # fmt: skip
        return engine_for("faiss", index_dir=index_dir(args))
    if getattr(args, "index", None):
        raise QAError("--index is the faiss engine's folder; with --engine milvus the index is at --uri (and "
                      "--alias). --index 仅用于 faiss 索引文件夹。")  # fmt: skip
    uri = getattr(args, "uri", None)
    if not uri:
        raise QAError("--engine milvus needs --uri: a Milvus Lite file (e.g. --uri ./qa.db) or a Milvus server "
                      "(e.g. --uri http://localhost:19530). 请用 --uri 指定 Milvus。")  # fmt: skip
    if is_lite(uri):  # one file, whatever the working folder: a server and its clients name it alike
        uri = str(Path(uri).expanduser().resolve())
    return engine_for("milvus", uri=uri, alias=getattr(args, "alias", None) or "qa",
                      token=os.environ.get("QA_MILVUS_TOKEN", ""))


def index_location(args) -> Path | str:
    """Where the index is, as a server names it: the --index folder, or ``URI#alias`` in Milvus."""
    if engine_name(args) == "faiss" and not (getattr(args, "uri", None) or getattr(args, "alias", None)):
        return index_dir(args)  # without building the engine: that imports scipy & co. (~0.5 s of a server call)
    return engine_of(args).location  # flags that do not go together are refused here, before anything loads


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
    """The assistant for ``--index`` (or ``--engine milvus --uri``); with ``build_if_missing``, the default
    folder index of the bundled corpus is built first (a Milvus index is built only by ``qa build``)."""
    from index.errors import IndexNotFound
    from qa.pipeline.assistant import Assistant

    engine = engine_of(args)
    if engine.name == "milvus":
        return noted(Assistant.open(engine))
    folder = index_dir(args)
    check_default_corpus(args, folder)
    try:
        return noted(Assistant.load(folder))
    except IndexNotFound:
        if not build_if_missing or args.index:
            raise
    from index.store import default_corpus_dir

    print(f"qa: no index at {folder} yet: building it from the bundled articles in {default_corpus_dir()} "
          "(first run only, under a minute)… 首次使用，正在建立索引…", file=sys.stderr, flush=True)
    run_build(corpus=None, index=folder, model=None, quiet=False)
    return Assistant.load(folder)


def noted(assistant):
    """``assistant``, after one line on stderr when its build's calibration no longer applies."""
    if assistant.calibration_stale:
        line = assistant.settings.answerable_threshold
        print(f"qa: this index was calibrated under other confidence coefficients (an older version of qa): "
              f"answers are judged from {line} until `qa build` fits its line again. "
              "此索引的置信度校准已过期，请运行 qa build。", file=sys.stderr, flush=True)
    return assistant


def run_build(corpus, index, model, quiet: bool, chunk_size=None, overlap=None, engine=None, follow_symlinks=False):
    """Build into ``engine`` (default: the folder index at ``index``), with a progress bar on a terminal.

    Every build calibrates its own answerable thresholds before it is published (``qa.pipeline.calibrate.finish``,
    the ``finish`` hook of ``index.engines.base.Engine.build``): ``qa build``, the first run's build of the
    bundled articles and a library's first build alike.
    """
    from index.chunk import DEFAULT_OVERLAP, DEFAULT_SIZE
    from index.engines import engine_for
    from qa.pipeline.calibrate import finish

    engine = engine or engine_for("faiss", index_dir=index)

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
        return engine.build(corpus, model=model, chunk_size=chunk_size or DEFAULT_SIZE,
                            chunk_overlap=DEFAULT_OVERLAP if overlap is None else overlap, progress=progress,
                            follow_symlinks=follow_symlinks, finish=finish)
    finally:
        if bar is not None:
            bar.close()
