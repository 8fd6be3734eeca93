"""The UI's one door into ``qa``: the loaded assistant and what the tabs ask of it.

Nothing here retrieves or scores; it calls ``qa`` and reshapes the results
for the page. The assistant (model and index) is loaded once by ``qa serve``
and shared by every request.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qa.assistant import MAX_K, Assistant
from qa.errors import BadQuestion
from qa.records import Answer, Passage
from ui.cards import Context

WARM_UP = ("量子计算", "quantum computing")


@dataclass(eq=False)
class Service:
    assistant: Assistant

    def warm_up(self) -> None:
        """Answer a question in each language once, so lazy parts load before users arrive, not during."""
        self.assistant.ask_many(list(WARM_UP), k=1)
        for text in WARM_UP:
            self.find(text)

    @property
    def threshold(self) -> float:
        return self.assistant.settings.answerable_threshold

    # ------------------------------------------------------------------ ask
    def ask(self, question: str, k: int | float | None) -> Answer:
        return self.assistant.ask(question if isinstance(question, str) else "", k=top_k(k))

    def context(self, p: Passage) -> Context | None:
        """The paragraphs before, of and after a passage, from the citation lookup."""
        from qa.errors import BadCitation

        try:
            cited = self.cite(p.citation)
        except BadCitation:
            return None
        before, after = cited.before, cited.after
        return (
            (before.start, before.end, before.text) if before else None,
            (cited.paragraph.start, cited.paragraph.end, cited.paragraph.text),
            (after.start, after.end, after.text) if after else None,
        )

    # ------------------------------------------------------------------ citations
    def cite(self, citation_id: str):
        """``qa.cite.Cited`` for an id such as ``001:p23`` or ``001:p23.s2``."""
        if hasattr(self.assistant, "cite"):
            return self.assistant.cite(citation_id)
        from qa.cite import cite

        return cite(self.assistant.data, citation_id, self.assistant.text)

    def find(self, text: str):
        """``qa.find.FindResult``: where a quote or claim comes from, with a verdict."""
        if hasattr(self.assistant, "find"):
            return self.assistant.find(text)
        from qa.find import find

        return find(self.assistant, text)

    def paragraph_span(self, citation: str) -> tuple[int, int] | None:
        """(start, end) in the original file of the paragraph a citation id names."""
        from qa.errors import BadCitation

        if not citation:
            return None
        try:
            para = self.cite(citation).paragraph
        except BadCitation:
            return None
        return para.start, para.end

    # ------------------------------------------------------------------ library
    @cached_property
    def library(self) -> dict:
        from qa.commands.info import summary

        return summary(self.assistant.data.index_dir)


def top_k(k: int | float | str | None) -> int:
    """The slider's value as a whole number of passages; anything else is refused with the range."""
    try:
        value = int(float(k)) if k is not None else 5
    except (TypeError, ValueError):
        raise BadQuestion(f"top-k must be a whole number between 1 and {MAX_K}; got {k!r}.") from None
    if not 1 <= value <= MAX_K:
        raise BadQuestion(f"top-k must be between 1 and {MAX_K}; got {value}.")
    return value
