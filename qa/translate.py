"""An English question turned into weighted Chinese tokens of the lexical index.

Dictionary translation of the question was the strongest English signal
measured (DESIGN.md), and each refinement here fixes a failure of the plain
word-by-word prototype: phrases before words ("venture capital" -> 风险投资),
the corpus's own parenthesised pairs (NQI -> 国家量子倡议法案), pinyin for
names the dictionary lacks (Duan Luming -> 段路明), numbers in Chinese
notation (120 million dollars -> 1.2亿 美元), and weights that favour specific
candidates so a common English word cannot flood the query.
Only tokens the corpus contains (keys of ``idf``) are ever returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from index.english import STOPWORDS, english_terms, stem
from index.gloss import Glossary
from index.pairs import TermPair
from index.tokenize import tokenize

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ALL_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_WORD = re.compile(r"[A-Za-z]+")

# Weight of one English unit, spread over its candidates.
WEIGHTS = {
    "pair": 1.6,  # the corpus says so itself
    "pinyin": 1.5,  # a name: very specific
    "phrase": 1.4,  # a dictionary phrase beats its words
    "number": 1.2,
    "latin": 1.0,  # an identifier the corpus writes in Latin letters (IBM, QED-C)
    "word": 1.0,
    "zh": 1.0,  # Chinese written inside an English question
    "member": 0.3,  # a word already covered by a phrase or pair
    "latin-word": 0.5,  # an ordinary English word that also occurs in the corpus
    "numeral": 0.4,  # "four" -> 4 / 四
}

_CURRENCY = {
    "dollar": "美元", "usd": "美元", "$": "美元", "us$": "美元",
    "pound": "英镑", "gbp": "英镑", "£": "英镑", "sterling": "英镑",
    "euro": "欧元", "eur": "欧元", "€": "欧元",
    "yuan": "元", "rmb": "人民币", "renminbi": "人民币", "cny": "人民币", "¥": "元",
    "yen": "日元", "jpy": "日元",
}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "hundred": 1e2}
_NUMERALS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "hundred": 100}
_CN_DIGITS = "零一二三四五六七八九十"
_MONEY = re.compile(
    r"(?P<cur>US\$|\$|£|€|¥)?\s?(?P<num>\d+(?:[.,]\d+)*)\s?(?P<pct>%|percent\b|per cent\b)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>k|m|mn|bn|b)\b)?"
    r"(?:\s?(?P<unit>(?:us |u\.s\. )?dollars?|usd|pounds?(?: sterling)?|gbp|euros?|eur|yuan|rmb|renminbi|cny|yen|jpy)\b)?",
    re.IGNORECASE,
)


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


def _pinyin_key(text: str) -> str:
    return text.lower().replace("ü", "u").replace("v", "u").replace(" ", "").replace("-", "").replace("'", "")


class Translator:
    """English question -> weighted Chinese tokens; built once per index, then about a millisecond a question."""

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
        self._max_idf = max(idf.values(), default=1.0) or 1.0
        self._reverse = self._build_reverse(glossary, idf)
        self._known = {k[0] for k in self._reverse if len(k) == 1}  # English words with a translation
        self._pairs = self._build_pairs(pairs, idf)
        self._pinyin = self._build_pinyin(idf)

    # -- construction ---------------------------------------------------------------------------

    def _build_reverse(self, glossary: Glossary, idf: Mapping[str, float]) -> dict[tuple[str, ...], list[_Candidate]]:
        """English key -> headwords whose sense is (or contains) it, for headwords the corpus has."""
        chars = {c for t in idf for c in t if _CJK.match(c)}
        longest = max((len(t) for t in idf), default=1)
        reverse: dict[tuple[str, ...], dict[str, _Candidate]] = {}
        for head in glossary.entries:
            if head in idf:
                pieces: tuple[str, ...] | None = (head,)
            elif len(head) > 1 and all(c in chars for c in head):
                pieces = _segment(head, idf, longest)
            else:
                pieces = None
            if not pieces:
                continue
            for rank, sense in enumerate(glossary.senses(head)):
                if len(sense) > 6:
                    continue
                prior = 1.0 / (1.0 + 0.25 * rank)
                for key, quality in _keys(sense):
                    q = quality * prior
                    slot = reverse.setdefault(key, {})
                    old = slot.get(head)
                    if old is None or old.quality < q:
                        slot[head] = _Candidate(head, pieces, q)
        return {k: list(v.values()) for k, v in reverse.items()}

    @staticmethod
    def _build_pairs(pairs: Iterable[TermPair], idf: Mapping[str, float]) -> dict[tuple[str, ...], list[str]]:
        out: dict[tuple[str, ...], dict[str, None]] = {}
        for p in pairs:
            key = tuple(english_terms(p.en))
            toks = [t for t in tokenize(p.zh) if t in idf]
            if key and toks:
                out.setdefault(key, {}).update(dict.fromkeys(toks))
        return {k: list(v) for k, v in out.items()}

    @staticmethod
    def _build_pinyin(idf: Mapping[str, float]) -> dict[str, list[str]]:
        """Toneless pinyin of every multi-character Chinese token: "hefei" -> [合肥]."""
        from pypinyin import lazy_pinyin

        out: dict[str, list[str]] = {}
        for tok in idf:
            if len(tok) >= 2 and _ALL_CJK.match(tok):
                out.setdefault(_pinyin_key("".join(lazy_pinyin(tok))), []).append(tok)
        return out

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

        number_words = self._numbers(question, add)
        self._latin(question, add)
        self._names(question, add)
        terms = [t for t in english_terms(question) if not t[:1].isdigit()]
        terms = [t for t in terms if t not in number_words]
        covered = self._phrases(terms, add)
        for i, term in enumerate(terms):
            if term in _NUMERALS:
                n = _NUMERALS[term]
                for tok in (str(n), _CN_DIGITS[n] if n <= 10 else ""):
                    add(tok, WEIGHTS["numeral"], "numeral", term)
                continue
            source = "member" if i in covered else "word"
            self._spread(self._reverse.get((term,), ()), WEIGHTS[source], source, term, add)
        return sorted(acc.values(), key=lambda t: (-t.weight, t.token))

    def _phrases(self, terms: list[str], add) -> set[int]:
        """Corpus pairs, then dictionary phrases, longest first; returns the positions they cover."""
        covered: set[int] = set()
        i = 0
        while i < len(terms):
            for n in range(min(self.max_phrase + 2, len(terms) - i), 0, -1):
                key = tuple(terms[i : i + n])
                toks = self._pairs.get(key)
                if toks:
                    self._conjunction(toks, WEIGHTS["pair"], "pair", " ".join(key), add)
                    covered.update(range(i, i + n))
                    i += n
                    break
                cands = self._reverse.get(key) if 1 < n <= self.max_phrase else None
                if cands:
                    self._spread(cands, WEIGHTS["phrase"], "phrase", " ".join(key), add)
                    covered.update(range(i, i + n))
                    i += n
                    break
            else:
                i += 1
        return covered

    def _spread(self, cands, total: float, source: str, en: str, add) -> None:
        """Share ``total`` among the best candidates, by quality and specificity (idf)."""
        if not cands:
            return
        multi = [c for c in cands if len(c.head) > 1]
        cands = multi or cands  # a single character only when nothing longer exists
        scored = sorted(((self._score(c), c) for c in cands), key=lambda sc: (-sc[0], sc[1].head))
        scored = scored[: self.max_per_word]
        norm = sum(s for s, _ in scored)
        for s, c in scored:
            w = total * c.quality * s / norm
            if len(c.pieces) > 1:
                w *= 0.7  # the compound itself may not occur, only its parts
            for piece in c.pieces:
                add(piece, w, source, en)

    def _score(self, c: _Candidate) -> float:
        spec = sum(self.idf.get(p, 0.0) for p in c.pieces) / len(c.pieces) / self._max_idf
        return c.quality * (0.5 + spec)

    def _conjunction(self, toks: list[str], total: float, source: str, en: str, add) -> None:
        """All tokens of one Chinese term; the parts of a longer token count half."""
        for t in toks:
            part = any(t != o and t in o for o in toks)
            add(t, total * (0.5 if part else 1.0), source, en)

    def _numbers(self, question: str, add) -> set[str]:
        """Numbers, percentages and money in Chinese notation; returns the words they used up."""
        used: set[str] = set()
        for m in _MONEY.finditer(question):
            raw = m.group("num")
            value = float(raw.replace(",", ""))
            en = m.group().strip()
            if m.group("pct"):
                add(_fmt(value) + "%", WEIGHTS["number"], "number", en)
                used.update(("percent", "per", "cent"))
                continue
            scale = (m.group("scale") or m.group("abbr") or "").lower()
            if scale:
                value *= _SCALE[scale]
                used.add(scale)
            for form in chinese_numbers(value):
                add(form, WEIGHTS["number"], "number", en)
            add(raw.replace(",", ""), WEIGHTS["number"], "number", en)
            unit = (m.group("unit") or m.group("cur") or "").lower()
            if unit:
                word = unit.split()[-1] if unit[-1].isalpha() else unit
                used.update(english_terms(unit))
                cn = _CURRENCY.get(stem(word), _CURRENCY.get(word))
                if cn:
                    add(cn, WEIGHTS["number"], "number", en)
        return used

    def _latin(self, question: str, add) -> None:
        """Latin-script tokens the corpus also writes (IBM, QED-C, a DOI), and Chinese inside the question."""
        for tok in tokenize(question):
            if tok[:1].isdigit() or tok in STOPWORDS:
                continue
            if _CJK.search(tok):
                add(tok, WEIGHTS["zh"], "zh", tok)
            elif tok in self.idf:
                ident = not tok.isalpha() or re.search(rf"\b{re.escape(tok)}\b", question) is None
                add(tok, WEIGHTS["latin" if ident else "latin-word"], "latin" if ident else "latin-word", tok)

    def _names(self, question: str, add) -> None:
        """Pinyin spellings of Chinese names and places: "Duan Luming" -> 段路明, "Hefei" -> 合肥.

        A word counts as pinyin only if it is capitalised inside the sentence or
        has no dictionary sense (so "make" never becomes 马克). Up to three
        adjacent words are joined, longest first.
        """
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(question)]
        ok = [
            (w[0].isupper() and s > 0 and question[:s].strip() != "") or stem(w) not in self._known
            for w, s, _ in words
        ]
        i = 0
        while i < len(words):
            for n in range(min(3, len(words) - i), 0, -1):
                span = words[i : i + n]
                if not all(ok[i : i + n]) or any(question[a[2] : b[1]] not in (" ", "-") for a, b in zip(span, span[1:])):
                    continue
                en = " ".join(w for w, _, _ in span)
                toks = self._pinyin.get(_pinyin_key(en))
                if not toks:
                    continue
                dictionary = {p for c in self._reverse.get(tuple(english_terms(en)), ()) for p in c.pieces}
                toks = [t for t in toks if t in dictionary] or toks  # Beijing: 北京, not 背景
                for tok in toks:
                    add(tok, WEIGHTS["pinyin"] / len(toks), "pinyin", en)
                i += n
                break
            else:
                i += 1


def _keys(sense: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], float]]:
    """Keys under which a sense is found: the whole sense, its phrases, and the head of a two-word sense."""
    n = len(sense)
    yield sense, 1.0
    if n == 2:
        yield sense[1:], 0.6  # "american dollar" is a kind of "dollar"
    if 2 < n <= 5:
        for size in range(2, n):
            for i in range(n - size + 1):
                yield sense[i : i + size], 0.5 + 0.5 * size / n


def _segment(head: str, idf: Mapping[str, float], longest: int) -> tuple[str, ...] | None:
    """``head`` as the fewest index tokens of two or more characters (量子通信 -> 量子 通信), if possible."""
    n = len(head)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 2, min(n, i + longest) + 1):
            piece = head[i:j]
            if piece in idf:
                cand = best[i] + (piece,)
                if best[j] is None or len(cand) < len(best[j]):
                    best[j] = cand
    return best[n]
