"""qa build: index a folder of articles."""

from __future__ import annotations

from pathlib import Path

from app.commands.common import add_index_flag, index_dir, is_default_index, run_build


def add_parser(sub) -> None:
    p = sub.add_parser(
        "build", help="index a corpus folder (default: the bundled seeds/)",
        description="Clean, chunk and embed a folder of .txt/.md articles into an index. "
        "Unchanged files are not embedded again.",
        epilog="example: qa build --corpus ~/articles --index ~/articles-index",
    )
    p.add_argument("--corpus", metavar="DIR", help="folder of .txt/.md files (default: the bundled seeds/)")
    add_index_flag(p)
    p.add_argument("--model", metavar="NAME_OR_PATH",
                   help="any sentence-transformers model (default: bundled USE multilingual v3)")
    p.add_argument("--chunk-size", type=int, default=None, help="characters per chunk (default 300)")
    p.add_argument("--overlap", type=int, default=None, help="characters shared by neighbouring chunks (default 60)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


def run(args) -> int:
    if args.corpus and is_default_index(args):
        from index.errors import BadCorpus
        from index.store import default_corpus_dir

        bundled = default_corpus_dir()
        if Path(args.corpus).expanduser().resolve() != bundled.resolve():
            # the default index is the bundled articles' own; another corpus gets a folder of its own
            raise BadCorpus("not_default", index_dir=index_dir(args), path=args.corpus, expected=str(bundled))
    report = run_build(args.corpus, index_dir(args), args.model, args.quiet, args.chunk_size, args.overlap)
    print(
        f"indexed {report.documents} documents, {report.chunks} chunks ({report.embedded} embedded, "
        f"{report.chunks - report.embedded} reused) with {report.model_id} in {report.seconds:.1f} s -> "
        f"{report.index_dir}"
    )
    return 0
