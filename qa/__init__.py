"""Answer side: retrieve, fuse, highlight, cite; batch evaluation; the ``qa`` CLI.

    from qa import Assistant
    answer = Assistant.load(index_dir).ask("段路明院士创办了哪家量子公司?", k=5)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Assistant", "evaluate", "write_run", "compare_runs", "read_questions"]

if TYPE_CHECKING:  # pragma: no cover
    from qa.assistant import Assistant
    from qa.evaluate import compare_runs, evaluate, write_run
    from qa.questions import read_questions


def __getattr__(name: str):
    """Heavy modules load on first use, so `qa --help` stays fast."""
    if name == "Assistant":
        from qa.assistant import Assistant

        return Assistant
    if name in ("evaluate", "write_run", "compare_runs"):
        import qa.evaluate as ev

        return getattr(ev, name)
    if name == "read_questions":
        from qa.questions import read_questions

        return read_questions
    raise AttributeError(name)
