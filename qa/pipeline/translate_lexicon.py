"""The dictionary side of translation, built once per index: English keys -> Chinese index tokens.

CC-CEDICT is read backwards (an English sense -> the headwords that have it),
keeping only headwords the corpus has, whole or as index tokens (量子通信 ->
量子 通信); the corpus's own parenthesised pairs add translations the
dictionary lacks; toneless pinyin finds names (hefei -> 合肥); compounds are
split into the shorter tokens jieba also indexes (生态系统 -> 生态 系统).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from index.english import STOPWORDS, english_terms
from index.gloss import Glossary
from index.pairs import TermPair
from index.text.script import all_cjk, starts_cjk
from index.tokenize import tokenize

PAIR_WORD_QUALITY = 0.8  # a word translation learnt from a corpus pair

Reverse = dict[tuple[str, ...], list["Candidate"]]


@dataclass(frozen=True)
class Candidate:
    head: str  # dictionary headword
    pieces: tuple[str, ...]  # its tokens in the index (the headword itself when the index has it)
    quality: float  # 1.0 when a whole sense equals the English, less for part of a sense


def pinyin_key(text: str) -> str:
    """Toneless pinyin with spaces, case, hyphens and apostrophes ignored; ü written u."""
    return re.sub(r"[\s\-'’]", "", text.lower()).replace("ü", "u").replace("v", "u")


def pair_index(pairs: list[TermPair], idf: Mapping[str, float]) -> dict[tuple[str, ...], tuple[list[str], list[str]]]:
    """English key -> (Chinese tokens, Latin tokens): the corpus writes the English form too."""
    zh: dict[tuple[str, ...], dict[str, None]] = {}
    latin: dict[tuple[str, ...], dict[str, None]] = {}
    for p in pairs:
        key = tuple(english_terms(p.en))
        toks = [t for t in tokenize(p.zh) if t in idf]
        if key and toks:
            zh.setdefault(key, {}).update(dict.fromkeys(toks))
            lat = [t for t in tokenize(p.en) if t in idf and t not in STOPWORDS]
            latin.setdefault(key, {}).update(dict.fromkeys(lat))
    return {k: (list(v), list(latin[k])) for k, v in zh.items()}


def learn_from_pairs(reverse: Reverse, pairs: list[TermPair], idf: Mapping[str, float]) -> None:
    """Word translations the dictionary lacks, read off the corpus's own pairs.

    In "Quantum Technology Innovation Hubs = 量子技术创新中心" the dictionary
    aligns quantum/量子, technology/技术, innovation/创新; the one word and the
    one token left over (hub, 中心) are taken as a translation of each other.
    """
    for p in pairs:
        words = list(dict.fromkeys(english_terms(p.en)))
        toks = finest(t for t in tokenize(p.zh) if t in idf)
        if len(words) < 2 or len(toks) < 2:
            continue
        left_words, left_toks = [], set(toks)
        for w in words:
            hits = {piece for c in reverse.get((w,), ()) for piece in c.pieces} & set(toks)
            if hits:
                left_toks -= hits
            else:
                left_words.append(w)
        if len(left_words) == 1 and len(left_toks) == 1:
            tok = left_toks.pop()
            slot = reverse.setdefault((left_words[0],), [])
            if all(c.head != tok for c in slot):
                slot.append(Candidate(tok, (tok,), PAIR_WORD_QUALITY))


def finest(tokens: Iterable[str]) -> list[str]:
    """Tokens that contain no other token (jieba's search mode adds compounds above their parts)."""
    toks = list(dict.fromkeys(tokens))
    return [t for t in toks if not any(o != t and o in t for o in toks)]


def reverse_index(glossary: Glossary, idf: Mapping[str, float]) -> dict[tuple[str, ...], list[Candidate]]:
    """English key -> headwords whose sense is (or contains) it, for the headwords the corpus has.

    A headword the index lacks as one token still counts when it is made of
    index tokens (量子通信 -> 量子 通信).
    """
    chars = frozenset(c for t in idf for c in t if starts_cjk(c))
    longest = max((len(t) for t in idf), default=1)
    reverse: dict[tuple[str, ...], dict[str, Candidate]] = {}
    for head in glossary.entries:
        if head in idf:
            pieces: tuple[str, ...] | None = (head,)
        elif len(head) > 1 and chars.issuperset(head):
            pieces = segment(head, idf, longest)
        else:
            continue
        if not pieces:
            continue
        for rank, sense in enumerate(glossary.senses(head)):
            if len(sense) > 6:
                continue
            prior = 1.0 / (1.0 + 0.25 * rank)  # the dictionary lists common senses first
            for key, quality in keys(sense):
                q = quality * prior
                slot = reverse.setdefault(key, {})
                old = slot.get(head)
                if old is None or old.quality < q:
                    slot[head] = Candidate(head, pieces, q)
    return {k: list(v.values()) for k, v in reverse.items()}


def keys(sense: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], float]]:
    """Keys under which a sense is found: the whole sense, its inner phrases, the head of a two-word sense."""
    n = len(sense)
    yield sense, 1.0
    if n == 2:
        yield sense[1:], 0.5  # "american dollar" is a kind of "dollar"
    if 2 < n <= 5:
        for size in range(2, n):
            for i in range(n - size + 1):
                yield sense[i : i + size], 0.4 + 0.4 * size / n


def parts_index(idf: Mapping[str, float]) -> dict[str, tuple[str, ...]]:
    """Compound token -> the shorter index tokens it is made of (生态系统 -> 生态 系统)."""
    longest = max((len(t) for t in idf), default=1)
    out = {}
    for tok in idf:
        if len(tok) >= 3 and all_cjk(tok):
            parts = segment(tok, idf, longest, exclude=tok)
            if parts:
                out[tok] = parts
    return out


def segment(head: str, idf: Mapping[str, float], longest: int, exclude: str = "") -> tuple[str, ...] | None:
    """``head`` as the fewest index tokens of two or more characters (量子通信 -> 量子 通信), if possible."""
    n = len(head)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        done = best[i]
        if done is None:
            continue
        for j in range(i + 2, min(n, i + longest) + 1):
            piece = head[i:j]
            if piece in idf and piece != exclude:
                cand = done + (piece,)
                old = best[j]
                if old is None or len(cand) < len(old):
                    best[j] = cand
    return best[n]


def pinyin_index(idf: Mapping[str, float]) -> dict[str, list[str]]:
    """Toneless pinyin of every multi-character Chinese token: "hefei" -> [合肥]."""
    from pypinyin import lazy_pinyin

    out: dict[str, list[str]] = {}
    for tok in idf:
        if len(tok) >= 2 and all_cjk(tok):
            out.setdefault(pinyin_key("".join(lazy_pinyin(tok))), []).append(tok)
    return out
