"""qa build: index a folder of articles."""

from __future__ import annotations

from pathlib import Path

from app.commands.common import (
    add_engine_flags,
    add_index_flag,
    engine_name,
    engine_of,
    index_dir,
    is_default_index,
    run_build,
)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "build", help="index a corpus folder (default: the bundled seeds/)",
        description="Read, clean, chunk and embed a folder of articles into an index: text and Markdown in any "
        "Chinese encoding (UTF-8, UTF-16, GB18030, Big5), PDF (scanned pages by OCR), Word (.docx) and web pages "
        "(.html). Every file that is not indexed is listed with the reason. Unchanged files are not read or "
        "embedded again.",
        epilog="examples:\n  qa build --corpus ~/articles --index ~/articles-index\n"
        "  qa build ~/articles --index ~/articles-index                         (the same)\n"
        "  qa build --corpus ~/articles --engine milvus --uri ~/articles.db     (Milvus Lite, a local file)\n"
        "  qa build --corpus ~/articles --engine milvus --uri http://milvus:19530 --alias articles",
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter,
    )
    p.add_argument("folder", nargs="?", metavar="DIR", help="the corpus folder, as --corpus gives it")
    p.add_argument("--corpus", metavar="DIR",
                   help="folder of .txt, .md, .pdf, .docx or .html files (default: the bundled seeds/)")
    add_index_flag(p)
    add_engine_flags(p)
    p.add_argument("--model", metavar="NAME_OR_PATH",
                   help="any sentence-transformers model (default: bundled USE multilingual v3)")
    p.add_argument("--chunk-size", type=int, default=None, help="characters per chunk (default 300)")
    p.add_argument("--overlap", type=int, default=None, help="characters shared by neighbouring chunks (default 60)")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="read files that symlinks in the corpus point to outside it (default: list them, skipped)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


def run(args) -> int:
    if args.folder and args.corpus and Path(args.folder).expanduser() != Path(args.corpus).expanduser():
        from qa.errors import QAError

        raise QAError(f"two corpus folders given, {args.folder} and --corpus {args.corpus}; give one. "
                      "请只指定一个语料文件夹。")  # fmt: skip
    args.corpus = args.corpus or args.folder
    engine = engine_of(args)  # flags that do not go together are refused before anything is read
    if args.corpus and is_default_index(args) and engine_name(args) == "faiss":
        from index.errors import BadCorpus
        from index.store import default_corpus_dir

        bundled = default_corpus_dir()
        if Path(args.corpus).expanduser().resolve() != bundled.resolve():
            # the default index is the bundled articles' own; another corpus gets a folder of its own
            raise BadCorpus("not_default", index_dir=index_dir(args), path=args.corpus, expected=str(bundled))
    report = run_build(args.corpus, index_dir(args), args.model, args.quiet, args.chunk_size, args.overlap, engine,
                       follow_symlinks=args.follow_symlinks)  # calibrated too (calibration.json)
    formats = ", ".join(f"{n} {fmt}" for fmt, n in sorted(report.formats.items()))
    print(
        f"indexed {report.documents} documents" + (f" ({formats})" if formats else "") + f", {report.chunks} "
        f"chunks ({report.embedded} embedded, {report.chunks - report.embedded} reused) with {report.model_id} "
        f"in {report.seconds:.1f} s -> {report.index_dir}"
    )
    if report.skipped:
        print(skipped_lines(report.skipped))
    return 0


def skipped_lines(skipped) -> str:
    """The files not indexed, one a line with the reason (``index.records.Skipped``), in both languages."""
    from ui.messages import skipped_reason

    head = f"skipped {len(skipped)} file(s), not indexed 以下 {len(skipped)} 个文件未编入索引:"
    return "\n".join([head, *(f"  {s.path}: {skipped_reason(s.reason, s.facts)}" for s in skipped)])
