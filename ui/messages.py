"""Library exceptions as one clear bilingual message for the page (never a traceback)."""

from __future__ import annotations

from index.errors import IndexError_, QAError
from qa.errors import BadCitation, BadQuestion, BadQuestionFile

# most specific first
HEADINGS: tuple[tuple[type[QAError], str], ...] = (
    (BadQuestion, "无法回答这个问题 Cannot ask this question"),
    (BadQuestionFile, "无法读取问题文件 Cannot read the question file"),
    (BadCitation, "无效的引用编号 Not a valid citation"),
    (IndexError_, "索引不可用 The index cannot be used"),
    (QAError, "出错了 Something went wrong"),
)


FIND_HEADINGS: tuple[tuple[type[QAError], str], ...] = (
    (BadQuestion, "无法查找出处 Cannot look this text up"),
    *HEADINGS[1:],
)


def message_for(exc: QAError, headings: tuple[tuple[type[QAError], str], ...] = HEADINGS) -> str:
    """``heading: detail``, where the detail is the library's own sentence saying what to do."""
    heading = next(h for cls, h in headings if isinstance(exc, cls))
    detail = str(exc).strip() or type(exc).__name__
    return f"{heading}: {detail}"
