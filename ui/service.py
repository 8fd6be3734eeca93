"""The UI's one door into ``qa``: the loaded assistant and what the tabs ask of it.

Nothing here retrieves or scores; it calls ``qa`` and reshapes the results
for the page. The assistant (model and index) is loaded once by ``qa serve``
and shared by every request. When ``qa build`` completes a newer build of the
same index folder, the next request gets an assistant on it
(``Assistant.newer``); a request works on one ``Snapshot`` from start to end,
so an answer and the context shown around it always come from the same build.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from index.errors import IndexError_
from index.summary import IndexSummary, summarize
from qa.errors import BadCitation, BadQuestion
from qa.limits import MAX_K
from qa.pipeline.assistant import Assistant
from qa.provenance.cite import rows_around
from qa.records import Answer, Passage
from ui.cards import Context

WARM_UP = ("量子计算", "quantum computing")
RETRY_SECONDS = 30.0  # after a newer build failed to open, keep the loaded one this long before trying again


@dataclass(frozen=True)
class Snapshot:
    """Everything one request needs, from one build of the index."""

    assistant: Assistant

    @property
    def threshold(self) -> float:
        return self.assistant.settings.answerable_threshold

    def ask(self, question: str, k: int | float | None) -> Answer:
        # an empty box arrives as None; anything else that is not text (123, NaN) is refused as not text
        return self.assistant.ask("" if question is None else question, k=top_k(k))

    def ask_many(self, questions: list[str], k: int) -> list[Answer]:
        return self.assistant.ask_many(questions, k=top_k(k))

    def context(self, p: Passage) -> Context | None:
        """The paragraphs before, of and after a passage, from the citation lookup."""
        try:
            cited = self.cite(p.citation)
        except BadCitation:
            return None
        before, after, para = cited.before, cited.after, cited.paragraph
        # a long table: the rows around the passage, not all of them (the context is one piece of the text)
        runs = [run for run in rows_around(para, p.pieces) if run]
        rows = [sp for run in (runs[1:] if len(runs) > 1 else runs) for sp in run]  # the header apart: left out
        start, end = rows[0][0], rows[-1][1]
        return (
            (before.start, before.end, before.text) if before else None,
            (start, end, para.text[start - para.start : end - para.start]),
            (after.start, after.end, after.text) if after else None,
        )

    def cite(self, citation_id: str):
        """``qa.cite.Cited`` for an id such as ``001:p23`` or ``001:p23.s2``."""
        return self.assistant.cite(citation_id if isinstance(citation_id, str) else "")

    def find(self, text: str):
        """``qa.find.FindResult``: where a quote or claim comes from, with a verdict."""
        return self.assistant.find("" if text is None else text)  # not text (123, NaN): refused as such

    def paragraph_span(self, citation: str) -> tuple[int, int] | None:
        """(start, end) in the original file of the paragraph a citation id names."""
        if not citation:
            return None
        try:
            para = self.cite(citation).paragraph
        except BadCitation:
            return None
        return para.start, para.end

    def text(self, doc_key: str) -> str:
        """The original text of a document."""
        return self.assistant.texts.text(doc_key)


@dataclass(eq=False)
class Service:
    assistant: Assistant
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _retry_at: float = field(default=0.0, repr=False)
    _library: dict = field(default_factory=dict, repr=False)  # build -> IndexSummary

    def snapshot(self) -> Snapshot:
        return Snapshot(self.current())

    def current(self) -> Assistant:
        """The assistant on the newest complete build: swapped for a new object, never changed in place.

        A newer build that cannot be opened (corrupt, another model) is ignored
        for a while and the loaded one keeps answering.
        """
        newer = getattr(self.assistant, "newer", None)
        if newer is None or time.monotonic() < self._retry_at:
            return self.assistant
        with self._lock:
            try:
                fresh = newer()
            except IndexError_:
                fresh, self._retry_at = None, time.monotonic() + RETRY_SECONDS
            if fresh is not None:
                self.assistant = fresh
            return self.assistant

    def warm_up(self) -> None:
        """Load the lazy parts (ask and find, both languages) before users arrive, not during."""
        snap = self.snapshot()
        for answer in snap.assistant.ask_many(list(WARM_UP), k=1):
            snap.assistant.gloss(answer)  # pinyin and the dictionary's senses, for the first English question
        for text in WARM_UP:
            snap.find(text)

    @property
    def library(self) -> IndexSummary:
        """What the build that answers holds (computed once per build)."""
        index = self.current().index
        if index.build_id not in self._library:
            self._library = {index.build_id: summarize(index)}
        return self._library[index.build_id]


def top_k(k: int | float | str | None) -> int:
    """The slider's value as a whole number of passages; anything else is refused with the range."""
    try:
        value = int(float(k)) if k is not None else 5
    except (TypeError, ValueError, OverflowError):
        raise BadQuestion("k_not_number", found=k, limit=MAX_K) from None
    if not 1 <= value <= MAX_K:
        raise BadQuestion("k_range", found=value, limit=MAX_K)
    return value
