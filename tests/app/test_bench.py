"""`qa bench` is a subcommand with its flags (the run itself: tests/bench/test_run.py)."""

from __future__ import annotations

from app.cli import build_parser


def test_qa_bench_is_a_subcommand_with_its_flags():
    args = build_parser().parse_args(["bench", "--scale", "--scale-sizes", "10000", "--speed", "50", "-q"])
    assert args.scale and args.scale_sizes == "10000" and args.speed == 50 and args.quiet


def test_qa_bench_scale_only_and_its_work_folder():
    args = build_parser().parse_args(["bench", "--scale-only", "--scale-index-sizes", "10000",
                                      "--scale-milvus-sizes", "", "--scale-work", "/tmp/w"])
    assert args.scale_only and args.scale_work == "/tmp/w" and args.scale_milvus_sizes == ""
