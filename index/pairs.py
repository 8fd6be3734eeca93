"""English terms the corpus itself pairs with Chinese ones, mined from parentheses.

Chinese articles name foreign organisations and programmes as
``国家量子倡议法案(National Quantum Initiative Act, NQI)`` or ``DOE(能源部)``.
These pairs translate exactly the terms a dictionary lacks, so an English
question that says "NQI" or "Department of Energy" finds the Chinese passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.text import segment
from index.text.script import CJK, has_cjk, starts_cjk

_PARENS = re.compile(r"[(（]([^()（）]{1,160})[)）]")
# A Latin part worth pairing: starts with a letter, no Chinese, no URL.
_LATIN_PART = re.compile(r"^[A-Za-z][A-Za-z0-9 \-·.&'’+/]*$")
_LATIN_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9\-·.&'’+]*(?: [A-Za-z0-9][A-Za-z0-9\-·.&'’+]*){0,6})[ \t]*$")
_ZH_CONTENT = re.compile(f"^[{CJK}·・\\-]{{2,24}}$")
_QUOTES = {"》": "《", "”": "“", "」": "「", "』": "『", "〉": "〈"}

# Words that end a Chinese term when walking back from the parenthesis:
# particles, light verbs, prepositions, measure words and time words.
BOUNDARY_WORDS = frozenset(
    """的 地 得 了 着 过 是 为 由 被 把 将 从 在 对 向 于 以 与 和 及 以及 或 并 并且 而 也 都 又 还 即
    通过 包括 如 例如 比如 称 称为 叫 叫做 名为 成立 建立 组建 设立 创建 创立 发起 推出 提出 发布 启动 支持 联合 牵头
    来自 隶属于 属于 作为 分别 分别为 其中 其 该 这 那 此 各 每 有 个 家 所 位 项 种 名 只 条 年 月 日 等
    它 它们 他 她 他们 我们 你 不 没有 就是 使用 默认
    授权 规定 明确 负责 担任 加入 参与 任职 曾在 可借鉴 学习 借鉴 对标 实施 推动 组织""".split()
)
_CONNECTORS = frozenset("与 和 及 以及 或 暨".split())
_MAX_ZH = 16  # characters; a longer run is a sentence, not a term


@dataclass(frozen=True)
class TermPair:
    """An English term (lowercase, spaces collapsed) and the Chinese term the text gives for it."""

    en: str
    zh: str


def normalize_en(text: str) -> str:
    text = text.replace("’", "'").replace("·", "-")
    text = re.sub(r"[™®©]", "", text)
    text = " ".join(text.lower().split()).strip(" .,-")
    return text[4:] if text.startswith("the ") else text


def _squeeze(text: str) -> str:
    """Drop layout whitespace inside Chinese (国家标\\n\\n准 -> 国家标准)."""
    return re.sub(r"\s+", "", text)


def _quoted_before(text: str, end: int) -> str | None:
    """The inside of a quotation or title that closes at ``end`` (《国家量子倡议法案》(...))."""
    closer = text[end - 1] if end else ""
    opener = _QUOTES.get(closer)
    if not opener:
        return None
    start = text.rfind(opener, max(0, end - 40), end - 1)
    if start < 0:
        return None
    inner = _squeeze(text[start + 1 : end - 1])
    return inner if has_cjk(inner) else None


def _cjk_run_before(text: str, end: int) -> str:
    """Chinese characters just before ``end``, across a line break but not a blank line."""
    i, out = end, []
    while i > 0:
        ch = text[i - 1]
        if starts_cjk(ch):
            out.append(ch)
            i -= 1
            continue
        if ch.isspace():
            j = i
            while j > 0 and text[j - 1].isspace():
                j -= 1
            if text[j:i].count("\n") > 1 or j == 0 or not starts_cjk(text[j - 1]) or not out:
                break
            i = j
            continue
        break
    return "".join(reversed(out))


def trim_term(run: str, en_forms: list[str]) -> str:
    """The term at the end of a run of Chinese: walk back over jieba words to the first boundary word.

    A connector (与, 和) stays inside the term when the English says "and":
    美国国家标准与技术研究院 (National Institute of Standards and Technology).
    """
    if not run:
        return ""
    keep_and = any(re.search(r"\band\b|&", en, re.IGNORECASE) for en in en_forms)
    words = segment.words(run)
    kept: list[str] = []
    for word in reversed(words):
        if word in BOUNDARY_WORDS and not (keep_and and word in _CONNECTORS and kept):
            break
        if sum(map(len, kept)) + len(word) > _MAX_ZH:
            break
        kept.append(word)
    while kept and kept[-1] in _CONNECTORS:  # a connector cannot start the term
        kept.pop()
    term = "".join(reversed(kept))
    return term if len(term) >= 2 else ""


def _latin_parts(content: str) -> list[str]:
    """Leading comma-separated parts that are English: "Quantum Economic Development Consortium, QED-C"."""
    out = []
    for part in re.split(r"[,，;；]", content):
        part = _squeeze_spaces(part)
        if not part:
            continue
        if not _LATIN_PART.match(part) or "://" in part or part.lower().startswith("www."):
            break
        out.append(part)
    return out


def _squeeze_spaces(text: str) -> str:
    return " ".join(re.sub(r"[™®©]", "", text).split())


def mine_pairs(text: str) -> list[TermPair]:
    """Every English/Chinese pair the text states in parentheses, in both orders, first mention first.

    ``中文(English, ACR)`` gives the full form and the acronym, each paired
    with the Chinese term before the parenthesis; ``ACR(中文)`` pairs the
    Latin words before the parenthesis with the Chinese inside it.
    """
    found: dict[TermPair, None] = {}
    for m in _PARENS.finditer(text):
        content = m.group(1)
        start = m.start()
        while start > 0 and text[start - 1] in " \t\r\n":
            start -= 1
        squeezed = _squeeze(content)
        if _ZH_CONTENT.match(squeezed):
            lat = _LATIN_BEFORE.search(text, max(0, start - 80), start)
            if trim_term(squeezed, ["and"]) != squeezed:  # 和 may join the parts of one name
                continue  # aptitude（它不访问源代码相关的元数据）: a remark, not the name in Chinese
            if lat and lat.end() == start and not has_cjk(lat.group(1)):
                en = normalize_en(lat.group(1))
                if en and len(en) >= 2:
                    found[TermPair(en, squeezed)] = None
            continue
        parts = _latin_parts(content)
        if not parts:
            continue
        gap = text[start : m.start()]
        if gap.count("\n") > 1:
            continue
        zh = _quoted_before(text, start)
        if zh is None:
            zh = trim_term(_cjk_run_before(text, start), parts)
        if not zh:
            continue
        for part in parts:
            en = normalize_en(part)
            if len(en) >= 2:
                found[TermPair(en, zh)] = None
    return list(found)
