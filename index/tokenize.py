"""Tokens for the lexical index: jieba words for Chinese, Latin-script tokens kept whole.

Chinese is never split on whitespace: CJK runs go through jieba (search mode,
so a long compound also yields its parts); Latin-script runs (IBM, QED-C,
10.16507/j.issn) and numbers (1.2亿, 55.2%, 2018) are kept as they are,
lowercased, with the parts of a hyphenated name added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from index.text import segment
from index.text.script import CJK

Token = tuple[str, int, int]  # (token, start, end) into the given text

_NUMBER = r"\d+(?:[.,]\d+)*(?:\s?[%‰]|[万亿]+)?"
_LATIN = r"[A-Za-z][A-Za-z0-9]*(?:[\-·.&'/+][A-Za-z0-9]+)*"
_PIECE = re.compile(rf"(?P<num>{_NUMBER})|(?P<lat>{_LATIN})|(?P<cjk>[{CJK}]+)")

# Function words and question words: they say nothing about which passage answers.
STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 或 等 也 都 而 并 对 把 被 从 向 以 于 为 之 其 这 那 这些 那些 这个 那个
    一个 一些 有 个 中 上 下 着 过 吗 呢 吧 啊 什么 哪 哪个 哪些 哪里 哪家 哪位 哪一年 哪年 谁 几 多少 怎么 怎样
    如何 为什么 是否 是不是 还是 由 就 将 已 已经 又 所 该 此 其中 我 你 他 她 它 们 我们 他们 你们 要 会 能
    可以 进行 通过 方面 哪两所 哪两个 哪三个 什么样""".split()
)


def normalize_latin(token: str) -> str:
    return token.lower().replace("·", "-")


def token_spans(text: str, stopwords: frozenset[str] = STOPWORDS) -> Iterator[Token]:
    """Yield ``(token, start, end)``; ``text[start:end]`` is the token's source."""
    for m in _PIECE.finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "num":
            yield re.sub(r"\s|,", "", m.group()), s, e
        elif kind == "lat":
            tok = normalize_latin(m.group())
            yield tok, s, e
            parts = re.split(r"[\-.&'/+]", tok)
            if len(parts) > 1:
                for part in parts:
                    if len(part) > 1:
                        yield part, s, e
        else:
            for word, ws, we in segment.search_tokens(m.group()):
                if word not in stopwords:
                    yield word, s + ws, s + we


def tokenize(text: str, stopwords: frozenset[str] = STOPWORDS) -> list[str]:
    return [t for t, _, _ in token_spans(text, stopwords)]
