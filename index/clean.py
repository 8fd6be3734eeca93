"""Decide which characters of a file are indexed, without moving any of them.

A file is split into lines with their offsets; web debris (navigation menus,
phone numbers and QR-code lines, comment boxes, share buttons, repeated
titles, "recommended" tails) is dropped, and a paragraph broken in two by page
layout (``其发`` / ``展既有赖于``, possibly with a photo caption between the
halves) becomes one paragraph with two spans. Everything returned is
``(start, end)`` into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.line_kinds import INNER_PUNCT, SENTENCE_END, is_heading, is_marked_heading, is_structured
from index.readers.base import CELL_SEP
from index.records import Paragraph, Span
from index.text import segment
from index.text.script import CJK, CJK_CHAR

_WS = " \t\r\u3000\u00a0\ufeff\u200b"
_CLOSERS = "”’」』）)》】\"'"

_DEBRIS = [
    re.compile(p)
    for p in (
        r"(电话|热线|服务热线|手机|传真|客服|Tel|TEL)\s*[:：]?\s*\+?[\d][\d\-— ]{5,}",
        r"^\W*(我们的)?(邮箱|E-?mail|email|微信号?|QQ|地址)\s*[:：]?\s*\S+$",
        r"扫一扫|二维码|扫码|长按识别",
        r"^(网友评论|登录后可以发言|发送|暂无评论|为你推荐|换一换|热点视频|时报热榜|留言主题|友情链接|取消|分享到?|点赞|"
        r"收藏|评论|举报|返回顶部|上一篇|下一篇|相关阅读|相关推荐|推荐阅读|打印|关闭窗口|引用)\s*[:：]?$",
        r"^(责任编辑|编辑|声明|来源网站|专栏主持人)\s*[:：]",
        r"下载.{0,12}(APP|App|app|客户端)|关注.{0,12}公众号",
        r"©|版权所有|公网安备|ICP备|Copyright",
        r"^https?://\S+$",
        r"^(发布时间|创作时间|浏览|阅读量?)\s*[:：]",
        r"^\d{1,3}[.、]?$",
    )
]
# After one of these lines, the rest of the file is page furniture.
_TAIL = re.compile(r"^(网友评论|为你推荐|友情链接|留言主题|相关推荐|推荐阅读|相关阅读|热门推荐)\s*[:：]?$")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$")  # a Markdown table's |---|---|
_CAPTION = re.compile(r"^(图|表)\s*[\d一二三四五六七八九十]*\s*[:：为 ]|^(Fig|Figure|Table)\s*\.?\s*\d")
_LABEL = re.compile(r"^[^\s，,。]{1,6}[:：]")
_LIST_START = re.compile(
    r"^([一二三四五六七八九十]+[是、.]|第[一二三四五六七八九十\d]+|\d+(\.\d+)*[.)、\s]|[(（]\d|[•·\-*#>]|[①-⑳])"
)
_SHORT = 12  # a menu item is at most this long
# a FAQ's question and answer lines: "问：年休假可以跨年使用吗？" over "答：可以。…", "Q1: …" over "A: …"
_Q_LABEL = re.compile(r"^(?:问|问题|提问|Q|Question)\s*\d*\s*[:：.、]", re.I)
_A_LABEL = re.compile(r"^(?:答|回答|解答|A|Answer)\s*\d*\s*[:：.、]", re.I)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


def lines(text: str) -> list[Line]:
    """Non-blank lines, each trimmed of surrounding whitespace, with offsets."""
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lead = len(body) - len(body.lstrip(_WS))
        stripped = body.strip(_WS)
        if stripped:
            s = pos + lead
            out.append(Line(s, s + len(stripped), stripped))
        pos += len(raw)
    return out


def is_debris(text: str) -> bool:
    return any(p.search(text) for p in _DEBRIS)


def _is_short(text: str) -> bool:
    return len(text) <= _SHORT and not INNER_PUNCT.search(text.rstrip(":：")) and CELL_SEP not in text


def _ends_open(text: str) -> bool:
    """A line that stops mid-sentence: it is body text and has no closing punctuation."""
    if text.endswith(tuple(SENTENCE_END + _CLOSERS + ":：.")):
        return False
    if _LABEL.match(text):
        return False
    return bool(INNER_PUNCT.search(text)) or len(text) > 25


_NO_END = set("的和与及其在对把被将为了得地着从向以于由是或等")
_NO_START = set("的了年月日上中下等性化者们里内外间后前时")


def _word_across(a: str, b: str) -> bool:
    """Does jieba read a word across the break (``其发`` + ``展`` -> 发展)?"""
    left, right = a[-6:], b[:6]
    pos = 0
    for word in segment.words(left + right):
        if pos < len(left) < pos + len(word):
            return True
        pos += len(word)
    return False


def _script_join(text: str, a: Line, b: Line) -> bool:
    """May the break between ``a`` and ``b`` be mended, by the scripts either side of it?

    Inside Chinese (其发|展) or a number or symbol before Chinese (2018|年): yes. Beside Latin text,
    over a blank line, only an English sentence that goes on in lower case (the|system): a blank line
    ends an English paragraph, and a "Chapter 1. Title" line or a code line is not the start of its prose.
    """
    left, right = a.text[-1], b.text[0]
    if CJK_CHAR.match(left):
        return True
    if CJK_CHAR.match(right):
        return not left.isalpha()
    return right.islower() if text.count("\n", a.end, b.start) >= 2 else True


def _broken_pair(a: str, b: str) -> bool:
    """Is ``b`` the rest of ``a``? A heading with a comma also lacks closing
    punctuation, so a short first half must show the break: a word read across
    it, or a character that cannot end or begin a sentence."""
    if not (_ends_open(a) and _continues(b)):
        return False
    heading_like = len(a) <= 40 and not any(c in a for c in SENTENCE_END)
    if not heading_like:
        return True
    if _LIST_START.match(a):
        return False  # "六、丰富应用场景" is a numbered heading
    return a[-1] in _NO_END or a[-1].isdigit() or b[0] in _NO_START or _word_across(a, b)


def _continues(text: str) -> bool:
    if _LIST_START.match(text) or _LABEL.match(text) or _CAPTION.match(text):
        return False
    return any(c in text for c in SENTENCE_END) or len(text) > 25


def _keep_mask(ls: list[Line]) -> list[bool]:
    keep = [True] * len(ls)
    seen: set[str] = set()
    for i, ln in enumerate(ls):
        if _TAIL.match(ln.text):
            for j in range(i, len(ls)):
                keep[j] = False
            break
        repeated = ln.text in seen and len(ln.text) <= 60 and not is_structured(ln.text)
        if is_debris(ln.text) or repeated:
            keep[i] = False
        seen.add(ln.text)
    # Menus: runs of three or more short lines (debris lines inside a run count); a run that is half
    # structured lines (an example configuration file) is content
    i = 0
    while i < len(ls):
        j = i
        while j < len(ls) and (_is_short(ls[j].text) or not keep[j]):
            j += 1
        if (j - i >= 3 and sum(_is_short(ls[k].text) for k in range(i, j)) >= 2
                and 2 * sum(is_structured(ls[k].text) for k in range(i, j)) < j - i):
            for k in range(i, j):
                keep[k] = False
        i = max(j, i + 1)
    return keep


def paragraphs(text: str, doc: str = "", marked: frozenset[int] = frozenset()) -> list[Paragraph]:
    """The indexed paragraphs of a file, numbered from 1, in reading order. ``marked``: where the lines its
    format marks as headings start (``index.readers.base.Extracted.headings``)."""
    ls = lines(text)
    keep = _keep_mask(ls)
    kept = [ln for ln, k in zip(ls, keep) if k]
    # the question line of a FAQ's question and answer titles the answer, as a marked heading does
    asked = {a.start for a, b in zip(kept, kept[1:]) if _Q_LABEL.match(a.text) and _A_LABEL.match(b.text)}
    marked = marked | asked
    used = [False] * len(kept)
    groups: list[tuple[list[Line], str]] = []
    for i, ln in enumerate(kept):
        if used[i]:
            continue
        used[i] = True
        if CELL_SEP in ln.text:
            rows, n = _table_rows(text, kept, i)
            for k in range(i, i + n):
                used[k] = True
            groups.append((rows, "table"))
            continue
        if _CAPTION.match(ln.text):
            groups.append(([ln], "caption"))
            continue
        parts = [ln]
        cur = i
        while ln.start not in marked:  # a marked heading is a line of its own, and so is the next one
            nxt = cur + 1
            while nxt < len(kept) and _CAPTION.match(kept[nxt].text):
                nxt += 1  # a caption placed inside a broken paragraph stays its own paragraph
            if nxt >= len(kept) or used[nxt] or kept[nxt].start in marked \
                    or not _broken_pair(parts[-1].text, kept[nxt].text):
                break
            if not _script_join(text, parts[-1], kept[nxt]):
                break
            used[nxt] = True
            parts.append(kept[nxt])
            cur = nxt
        heading = is_heading(ln.text) or (ln.start in marked and is_marked_heading(ln.text))
        kind = "heading" if len(parts) == 1 and heading else "body"
        groups.append((parts, kind))
    groups.sort(key=lambda g: g[0][0].start)
    return [
        Paragraph(doc=doc, number=n, spans=tuple((p.start, p.end) for p in parts), kind=kind)
        for n, (parts, kind) in enumerate(groups, start=1)
    ]


def _table_rows(text: str, kept: list[Line], i: int) -> tuple[list[Line], int]:
    """The rows of the table whose first row is ``kept[i]``, and how many kept lines it takes: the lines
    after it, one a row, up to the first line that is not a row or a blank line between two (a table is one
    block; the next block is another). A Markdown table's rule (``|---|:---:|``) is part of it, not a row."""
    rows, n = [kept[i]], 1
    for ln in kept[i + 1:]:
        if text.count("\n", kept[i + n - 1].end, ln.start) > 1:
            break
        if not _RULE.match(ln.text):
            if CELL_SEP not in ln.text:
                break
            rows.append(ln)
        n += 1
    return rows, n


_TIGHT = re.compile(f"[{CJK}\u3000-\u303f\uff00-\uffef“”‘’—…]")


def joint(last: str, piece: str) -> str:
    """What is shown between two pieces of one paragraph: a line break between two rows of a table, nothing
    where Chinese meets Chinese (a line that page layout broke, 其发 | 展既有赖于), else one space ("invoke it."
    | "You can"). Only for showing: the indexed text (``span_text``) joins them with nothing."""
    if not last or not piece:
        return ""
    if CELL_SEP in last and CELL_SEP in piece:
        return "\n"
    return "" if _TIGHT.match(last[-1]) or _TIGHT.match(piece[0]) else " "


def span_text(text: str, spans: tuple[Span, ...] | list[Span]) -> str:
    """The indexed text of a unit: its spans joined."""
    return "".join(text[s:e] for s, e in spans)
