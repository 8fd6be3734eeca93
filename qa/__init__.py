"""Answer side: retrieve, fuse, highlight, cite; batch evaluation; the ``qa`` CLI.

    from qa import Assistant
    answer = Assistant.load(index_dir).ask("段路明院士创办了哪家量子公司?", k=5)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Assistant", "evaluate", "write_run", "compare_runs", "read_questions"]

if TYPE_CHECKING:  # pragma: no cover
    from qa.eval.compare import compare_runs
    from qa.eval.questions import read_questions
    from qa.eval.run import evaluate
    from qa.eval.runfolder import write_run
    from qa.pipeline.assistant import Assistant


def __getattr__(name: str):
    """Heavy modules load on first use, so `qa --help` stays fast."""
    if name == "Assistant":
        from qa.pipeline.assistant import Assistant

        return Assistant
    if name == "evaluate":
        from qa.eval.run import evaluate

        return evaluate
    if name == "write_run":
        from qa.eval.runfolder import write_run

        return write_run
    if name == "compare_runs":
        from qa.eval.compare import compare_runs

        return compare_runs
    if name == "read_questions":
        from qa.eval.questions import read_questions

        return read_questions
    raise AttributeError(name)
