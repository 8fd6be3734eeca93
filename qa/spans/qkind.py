"""The kind of answer a question asks for, as one record (``qa.spans.qtype`` reads it from the wording)."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("number", "date", "person", "place", "org", "title", "list", "code", "other")


@dataclass(frozen=True)
class QuestionType:
    kind: str  # one of KINDS
    expects_count: int | None = None  # "which three states", 哪两所大学 -> 3, 2
    focus: str = ""  # the noun phrase asked about: "大学", "量子公司", "company", "share"
    plural: bool = False  # several things are asked for (哪些, "which cities"), count known or not
    counted: str = ""  # a count of things is asked (几轮, 多少家, "how many rounds"): its measure word or noun
    unit: str = ""  # the unit of measure a number is asked in (几天, "how many days": 天; ``qa.spans.units``)
    stated: tuple[tuple[str, str], ...] = ()  # the question's own numbers with their units: (("5", "年"),)


OTHER = QuestionType("other")
