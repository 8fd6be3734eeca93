"""One module per ``qa`` subcommand: ``add_parser(subparsers)`` and ``run(args) -> int``."""
