"""Noun phrases: maximal runs of name-like tokens, parenthesised glosses kept inside.

量子计算实验室, 斯坦福国际研究院(SRI International), 华翊量子 in 华翊量子|创始人.
A phrase never runs across a job title or a verb that takes a name as its
object (有, 包括, 位于), and stops before a count that sums up a list (五个方向).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.text.script import CJK_CHAR
from qa.spans.tagging import CLOSE, OPEN, Token
from qa.spans.words import words

CORE = re.compile(r"^(n|j|l|eng|vn|an|g|b|k|h|i|z|oov)")  # tags that make up a name
ENTITY_FLAGS = frozenset(("nt", "ns", "nr", "nrt", "nz", "eng", "nrfg", "oov"))  # tags of names
SEPARATORS = frozenset("、")  # between the items of a list
_INNER = re.compile(r"^(v|m|f|q|a|t)")  # tags allowed between two of those: 量子|计算|实验室
_TITLES = frozenset(words("job_titles"))
_VERB_STOP = frozenset(words("verb_stop"))  # verbs that take a list or a name as their object
_COUNT_WORD = re.compile(r"^(?:[一二两三四五六七八九十几多数]+|\d+)(?:个|类|种|项|大|家|所|位|条|方面)$")
_CONNECT = frozenset(("—", "-", "·", "&", "/", "'", " "))  # inside a name: 中关村-海淀, AT&T


@dataclass(frozen=True)
class Chunk:
    """A noun phrase: a maximal run of name-like tokens, parenthesised glosses kept inside."""

    tokens: tuple[Token, ...]
    head: Token  # last token outside parentheses: it says what kind of thing this is
    before_title: bool  # 华翊量子|创始人: a phrase in front of a job title names an organisation

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def _is_core(tok: Token) -> bool:
    if tok.word in _TITLES or tok.word in _VERB_STOP:
        return False
    if tok.flag == "eng":
        return not tok.word.isdigit()
    return bool(CORE.match(tok.flag)) and bool(CJK_CHAR.search(tok.word) or tok.word.isalnum())


def _is_inner(tok: Token) -> bool:
    if tok.word in _VERB_STOP or tok.word in _TITLES:
        return False
    return bool(_INNER.match(tok.flag)) or tok.word in _CONNECT or tok.word.isdigit()


def _close_paren(tokens: list[Token], i: int) -> int | None:
    """Index of the token closing the parenthesis opened at ``i``, if it holds a gloss.

    斯坦福国际研究院(SRI International) and 量子分解算法(Shor算法) keep their gloss;
    美国Quspin公司(成立于2012年) does not: a Chinese verb or comma makes it a remark.
    """
    depth = 0
    for j in range(i, min(len(tokens), i + 24)):
        tok = tokens[j]
        if tok.word in OPEN:
            depth += 1
        elif tok.word in CLOSE:
            depth -= 1
            if depth == 0:
                return j
        elif tok.start - tokens[i].start > 60:
            return None
        elif tok.flag[:1] in "vpu" and CJK_CHAR.search(tok.word):
            return None
        elif tok.word in ",,。;;、:" and CJK_CHAR.search("".join(t.word for t in tokens[i:j])):
            return None  # (Federally Funded …, FFRDC) is a gloss; (IBM Q Network, 2017 年成立) is not
    return None


def chunks(tokens: list[Token]) -> list[Chunk]:
    """The noun phrases of a tagged sentence, left to right, not overlapping."""
    out: list[Chunk] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        listed = i > 0 and tokens[i - 1].word in SEPARATORS and tok.flag.startswith("v") and _is_inner(tok)
        starts = _is_core(tok) or listed or (tok.flag[:1] in "fmat" and i + 1 < n and _is_core(tokens[i + 1]))
        if not starts or tok.word.isspace():
            i += 1
            continue
        run, head = [tok], tok if _is_core(tok) or listed else None
        j = i + 1
        while j < n:
            t = tokens[j]
            if _COUNT_WORD.match(t.word):
                break  # 基础科学|五个方向: a count opens the summary of a list
            if _is_core(t):
                run.append(t)
                head = t
                j += 1
            elif t.word in OPEN and _is_core(run[-1]):
                close = _close_paren(tokens, j)
                if close is None:
                    break
                run.extend(tokens[j:close + 1])
                j = close + 1
            elif _is_inner(t) and j + 1 < n and _is_core(tokens[j + 1]):
                run.append(t)
                j += 1
            elif _is_inner(t) and t.flag.startswith("v") and j + 1 < n and tokens[j + 1].word in SEPARATORS:
                run.append(t)  # 研发投入、基础设施: a verb-noun item ends at the separator
                head = t
                j += 1
            else:
                break
        if head is not None:
            out.append(Chunk(tuple(run), head, j < n and tokens[j].word in _TITLES))
        i = j
    return out
