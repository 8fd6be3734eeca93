"""What the question says about a sentence, and how a span scores against it.

A span made of the question's own words is rarely its answer, a span beside
them often is; an aside in parentheses rarely is. The context holds where the
question's terms occur in the sentence, the numbers it states and the endings
an answer of the asked kind may carry (大学 for "which universities").
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from index.text.script import CJK_CHAR
from qa.spans.qtype import QuestionType
from qa.spans.tagging import CLOSE, OPEN
from qa.spans.words import table, words

_EN_HEADS = table("en_head_endings")  # English head noun -> Chinese endings of an answer of that kind
_ZH_HEAD_ENDINGS = words("zh_head_endings")


class TermHit(NamedTuple):
    """Where a question term occurs in the sentence."""

    term: str
    start: int
    end: int


@dataclass(frozen=True)
class Context:
    sentence: str
    qtype: QuestionType
    hits: tuple[TermHit, ...]  # where question terms occur
    numbers: frozenset[str]  # numbers the question states
    inside: bytes  # per character: 1 inside parentheses (an aside rarely the answer)
    heads: tuple[str, ...]  # endings the answer may carry: 大学 for "which universities"

    # What the scores of every span of the sentence read of the hits, worked out once (spans: s < e).
    @cached_property
    def covered(self) -> tuple[tuple[int, int], ...]:
        """The stretches of the sentence the question's terms cover, merged, in order."""
        merged: list[list[int]] = []
        for hs, he in sorted((hs, he) for _, hs, he in self.hits):
            if merged and hs <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], he)
            else:
                merged.append([hs, he])
        return tuple((a, b) for a, b in merged)

    @cached_property
    def by_term(self) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] | None:
        """Each term's hits (starts, ends; ascending), terms in the order of the hits; None if the hits of a
        term are not together (then ``proximity`` reads them one by one)."""
        groups: dict[str, tuple[list[int], list[int]]] = {}
        last = None
        for term, hs, he in self.hits:
            if term != last and term in groups:
                return None
            starts, ends = groups.setdefault(term, ([], []))
            if starts and (hs < starts[-1] or he < ends[-1]):
                return None
            starts.append(hs)
            ends.append(he)
            last = term
        return tuple((tuple(a), tuple(b)) for a, b in groups.values())

    @cached_property
    def edges(self) -> tuple[frozenset[int], frozenset[int]]:
        """Where the hits start and where they end."""
        return frozenset(hs for _, hs, _ in self.hits), frozenset(he for _, _, he in self.hits)


@lru_cache(maxsize=1024)
def heads(focus: str) -> tuple[str, ...]:
    """Endings to look for; the focus 量子公司 also accepts X量子, the usual short name of a firm."""
    if not focus:
        return ()
    if CJK_CHAR.search(focus):
        found = [focus]
        for end in _ZH_HEAD_ENDINGS:
            if focus.endswith(end) and focus != end:
                found.append(end)
                if end in ("公司", "企业"):
                    found.append(focus[: -len(end)])
        if len(focus) > 2 and len(found) == 1:
            found.append(focus[-2:])
        return tuple(found)
    word = focus.lower()
    for key in (word, word[:-1], word[:-3] + "y"):
        if key in _EN_HEADS:
            return _EN_HEADS[key]
    return ()


@lru_cache(maxsize=8192)
def _letters(sentence: str) -> array:
    """Per character offset, how many letters (``str.isalnum``) come before it."""
    out, n = array("i", [0]), 0
    for ch in sentence:
        n += ch.isalnum()
        out.append(n)
    return out


@lru_cache(maxsize=8192)
def parens(sentence: str) -> bytes:
    """Per character, 1 inside parentheses (an aside), else 0."""
    depth, out = 0, bytearray()
    for ch in sentence:
        if ch in OPEN:
            depth += 1
        out.append(depth > 0)
        if ch in CLOSE and depth:
            depth -= 1
    return bytes(out)


@dataclass(frozen=True)
class QuestionTerms:
    """The question's terms as a sentence's context reads them: worked out once a question (``question_terms``)
    rather than once a sentence."""

    numbers: frozenset[str]  # numbers the question states, without spaces, commas or %
    words: tuple[str, ...]  # lower-cased, two characters or more, in the order their hits are looked for


def question_terms(terms: Iterable[str]) -> QuestionTerms:
    """``terms`` (the question's tokens) as ``context`` reads them; the same for every sentence."""
    if isinstance(terms, QuestionTerms):
        return terms
    terms = tuple(terms)
    numbers = frozenset(re.sub(r"[\s,%]", "", t) for t in terms if t[:1].isdigit())
    # single characters (州, 国) occur everywhere and say nothing
    return QuestionTerms(numbers, tuple(t for t in {t.lower() for t in terms} if len(t) >= 2))


def _term_hits(sentence: str, words: tuple[str, ...]) -> tuple[TermHit, ...]:
    low = sentence.lower()
    if len(low) != len(sentence):
        low = sentence
    hits = []
    for term in words:
        i = low.find(term)
        while i >= 0:
            hits.append(TermHit(term, i, i + len(term)))
            i = low.find(term, i + 1)
    return tuple(hits)


def context(sentence: str, qtype: QuestionType, terms: Iterable[str] | QuestionTerms) -> Context:
    """What the question (its type, its terms or their ``question_terms``) says about ``sentence``."""
    terms = question_terms(terms)
    hits = _term_hits(sentence, terms.words) if terms.words else ()
    return Context(sentence, qtype, hits, terms.numbers, parens(sentence), heads(qtype.focus))


def coverage(ctx: Context, s: int, e: int) -> float:
    """Share of the span's letters that the question already says."""
    e = min(e, len(ctx.sentence))
    if not ctx.hits or e <= s:
        return 0.0
    letters = _letters(ctx.sentence)
    n = letters[e] - letters[s]
    if not n:
        return 0.0
    said = 0
    for a, b in ctx.covered:
        lo, hi = max(a, s), min(b, e)
        if lo < hi:
            said += letters[hi] - letters[lo]
    return said / n


def proximity(ctx: Context, s: int, e: int, reach: int = 30) -> float:
    """0..1: how close the question's words sit around the span (an answer sits among them)."""
    if not ctx.hits:
        return 0.0
    groups = ctx.by_term
    if groups is None or e <= s:
        return _proximity(ctx, s, e, reach)
    # each term's nearest hit outside the span: the first starting after it, the last ending before it
    best = []
    for starts, ends in groups:
        gap = None
        i = bisect_left(starts, e)
        if i < len(starts):
            gap = starts[i] - e
        j = bisect_right(ends, s) - 1
        if j >= 0 and (gap is None or s - ends[j] < gap):
            gap = s - ends[j]
        if gap is not None:
            best.append(max(0.0, 1.0 - gap / reach))
    return sum(best) / len(groups)


def _proximity(ctx: Context, s: int, e: int, reach: int) -> float:
    best: dict[str, float] = {}
    for term, hs, he in ctx.hits:
        if hs < e and he > s:
            continue
        gap = hs - e if hs >= e else s - he
        best[term] = max(best.get(term, 0.0), 1.0 - gap / reach)
    present = {t for t, _, _ in ctx.hits}
    return sum(max(0.0, v) for v in best.values()) / len(present) if present else 0.0


def adjacent(ctx: Context, s: int, e: int) -> bool:
    """A question word touches the span: 中国信息通信研究院|牵头 for "哪家单位牵头…"."""
    if not ctx.hits:
        return False
    if e <= s:
        return _adjacent(ctx, s, e)
    starts, ends = ctx.edges
    # a hit right after the span (or one letter or space after it), or right before it
    return (e in starts or s in ends or (e + 1 in starts and _joins(ctx.sentence[e:e + 1]))
            or (s - 1 in ends and _joins(ctx.sentence[s - 1:s])))


def _joins(between: str) -> bool:
    return not between.strip() or between.isalnum()


def _adjacent(ctx: Context, s: int, e: int) -> bool:
    for _, hs, he in ctx.hits:
        if 0 <= hs - e <= 1 or 0 <= s - he <= 1:
            between = ctx.sentence[e:hs] if hs >= e else ctx.sentence[he:s]
            if _joins(between):
                return True
    return False


def aside(ctx: Context, s: int, e: int) -> bool:
    """The span lies wholly inside parentheses."""
    return e > s and all(ctx.inside[s:e])


def context_score(ctx: Context, s: int, e: int) -> float:
    """What the question already says (minus), where its words are (plus), asides (minus)."""
    score = -1.5 * coverage(ctx, s, e) + 0.6 * proximity(ctx, s, e) - 0.002 * s
    score += 0.3 if adjacent(ctx, s, e) else 0.0
    return score - (0.3 if aside(ctx, s, e) else 0.0)
