"""An English gloss of Chinese tokens from CC-CEDICT, so English questions can match Chinese chunks.

Each chunk gets a second, English field: every jieba token replaced by the
normalised words of its dictionary senses (its characters' senses when the
word is missing). In the prototype this lifted English hit@5 from 0.73 to 0.87.
The dictionary is parsed and cached once, by ``index.text.cedict``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cached_property, lru_cache

from index.english import STOPWORDS, english_terms, stem
from index.text import cedict, numerals
from index.text.cedict import NAME, VOCABULARY
from index.text.script import has_cjk

_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)([万亿]+)$")


def number_english(token: str) -> list[str]:
    """English words of a Chinese number token: 1.2亿 -> 120 million, 3万 -> 30000."""
    m = _NUMBER.match(token)
    if not m:
        return [token]
    value = numerals.times_myriads(float(m.group(1)), m.group(2))
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if value >= size:
            return [_plain(value / size), word]
    return [_plain(value)]


def _plain(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


MEMO_MAX = 200_000  # tokens whose English is remembered (a build glosses every token of the corpus)


class Glossary:
    """Chinese word -> English words; built once per process from CC-CEDICT."""

    def __init__(self, entries: Mapping[str, str], max_terms: int = 8, char_terms: int = 2):
        self.entries = entries
        self.max_terms = max_terms
        self.char_terms = char_terms
        self._senses: dict[str, tuple[tuple[str, ...], ...]] = {}
        self._terms: dict[str, tuple[str, ...]] = {}
        self._longest = 8  # headwords longer than this are rare and never needed to cover a token

    def __contains__(self, word: str) -> bool:
        return bool(word) and word in self.entries

    def senses(self, word: str) -> tuple[tuple[str, ...], ...]:
        """The normalised English terms of each sense of ``word``, most common sense first."""
        hit = self._senses.get(word)
        if hit is None:
            packed = self.entries.get(word, "") if word != VOCABULARY else ""
            hit = tuple(tuple(p.lstrip(NAME).split()) for p in packed.split("|")) if packed else ()
            if len(self._senses) >= MEMO_MAX:
                self._senses.clear()
            self._senses[word] = hit
        return hit

    @cached_property
    def common_english(self) -> frozenset[str]:
        """Every (normalised) English word of an ordinary sense, not a name's: what counts as English."""
        return frozenset(self.entries.get(VOCABULARY, "").split())

    @cached_property
    def phrases(self) -> frozenset[tuple[str, ...]]:
        """English phrases of two or three terms that are a headword's first sense ("time zone" of 时区)."""
        out = set()
        for head, packed in self.entries.items():
            if head == VOCABULARY:
                continue
            first = packed.split("|", 1)[0].lstrip(NAME)
            if 0 < first.count(" ") < 3:
                out.add(tuple(first.split()))
        return frozenset(out)

    def _word_terms(self, word: str, limit: int) -> list[str]:
        out: dict[str, None] = {}
        for sense in self.senses(word):
            for t in sense:
                out[t] = None
                if len(out) >= limit:
                    return list(out)
        return list(out)

    def split(self, token: str) -> list[str]:
        """Longest dictionary words covering ``token`` left to right (single characters as a last resort)."""
        out, i = [], 0
        while i < len(token):
            for j in range(min(len(token), i + self._longest), i, -1):
                if j - i == 1 or token[i:j] in self.entries:
                    out.append(token[i:j])
                    i = j
                    break
        return out

    def terms(self, token: str) -> tuple[str, ...]:
        """English words for one token.

        A word missing from the dictionary is read as the dictionary words it
        is made of (国防高级研究计划局 -> 国防 高级 研究 计划 局), fewer words per
        piece so a long name does not drown the chunk.
        """
        hit = self._terms.get(token)
        if hit is not None:
            return hit
        if not has_cjk(token) or _NUMBER.match(token):
            out = self._latin(token)
        elif token in self.entries:
            out = tuple(self._word_terms(token, self.max_terms))
        else:
            seen: dict[str, None] = {}
            for piece in self.split(token):
                seen.update(dict.fromkeys(self._word_terms(piece, self.char_terms if len(piece) == 1 else 3)))
            out = tuple(seen)
        if len(self._terms) >= MEMO_MAX:  # a corpus's vocabulary has no bound; the memo has
            self._terms.clear()
        self._terms[token] = out
        return out

    @staticmethod
    def _latin(token: str) -> tuple[str, ...]:
        if token[:1].isdigit():
            return tuple(number_english(token))
        if token.isalpha():
            return () if token in STOPWORDS else (stem(token),)
        if "'" in token:  # china's -> china, as a question is read
            return tuple(english_terms(token))
        return (token,)  # identifiers stay whole; the tokenizer already added their parts

    def gloss(self, tokens: Iterable[str]) -> list[str]:
        """The English field of a chunk: each token's English words, in order."""
        out: list[str] = []
        for tok in tokens:
            out.extend(self.terms(tok))
        return out


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    return Glossary(cedict.default().entries)


def gloss(tokens: Iterable[str], glossary: Glossary | None = None) -> list[str]:
    """English gloss of jieba tokens with the bundled CC-CEDICT (see :class:`Glossary`)."""
    return (glossary or default_glossary()).gloss(tokens)
