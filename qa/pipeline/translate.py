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

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from index.english import STOPWORDS, english_spans, english_terms, stem
from index.gloss import Glossary
from index.pairs import TermPair
from index.text import numerals
from index.text.script import all_cjk, has_cjk, starts_cjk
from index.tokenize import token_spans, tokenize

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
MIN_PHRASE_QUALITY = 0.5  # an n-gram that is only a loose part of some sense is not a phrase
KEEP_RATIO = 0.6  # candidates much less sure than the best one are dropped
PAIR_WORD_QUALITY = 0.8  # a word translation learnt from a corpus pair
PAIR_LATIN = 0.5  # the English form of a pair, as the corpus writes it beside the Chinese
SINGLE_CHAR = 0.5  # a one-character candidate (州 for "state") is usually a loose sense
PART_SHARE = 0.3  # 生态 for "ecosystem" (生态系统): the parts jieba also indexes, at a fraction

_CURRENCY = {
    "dollar": "美元", "usd": "美元", "$": "美元", "us$": "美元",
    "pound": "英镑", "gbp": "英镑", "£": "英镑", "sterl": "英镑",
    "euro": "欧元", "eur": "欧元", "€": "欧元",
    "yuan": "元", "rmb": "人民币", "renminbi": "人民币", "cny": "人民币", "¥": "元",
    "yen": "日元", "jpy": "日元",
}  # fmt: skip
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12}  # fmt: skip
_NUMERALS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "hundred": 100}  # fmt: skip
_UNITS = r"(?:us |u\.s\. )?dollars?|usd|pounds?(?: sterling)?|gbp|euros?|eur|yuan|rmb|renminbi|cny|yen|jpy"
_MONEY = re.compile(
    r"(?P<cur>US\$|\$|£|€|¥)?\s?(?P<num>\d+(?:[.,]\d+)*)\s?(?P<pct>%|percent\b|per cent\b)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>k|m|mn|bn|b)\b)?"
    rf"(?:\s?(?P<unit>{_UNITS})\b)?",
    re.IGNORECASE,
)

Add = Callable[[str, float, str, str], None]


@dataclass(frozen=True)
class QueryTerm:
    """A token of the lexical index, how much it counts, and why it is in the query."""

    token: str
    weight: float
    source: str  # one of WEIGHTS' keys
    en: str = ""  # the English that produced it, for explanations


@dataclass(frozen=True)
class _Candidate:
    head: str  # dictionary headword
    pieces: tuple[str, ...]  # its tokens in the index (the headword itself when the index has it)
    quality: float  # 1.0 when a whole sense equals the English, less for part of a sense


def chinese_numbers(value: float) -> list[str]:
    """The ways Chinese text writes a number: 1.2亿, 12000万, 3.5万, 232 (as the tokenizer keeps them)."""
    out = []
    if value >= 1e8:
        out.append(_fmt(value / 1e8) + "亿")
    if value >= 1e4:
        out.append(_fmt(value / 1e4) + "万")
    out.append(_fmt(value))
    return out


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def pinyin_key(text: str) -> str:
    """Toneless pinyin with spaces, case, hyphens and apostrophes ignored; ü written u."""
    return re.sub(r"[\s\-'’]", "", text.lower()).replace("ü", "u").replace("v", "u")


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
        self._reverse = _reverse_index(glossary, idf)
        # English words: any word of an ordinary dictionary sense, or with a translation here
        self._english = glossary.common_english | {k[0] for k in self._reverse if len(k) == 1}
        pairs = list(pairs)
        self._pairs = self._pair_index(pairs)
        self._learn_from_pairs(pairs)
        self._pinyin = _pinyin_index(idf)
        self._parts = _parts_index(idf)

    # -- construction ---------------------------------------------------------------------------

    def _pair_index(self, pairs: list[TermPair]) -> dict[tuple[str, ...], tuple[list[str], list[str]]]:
        """English key -> (Chinese tokens, Latin tokens): the corpus writes the English form too."""
        zh: dict[tuple[str, ...], dict[str, None]] = {}
        latin: dict[tuple[str, ...], dict[str, None]] = {}
        for p in pairs:
            key = tuple(english_terms(p.en))
            toks = [t for t in tokenize(p.zh) if t in self.idf]
            if key and toks:
                zh.setdefault(key, {}).update(dict.fromkeys(toks))
                lat = [t for t in tokenize(p.en) if t in self.idf and t not in STOPWORDS]
                latin.setdefault(key, {}).update(dict.fromkeys(lat))
        return {k: (list(v), list(latin[k])) for k, v in zh.items()}

    def _learn_from_pairs(self, pairs: list[TermPair]) -> None:
        """Word translations the dictionary lacks, read off the corpus's own pairs.

        In "Quantum Technology Innovation Hubs = 量子技术创新中心" the dictionary
        aligns quantum/量子, technology/技术, innovation/创新; the one word and the
        one token left over (hub, 中心) are taken as a translation of each other.
        """
        for p in pairs:
            words = list(dict.fromkeys(english_terms(p.en)))
            toks = _finest(t for t in tokenize(p.zh) if t in self.idf)
            if len(words) < 2 or len(toks) < 2:
                continue
            left_words, left_toks = [], set(toks)
            for w in words:
                hits = {piece for c in self._reverse.get((w,), ()) for piece in c.pieces} & set(toks)
                if hits:
                    left_toks -= hits
                else:
                    left_words.append(w)
            if len(left_words) == 1 and len(left_toks) == 1:
                tok = left_toks.pop()
                slot = self._reverse.setdefault((left_words[0],), [])
                if all(c.head != tok for c in slot):
                    slot.append(_Candidate(tok, (tok,), PAIR_WORD_QUALITY))

    # -- translation ----------------------------------------------------------------------------

    def translate(self, question: str) -> list[QueryTerm]:
        """Weighted tokens for ``question``, one per token, heaviest first."""
        acc: dict[str, QueryTerm] = {}

        def add(token: str, weight: float, source: str, en: str) -> None:
            if token not in self.idf or weight <= 0:
                return
            old = acc.get(token)
            if old is None or old.weight < weight:
                acc[token] = QueryTerm(token, round(weight, 4), source, en)

        used = self._numbers(question, add)  # character spans of numbers and their units
        used += self._names(question, add)
        self._latin(question, add)
        terms = [
            (t, s, e)
            for t, s, e in english_spans(question)
            if not t[:1].isdigit() and not any(a <= s < b for a, b in used)
        ]
        covered = self._phrases(question, terms, add)
        for i, (term, _, _) in enumerate(terms):
            if term in _NUMERALS:
                n = _NUMERALS[term]
                for tok in (str(n), numerals.digit(n) if n <= 10 else ""):
                    add(tok, WEIGHTS["numeral"], "numeral", term)
                continue
            source = "member" if i in covered else "word"
            self._spread(self._reverse.get((term,), ()), WEIGHTS[source], source, term, add)
        return sorted(acc.values(), key=lambda t: (-t.weight, t.token))

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
                    self._conjunction(pair[0], weight, " ".join(key), add)
                    self._conjunction(pair[1], weight * PAIR_LATIN, " ".join(key), add)
                    break
                cands = self._phrase(key) if 1 < n <= self.max_phrase else None
                if cands:
                    self._spread(cands, WEIGHTS["phrase"], "phrase", " ".join(key), add)
                    break
            else:
                i += 1
                continue
            covered.update(range(i, i + n))
            i += n
        return covered

    def _phrase(self, key: tuple[str, ...]) -> list[_Candidate]:
        """Dictionary candidates for an n-gram; failing that, with one word swapped for a synonym.

        Synonyms come from the dictionary itself: "country" and "nation" are
        senses of the same word 国家, so "developed countries" finds 发达国家
        ("developed nation").
        """
        cands = self._reverse.get(key)
        if cands and max(c.quality for c in cands) >= MIN_PHRASE_QUALITY:
            return cands
        if len(key) > 3:
            return []
        for i, word in enumerate(key):
            for alt in self._synonyms(word):
                cands = self._reverse.get(key[:i] + (alt,) + key[i + 1 :])
                if cands and max(c.quality for c in cands) >= 0.9:
                    return [_Candidate(c.head, c.pieces, c.quality * 0.8) for c in cands]
        return []

    def _synonyms(self, word: str) -> list[str]:
        out: dict[str, None] = {}
        for c in sorted(self._reverse.get((word,), ()), key=lambda c: -c.quality)[:2]:
            if c.quality < 0.9:
                continue
            for sense in self._glossary.senses(c.head)[:4]:
                if len(sense) == 1 and sense[0] != word:
                    out[sense[0]] = None
        return list(out)

    def _spread(self, cands: Iterable[_Candidate], total: float, source: str, en: str, add: Add) -> None:
        """Share ``total`` among the surest few candidates, in proportion to how sure each is.

        The share is not scaled by idf: BM25 already rewards rare tokens, and
        preferring rare candidates picked wrong senses (国航 "Air China" for China).
        """
        cands = [c if len(c.head) > 1 else _Candidate(c.head, c.pieces, c.quality * SINGLE_CHAR) for c in cands]
        if source == "member":
            cands = [c for c in cands if len(c.head) > 1]
        if not cands:
            return
        best = max(c.quality for c in cands)
        cands = [c for c in cands if c.quality >= KEEP_RATIO * best]
        cands = sorted(cands, key=lambda c: (-c.quality, c.head))[: self.max_per_word]
        norm = sum(c.quality for c in cands)
        for c in cands:
            w = total * best * c.quality / norm
            if len(c.pieces) > 1:
                w *= 0.7  # the compound itself may not occur, only its parts
            for piece in c.pieces:
                add(piece, w, source, en)
                for part in self._parts.get(piece, ()):
                    add(part, w * PART_SHARE, source, en)

    @staticmethod
    def _conjunction(toks: list[str], total: float, en: str, add: Add) -> None:
        """All tokens of one Chinese term share its weight; the parts of a longer token count half."""
        share = total / len(toks) ** 0.5
        for t in toks:
            part = any(t != o and t in o for o in toks)
            add(t, share * (0.5 if part else 1.0), "pair", en)

    @staticmethod
    def _numbers(question: str, add: Add) -> list[tuple[int, int]]:
        """Numbers, percentages and money in Chinese notation; returns the character spans used up."""
        used = []
        for m in _MONEY.finditer(question):
            raw = m.group("num").replace(",", "")
            try:
                value = float(raw)
            except ValueError:  # a dotted date, a version or an address (2021.03.05): not one number
                continue
            en = m.group().strip()
            used.append(m.span())
            if m.group("pct"):
                add(_fmt(value) + "%", WEIGHTS["number"], "number", en)
                continue
            scale = (m.group("scale") or m.group("abbr") or "").lower()
            for form in chinese_numbers(value * _SCALE.get(scale, 1.0)):
                add(form, WEIGHTS["number"], "number", en)
            if not scale:
                add(raw, WEIGHTS["number"], "number", en)  # as written: 2018, 26.8
            unit = (m.group("unit") or m.group("cur") or "").lower()
            if unit:
                word = unit.split()[-1]
                cn = _CURRENCY.get(word) or _CURRENCY.get(stem(word))
                if cn:
                    add(cn, WEIGHTS["number"], "number", en)
        return used

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


def _finest(tokens: Iterable[str]) -> list[str]:
    """Tokens that contain no other token (jieba's search mode adds compounds above their parts)."""
    toks = list(dict.fromkeys(tokens))
    return [t for t in toks if not any(o != t and o in t for o in toks)]


def _reverse_index(glossary: Glossary, idf: Mapping[str, float]) -> dict[tuple[str, ...], list[_Candidate]]:
    """English key -> headwords whose sense is (or contains) it, for the headwords the corpus has.

    A headword the index lacks as one token still counts when it is made of
    index tokens (量子通信 -> 量子 通信).
    """
    chars = frozenset(c for t in idf for c in t if starts_cjk(c))
    longest = max((len(t) for t in idf), default=1)
    reverse: dict[tuple[str, ...], dict[str, _Candidate]] = {}
    for head in glossary.entries:
        if head in idf:
            pieces: tuple[str, ...] | None = (head,)
        elif len(head) > 1 and chars.issuperset(head):
            pieces = _segment(head, idf, longest)
        else:
            continue
        if not pieces:
            continue
        for rank, sense in enumerate(glossary.senses(head)):
            if len(sense) > 6:
                continue
            prior = 1.0 / (1.0 + 0.25 * rank)  # the dictionary lists common senses first
            for key, quality in _keys(sense):
                q = quality * prior
                slot = reverse.setdefault(key, {})
                old = slot.get(head)
                if old is None or old.quality < q:
                    slot[head] = _Candidate(head, pieces, q)
    return {k: list(v.values()) for k, v in reverse.items()}


def _keys(sense: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], float]]:
    """Keys under which a sense is found: the whole sense, its inner phrases, the head of a two-word sense."""
    n = len(sense)
    yield sense, 1.0
    if n == 2:
        yield sense[1:], 0.5  # "american dollar" is a kind of "dollar"
    if 2 < n <= 5:
        for size in range(2, n):
            for i in range(n - size + 1):
                yield sense[i : i + size], 0.4 + 0.4 * size / n


def _parts_index(idf: Mapping[str, float]) -> dict[str, tuple[str, ...]]:
    """Compound token -> the shorter index tokens it is made of (生态系统 -> 生态 系统)."""
    longest = max((len(t) for t in idf), default=1)
    out = {}
    for tok in idf:
        if len(tok) >= 3 and all_cjk(tok):
            parts = _segment(tok, idf, longest, exclude=tok)
            if parts:
                out[tok] = parts
    return out


def _segment(head: str, idf: Mapping[str, float], longest: int, exclude: str = "") -> tuple[str, ...] | None:
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


def _pinyin_index(idf: Mapping[str, float]) -> dict[str, list[str]]:
    """Toneless pinyin of every multi-character Chinese token: "hefei" -> [合肥]."""
    from pypinyin import lazy_pinyin

    out: dict[str, list[str]] = {}
    for tok in idf:
        if len(tok) >= 2 and all_cjk(tok):
            out.setdefault(pinyin_key("".join(lazy_pinyin(tok))), []).append(tok)
    return out
