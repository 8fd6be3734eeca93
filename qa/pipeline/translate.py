"""An English question turned into weighted Chinese tokens of the lexical index.

Dictionary translation of the question was the strongest English signal
measured (DESIGN.md), and each refinement here fixes a failure of the plain
word-by-word prototype: phrases before words ("venture capital" -> 风险投资),
the corpus's own parenthesised pairs (NQI -> 国家量子倡议法案), pinyin for
names the dictionary lacks (Duan Luming -> 段路明), numbers in Chinese
notation (120 million dollars -> 1.2亿 美元), and weights that share one
English word among its candidates so a word with many senses cannot flood
the query. Only tokens the corpus contains (keys of ``idf``) are returned.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.english import STOPWORDS, english_spans, english_terms, stem
from index.gloss import Glossary, default_glossary
from index.pairs import TermPair
from index.text import numerals
from index.text.script import has_cjk
from index.tokenize import token_spans
from qa.pipeline.translate_lexicon import (
    Candidate,
    learn_from_pairs,
    pair_index,
    parts_index,
    pinyin_index,
    pinyin_key,
    reverse_index,
)
from qa.pipeline.translate_numbers import NUMERALS, Add, numbers
from qa.pipeline.translate_phrases import PhraseBook

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader

_WORD = re.compile(r"[A-Za-z]+")

# Weight of one English unit, shared among its Chinese candidates.
WEIGHTS = {
    "pair": 1.6,  # the corpus itself gives the translation
    "pinyin": 1.5,  # a name: very specific
    "phrase": 1.4,  # a dictionary phrase beats its words
    "number": 1.2,
    "latin": 1.0,  # an identifier the corpus writes in Latin letters (IBM, QED-C, QuIC)
    "word": 1.0,
    "zh": 1.0,  # Chinese written inside an English question
    "latin-name": 0.7,  # a capitalised non-dictionary word the corpus also writes (Quspin)
    "latin-part": 0.5,  # part of a hyphenated identifier (qed of QED-C)
    "latin-word": 0.2,  # an ordinary English word that also occurs in the corpus
    "numeral": 0.4,  # "four" -> 4 / 四
    "member": 0.2,  # a word already covered by a phrase or pair
}
KEEP_RATIO = 0.6  # candidates much less sure than the best one are dropped
PAIR_LATIN = 0.5  # the English form of a pair, as the corpus writes it beside the Chinese
SINGLE_CHAR = 0.5  # a one-character candidate (州 for "state") is usually a loose sense
PART_SHARE = 0.3  # 生态 for "ecosystem" (生态系统): the parts jieba also indexes, at a fraction


@dataclass(frozen=True)
class QueryTerm:
    """A token of the lexical index, how much it counts, and why it is in the query."""

    token: str
    weight: float
    source: str  # one of WEIGHTS' keys
    en: str = ""  # the English that produced it, for explanations


class Translator:
    """English question -> weighted Chinese tokens; built once per index, under a millisecond a question."""

    def __init__(
        self,
        glossary: Glossary,
        pairs: Iterable[TermPair],
        idf: Mapping[str, float],
        max_per_word: int = 4,
        max_phrase: int = 5,
    ):
        self.idf = idf
        self.max_per_word = max_per_word
        self.max_phrase = max_phrase
        self._glossary = glossary
        self._reverse = reverse_index(glossary, idf)
        self._phrasebook = PhraseBook(self._reverse, glossary, max_phrase)
        # English words: any word of an ordinary dictionary sense, or with a translation here
        self._english = glossary.common_english | {k[0] for k in self._reverse if len(k) == 1}
        pairs = list(pairs)
        self._pairs = pair_index(pairs, idf)
        learn_from_pairs(self._reverse, pairs, idf)
        self._pinyin = pinyin_index(idf)
        self._parts = parts_index(idf)

    def translate(self, question: str) -> list[QueryTerm]:
        """Weighted tokens for ``question``, one per token, heaviest first."""
        acc: dict[str, QueryTerm] = {}

        def add(token: str, weight: float, source: str, en: str) -> None:
            if token not in self.idf or weight <= 0:
                return
            old = acc.get(token)
            if old is None or old.weight < weight:
                acc[token] = QueryTerm(token, round(weight, 4), source, en)

        used = numbers(question, add, WEIGHTS["number"])  # character spans of numbers and their units
        used += self._names(question, add)
        self._latin(question, add)
        terms = [
            (t, s, e)
            for t, s, e in english_spans(question)
            if not t[:1].isdigit() and not any(a <= s < b for a, b in used)
        ]
        covered = self._phrases(question, terms, add)
        for i, (term, _, _) in enumerate(terms):
            if term in NUMERALS:
                n = NUMERALS[term]
                for tok in (str(n), numerals.digit(n) if n <= 10 else ""):
                    add(tok, WEIGHTS["numeral"], "numeral", term)
                continue
            source = "member" if i in covered else "word"
            self._spread(self._reverse.get((term,), ()), WEIGHTS[source], source, term, add)
        return sorted(acc.values(), key=lambda t: (-t.weight, t.token))

    def knows_phrase(self, key: tuple[str, ...]) -> bool:
        """Whether the index holds a Chinese translation of the English phrase ``key`` (its terms)."""
        return bool(self._phrasebook.lookup(key))

    def _phrases(self, question: str, terms: list[tuple[str, int, int]], add: Add) -> set[int]:
        """Corpus pairs, then dictionary phrases, longest first; returns the positions they cover.

        A pair found inside a longer capitalised name ("UK Quantum" inside "UK
        Quantum Technology Enterprise Centre") names something else and counts little.
        """
        covered: set[int] = set()
        words = [t for t, _, _ in terms]
        i = 0
        while i < len(words):
            for n in range(min(self.max_phrase + 2, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                pair = self._pairs.get(key)
                if pair:
                    weight = WEIGHTS["pair"] * (0.25 if _name_goes_on(question, terms, i, i + n) else 1.0)
                    if n == 1 and _acronym(question, terms[i]) and words[i] in self.idf:
                        weight *= 0.25  # APT: the corpus writes the acronym itself, its 高级软件包工具 less
                    self._conjunction(pair[0], weight, " ".join(key), add)
                    self._conjunction(pair[1], weight * PAIR_LATIN, " ".join(key), add)
                    break
                cands = self._phrasebook.lookup(key) if 1 < n <= self.max_phrase else None
                if cands and not self._phrasebook.overlapped(words, i, n, max(c.quality for c in cands)):
                    self._spread(cands, WEIGHTS["phrase"], "phrase", " ".join(key), add)
                    break
            else:
                i += 1
                continue
            covered.update(range(i, i + n))
            i += n
        return covered

    def _spread(self, cands: Iterable[Candidate], total: float, source: str, en: str, add: Add) -> None:
        """Share ``total`` among the surest few candidates, in proportion to how sure each is.

        The share is not scaled by idf: BM25 already rewards rare tokens, and
        preferring rare candidates picked wrong senses (国航 "Air China" for China).
        """
        cands = [c if len(c.head) > 1 else Candidate(c.head, c.pieces, c.quality * SINGLE_CHAR) for c in cands]
        if source == "member":
            cands = [c for c in cands if len(c.head) > 1]
        if not cands:
            return
        best = max(c.quality for c in cands)
        cands = [c for c in cands if c.quality >= KEEP_RATIO * best]
        # among senses the dictionary gives as surely, the one the corpus uses most first: "level" is 级别 in a
        # manual's kernel tables, not the 层次 a code-point order had kept of its five equal senses
        cands = sorted(cands, key=lambda c: (-c.quality, self._rarity(c), c.head))[: self.max_per_word]
        norm = sum(c.quality for c in cands)
        for c in cands:
            w = total * best * c.quality / norm
            if len(c.pieces) > 1:
                w *= 0.7  # the compound itself may not occur, only its parts
            for piece in c.pieces:
                add(piece, w, source, en)
                for part in self._parts.get(piece, ()):
                    add(part, w * PART_SHARE, source, en)

    def _rarity(self, cand: Candidate) -> float:
        """The idf of the candidate's commonest piece: lower is a word the corpus uses more."""
        return min(self.idf.get(p, math.inf) for p in cand.pieces)

    @staticmethod
    def _conjunction(toks: list[str], total: float, en: str, add: Add) -> None:
        """All tokens of one Chinese term share its weight; the parts of a longer token count half."""
        share = total / len(toks) ** 0.5
        for t in toks:
            part = any(t != o and t in o for o in toks)
            add(t, share * (0.5 if part else 1.0), "pair", en)

    def _latin(self, question: str, add: Add) -> None:
        """Latin-script tokens the corpus also writes (IBM, QED-C, a DOI), and Chinese inside the question."""
        for tok, s, e in token_spans(question):
            if tok[:1].isdigit() or tok in STOPWORDS:
                continue
            if has_cjk(tok):
                add(tok, WEIGHTS["zh"], "zh", tok)
                continue
            if tok not in self.idf:
                continue
            raw = re.sub(r"['’]s$", "", question[s:e])  # QuIC's -> QuIC
            if tok.endswith("'s"):
                continue
            if tok != raw.lower().replace("·", "-"):
                source = "latin-part"
            elif not raw.isalpha() or sum(c.isupper() for c in raw) >= 2:
                source = "latin"
            elif raw[0].isupper() and question[:s].strip() and stem(tok) not in self._english:
                source = "latin-name"  # Quspin, Tencent: a name, not an English word
            elif not self._reverse.get((stem(tok),)):
                source = "latin"  # a word the corpus writes only in Latin letters (pager, dpkg): nothing else finds it
            else:
                source = "latin-word"  # matches English prose (references, abstracts) more than answers
            add(tok, WEIGHTS[source], source, raw)

    def _names(self, question: str, add: Add) -> list[tuple[int, int]]:
        """Pinyin spellings of Chinese names and places: "Duan Luming" -> 段路明, "Hefei" -> 合肥.

        A word counts as pinyin only if it is capitalised inside the sentence or
        has no dictionary sense (so "make" never becomes 马克). Up to three
        adjacent words are joined, longest first. Returns the spans used up.
        """
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(question)]
        ok = [(w[0].isupper() and question[:s].strip() != "") or stem(w) not in self._english for w, s, _ in words]
        used = []
        i = 0
        while i < len(words):
            for n in range(min(3, len(words) - i), 0, -1):
                span = words[i : i + n]
                if not all(ok[i : i + n]) or any(question[a[2] : b[1]] not in (" ", "-") for a, b in _bigrams(span)):
                    continue
                en = " ".join(w for w, _, _ in span)
                toks = self._pinyin.get(pinyin_key(en))
                if toks:
                    toks = self._best_names(en, toks)
                    for tok in toks:
                        add(tok, WEIGHTS["pinyin"] / len(toks), "pinyin", en)
                    used.append((span[0][1], span[-1][2]))
                    break
            else:
                i += 1
                continue
            i += n
        return used

    def _best_names(self, en: str, toks: list[str]) -> list[str]:
        """Among tokens that sound alike, the one the dictionary gives for the English, else the non-words.

        "Beijing" is 北京, not 背景; "Weici" is the company 未磁, not the adverb 为此.
        """
        dictionary = {p for c in self._reverse.get(tuple(english_terms(en)), ()) for p in c.pieces}
        return (
            [t for t in toks if t in dictionary]
            or [t for t in toks if t not in self._glossary]
            or toks
        )


def _acronym(question: str, term: tuple[str, int, int]) -> bool:
    """Whether the question writes the term with two capitals or more (APT, GRUB, QuIC)."""
    return sum(c.isupper() for c in question[term[1]:term[2]]) >= 2


def _bigrams(items: list) -> Iterable[tuple]:
    return zip(items, items[1:])


def _name_goes_on(question: str, terms: list[tuple[str, int, int]], i: int, j: int) -> bool:
    """Whether the capitalised words at ``terms[i:j]`` are only part of a longer capitalised name."""

    def joined(a: int, b: int) -> bool:
        gap = question[terms[a][2] : terms[b][1]].strip().lower()
        return gap in ("", "of", "for", "and", "&")

    after = j < len(terms) and question[terms[j][1]].isupper() and joined(j - 1, j)
    before = i > 0 and terms[i - 1][1] > 0 and question[terms[i - 1][1]].isupper() and joined(i - 1, i)
    return after or before



def translator_for(index: IndexReader) -> Translator:
    """The translator of an opened index: the dictionary, the corpus's own pairs, its Chinese vocabulary."""
    pairs = [TermPair(en=en, zh=zh) for en, zh in index.pairs]
    return Translator(default_glossary(), pairs, index.lexical("zh").idf_map())
