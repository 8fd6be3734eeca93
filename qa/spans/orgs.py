"""Named things: organisations, places and titles, and how well a phrase fits the asked kind.

Candidates are quoted names (《…》, “济南一号”), runs of capitalised Latin words
(QURECA, SRI International) and the noun phrases of ``chunker`` with their
shorter readings (北京量子信息科学研究院|院长 -> the institute; 美国|马里兰大学 ->
the university; 事业单位|中国信息通信研究院 -> the name after the category).
Each phrase brings its evidence (a tag, an ending, its place in the sentence)
and scores by how strongly that evidence says "the kind asked for", minus
what the question already says. A bare category (城市, 所有成员) never answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.spans.chunker import CORE, ENTITY_FLAGS, Chunk
from qa.spans.context import Context, adjacent, coverage, parens, proximity
from qa.spans.qtype import ZH_HEAD_NOUNS
from qa.spans.tagging import Token
from qa.spans.words import words

ORG_END = words("org_endings")
PLACE_END = words("place_endings")
TITLE_END = words("title_endings")
_ORG_KINDS = tuple(tuple(group.split()) for group in words("org_kinds"))  # a company is not a university
_LOCATIVE = frozenset(words("locatives"))
_GENERIC = frozenset(words("generic_nouns"))
_DETERMINERS = words("determiners")
_CATEGORY_ENDS = words("category_endings")
_QUOTED = re.compile(r"《[^《》]{1,40}》|“[^“”]{1,30}”|「[^「」]{1,30}」|『[^『』]{1,30}』|\"[^\"]{1,30}\"")
_LATIN_RUN = re.compile(  # an underscore joins too: KERN_ERR and LC_ALL are one name each
    r"(?<![A-Za-z0-9_])[A-Z][A-Za-z0-9]*(?:[\-&.'_][A-Za-z0-9]+)*"
    r"(?:\s(?:of|for|and|the|de|in|on)?\s?[A-Z0-9][A-Za-z0-9]*(?:[\-&.'_][A-Za-z0-9]+)*)*"
)
_GLOSS = re.compile(r"[((][^()()]*[))]")  # (SRI International): not counted in the length
_LAST_GLOSS = re.compile(r"[((][^()()]*[))]$")  # ... nor part of the name
WEIGHTS = {  # how strongly each piece of evidence says "this is the kind asked for"
    "org": {"nt": 1.0, "org_end": 1.0, "latin": 0.9, "before_title": 0.7, "ns": 0.3, "book": 0.3,
            "quote": 0.5, "enum": 0.5, "place_end": 0.2, "oov": 0.6},
    "place": {"ns": 1.0, "place_end": 0.9, "nt": 0.2, "latin": 0.3, "enum": 0.5, "quote": 0.2,
              "oov": 0.6},
    "title": {"book": 1.6, "quote": 1.3, "title_end": 0.8, "latin": 0.5, "nt": 0.3, "org_end": 0.2,
              "enum": 0.2, "oov": 0.4},
    "list": {"enum": 1.2, "nt": 0.3, "ns": 0.3, "latin": 0.3, "book": 0.4, "quote": 0.4,
             "title_end": 0.3, "org_end": 0.2},
}


@dataclass(slots=True)  # not frozen: built some 30 times a sentence, and a frozen init costs three times more
class Evidence:
    """What a phrase's words say about the kind of thing it names; the keys of ``WEIGHTS``."""

    nt: bool = False  # jieba tags it an organisation
    ns: bool = False  # ... a place
    org_end: bool = False  # a name ending in 公司, 大学, ...
    place_end: bool = False  # ... in 省, 市, 州
    title_end: bool = False  # ... in 报告, 计划, 法案
    before_title: bool = False  # in front of a job title: 华翊量子|创始人
    oov: bool = False  # a word jieba's dictionary does not know
    book: bool = False  # inside 《》
    quote: bool = False  # inside quotation marks
    latin: bool = False  # a run of capitalised Latin words
    head_near: bool = False  # the asked ending sits beside it: 美国Quspin公司 for "which company"
    enum: bool = False  # a list of phrases
    after_locative: bool = False  # after 在, 位于: 在纽交所上市

    def any(self) -> bool:
        return self != _NO_EVIDENCE


_NO_EVIDENCE = Evidence()


def ends(text: str, endings: tuple[str, ...]) -> bool:
    return bool(endings) and text.endswith(endings)


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    bare = set(ZH_HEAD_NOUNS) | _GENERIC
    return frozenset(bare | {d + w for d in _DETERMINERS for w in bare})


def _generic(text: str) -> bool:
    return text in _generic_words()


def _category(tok: Token) -> bool:
    """事业单位, 公司, 机构: a common noun naming a kind of thing (清华大学 is a name)."""
    return _generic(tok.word) or (tok.flag == "n" and tok.word.endswith(_CATEGORY_ENDS))


def evidence(text: str, chunk: Chunk, upto: int | None = None, after_locative: bool = False) -> tuple[str, Evidence]:
    """(name, evidence) for the chunk's phrase ending at token ``upto`` (default: at its head)."""
    tokens = chunk.tokens if upto is None else chunk.tokens[:upto + 1]
    last = chunk.head if upto is None else tokens[-1]
    name = text[chunk.start:last.end]
    flags = {t.flag for t in tokens if not t.word.isspace()}
    modifiers = [t for t in tokens if t.end <= last.start]
    named = any(CORE.match(t.flag) and not _generic(t.word) for t in modifiers) or last.flag in ENTITY_FLAGS
    return name, Evidence(
        nt=last.flag == "nt" or (upto is None and "nt" in flags),
        ns=last.flag == "ns" or flags <= {"ns"},
        org_end=ends(name, ORG_END) and named,
        place_end=ends(name, PLACE_END) and (named or last.flag == "ns"),
        title_end=ends(name, TITLE_END) and named,
        before_title=chunk.before_title and upto is None,
        oov=last.flag == "oov" and len(last.word) >= 2,
        after_locative=after_locative,
    )


@dataclass(frozen=True, slots=True)
class Phrase:
    """A candidate phrase of a sentence with all its score takes from the sentence alone.

    Built once a sentence (``answer`` keeps them per sentence), scored for each question by ``phrase_score``.
    """

    start: int
    end: int
    text: str
    name: str  # what is judged a name: without a closing gloss (…) or quotes
    found: Evidence
    fits: tuple[float, ...]  # fit of the evidence to each kind of WEIGHTS, in its order
    generic: bool  # a bare category (城市, 所有成员)
    org_kind: tuple[str, ...] | None  # the group of _ORG_KINDS its ending belongs to
    aside: bool  # wholly inside parentheses
    long: float  # what its length costs
    near: str | None = None  # a Latin run: the characters around it (the asked ending may sit there)
    items: int = 0  # a list: its number of items
    groups: int = 0  # ... and of the groups its 、 separate


_KIND_AT = {kind: i for i, kind in enumerate(WEIGHTS)}


_SHARED: dict[tuple[bool, ...], tuple[Evidence, tuple[float, ...]]] = {}  # a few dozen kinds of evidence


def _shared(found: Evidence) -> tuple[Evidence, tuple[float, ...]]:
    """One Evidence (never changed once made) and its fit to each kind for all phrases with the same evidence:
    the phrases of the sentences kept by ``answer.sentence_phrases`` share them."""
    key = tuple(getattr(found, name) for name in Evidence.__slots__)
    got = _SHARED.get(key)
    if got is None:
        fits = []
        for weights in WEIGHTS.values():
            ranked = sorted((w for k, w in weights.items() if getattr(found, k)), reverse=True)
            fits.append(ranked[0] + 0.15 * (len(ranked) - 1) if ranked else 0.0)
        got = _SHARED[key] = (found, tuple(fits))
    return got


@lru_cache(maxsize=256)
def _asked_org_kind(heads: tuple[str, ...]) -> tuple[str, ...] | None:
    return next((g for g in _ORG_KINDS if any(h in g for h in heads)), None)


def phrase(text: str, s: int, e: int, found: Evidence, items: int = 0, name: str = "", groups: int = 0,
           near: str | None = None) -> Phrase | None:
    """The phrase ``text[s:e]`` without trailing spaces; None when nothing is left."""
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s:
        return None
    span = text[s:e]
    name = name or _LAST_GLOSS.sub("", span).strip("《》“”「」『』\"")
    if name == span:
        name = span  # one string kept, not two
    length = len(_GLOSS.sub("", span)) / max(1, items)
    found, fits = _shared(found)
    return Phrase(s, e, span, name, found, fits, _generic(name),
                  next((g for g in _ORG_KINDS if ends(name, g)), None), all(parens(text)[s:e]),
                  0.03 * (length - 14) if length > 14 else 0.0, near, items, groups)


def phrase_score(ctx: Context, p: Phrase) -> float:
    """Fit to the asked kind and count, minus what the question already says, plus closeness to its words."""
    s, e = p.start, p.end
    return _with_words(p, kind_fit(ctx, p), coverage(ctx, s, e), proximity(ctx, s, e), adjacent(ctx, s, e))


def phrase_bound(ctx: Context, p: Phrase, fit: float) -> float:
    """The most ``phrase_score`` can give (``fit``: its ``kind_fit``): the question's words around the span
    at their best (none of it said, every term right beside it)."""
    near = bool(ctx.hits)
    return _with_words(p, fit, 0.0, 1.0 if near else 0.0, near)


def kind_fit(ctx: Context, p: Phrase) -> float:
    """The score of the phrase before the question's words are looked for around it: fit to the asked
    kind and count."""
    q = ctx.qtype
    score = p.fits[_KIND_AT.get(q.kind, _KIND_AT["list"])]
    if p.generic:
        score -= 1.5
    elif ctx.heads and (ends(p.name, ctx.heads) or p.near is not None and any(
            h in p.near for h in ctx.heads if len(h) >= 2)):  # 美国Quspin公司 for "which company"
        score += 0.8
    if q.kind == "place" and p.found.after_locative:
        score += 0.4  # 在纽交所上市, 位于合肥
    if ctx.heads and p.org_kind:
        asked = _asked_org_kind(ctx.heads)
        if asked and p.org_kind is not asked:
            score -= 0.6  # a company is not a university
    if p.items:
        if q.expects_count:
            score += 1.0 if q.expects_count in (p.items, p.groups) else -0.6
        else:
            score += 0.6 if q.plural or q.kind == "list" else -0.4
    elif (q.expects_count or 0) > 1:
        score -= 0.5
    return score


def _with_words(p: Phrase, score: float, cov: float, prox: float, adj: bool) -> float:
    """``kind_fit``'s score with what the question already says (``coverage``) and where its words are."""
    score -= 1.5 if cov >= 0.99 else 0.7 * cov
    score += 0.6 * prox + (0.3 if adj else 0.0)
    if p.aside:
        score -= 0.4
    return score - p.long - 0.002 * p.start


_LATIN = Evidence(latin=True)


def named_phrases(text: str, tokens: list[Token], chunks: list[Chunk]) -> list[Phrase]:
    """Quoted names, Latin names and the noun phrases of a tagged sentence (what the question does not change)."""
    out: list[Phrase] = []

    def add(s: int, e: int, found: Evidence, name: str = "", near: str | None = None) -> None:
        p = phrase(text, s, e, found, name=name, near=near)
        if p is not None:
            out.append(p)

    for m in _QUOTED.finditer(text):
        book = m.group().startswith("《")
        add(m.start(), m.end(), Evidence(book=book, quote=not book))
    for m in _LATIN_RUN.finditer(text):
        word = m.group().strip()
        if len(word) < 2 or word.isdigit():
            continue
        near = text[max(0, m.start() - 3):m.start()] + " " + text[m.end():m.end() + 3]
        add(m.start(), m.start() + len(word), _LATIN, near=near)
    at = {t.start: k for k, t in enumerate(tokens)}
    for chunk in chunks:
        k = at[chunk.start]
        name, found = evidence(text, chunk, after_locative=k > 0 and tokens[k - 1].word in _LOCATIVE)
        add(chunk.start, chunk.end, found, name=name)
        for k, tok in enumerate(chunk.tokens[:-1]):
            if tok.end > chunk.head.end or tok.word.isspace():
                continue
            sub, sub_found = evidence(text, chunk, k)
            if sub_found.any():
                add(chunk.start, tok.end, sub_found, name=sub)  # 北京量子信息科学研究院|院长…
            if k and (tok.flag == "ns" or tok.flag == "nt" and tok.word.endswith(ORG_END)):
                add(tok.start, tok.end, Evidence(nt=tok.flag == "nt", ns=tok.flag == "ns"))  # 美国|马里兰大学
            if _category(tok) and tok.end < chunk.head.start:
                rest = Chunk(chunk.tokens[k + 1:], chunk.head, chunk.before_title)
                name, found = evidence(text, rest)
                add(rest.start, rest.end, found, name=name)  # 事业单位|中国信息通信研究院
    return out

