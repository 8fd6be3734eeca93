"""Where does this quote or claim come from? ``find`` answers with citations.

Two questions in one call, in this order:

1. Is the text a quote? Quote and documents are folded alike
   (:mod:`index.text.fold`: punctuation, width, traditional characters, line
   breaks do not count) and the folded quote is searched in each document's
   folded text, first in reading order (paragraph by paragraph, so a quote
   may run across paragraphs or across a photo caption inside one), then in
   the whole file. A hit is verdict ``exact``, with its offsets in the
   original file and the citations of the sentences it covers.
2. Otherwise it is a claim or a paraphrase: every indexed sentence is scored
   by embedding similarity to the claim and by how much of the claim's
   (idf-weighted) terms it contains, Chinese tokens for a Chinese claim and
   the dictionary translation of an English one; a sentence that states the
   claim's quantities gains, one whose numbers disagree is marked down
   (20 billion is not 2亿). The best are returned, and the
   verdict is ``supported`` when the best score reaches a threshold
   calibrated on ``bench/data/claims.jsonl`` (see ``qa/find.toml``).
   ``supported`` means the source says something very close, not that the
   claim is true: a claim that negates a sentence with the same words scores
   like the sentence.
"""

from __future__ import annotations

import bisect
import re
import time
import tomllib
import weakref
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.text.fold import Folded, fold_spans, key
from qa.errors import BadQuestion
from qa.limits import MAX_FIND_CHARS, MAX_K
from qa.provenance.cite import reference, source_of

Span = tuple[int, int]
VERDICTS = ("exact", "supported", "not found")
CONFIG_PATH = Path(__file__).with_name("find.toml")


# ---------------------------------------------------------------- records
@dataclass(frozen=True)
class Match:
    """One place in the corpus: ``text == original[start:end]``; ``spans`` are the pieces that matched."""

    citation: str  # narrowest id covering the match: a sentence, else its paragraph ("" outside indexed text)
    citations: tuple[str, ...]  # every sentence (or heading paragraph) the match touches
    doc: str  # document key
    path: str  # file name in the corpus
    title: str
    start: int
    end: int
    spans: tuple[Span, ...]
    text: str
    cited: str  # the cited sentence or paragraph, spans joined
    score: float
    reference: str  # readable Chinese reference
    reference_en: str

    def to_dict(self) -> dict:
        d = asdict(self)
        d["spans"] = [list(s) for s in self.spans]
        d["citations"] = list(self.citations)
        return d


@dataclass(frozen=True)
class FindResult:
    text: str
    lang: str
    verdict: str  # "exact" | "supported" | "not found"
    score: float  # 1.0 for an exact match, else the best similarity score
    threshold: float  # the score a claim needs for "supported"
    matches: tuple[Match, ...] = ()
    occurrences: int = 0  # exact matches in the corpus (more than are listed, for a short quote)
    timings: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        return {
            "text": self.text, "lang": self.lang, "verdict": self.verdict, "score": round(self.score, 4),
            "threshold": self.threshold, "occurrences": self.occurrences,
            "matches": [m.to_dict() for m in self.matches],
        }

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


@dataclass(frozen=True)
class FindSettings:
    """How claims are scored; the values in ``qa/find.toml`` were calibrated (``bench/calibrate_find.py``)."""

    dense: float = 2.0
    lexical: float = 1.0
    english_gloss: float = 0.0  # share of an English claim's lexical score from the English gloss
    number_penalty: float = 0.75  # share of the score kept when none of the claim's numbers are there
    number_bonus: float = 0.75  # added when the sentence states the claim's quantities (years aside)
    threshold: float = 1.665


def load_find_settings(path: Path = CONFIG_PATH) -> FindSettings:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return FindSettings()
    s = data.get("claim", {})
    names = FindSettings.__dataclass_fields__
    return FindSettings(**{k: float(v) for k, v in s.items() if k in names})


# ---------------------------------------------------------------- input
def check_text(text: str) -> str:
    """The text to look up; empty, punctuation-only and overlong texts are refused (the limit named)."""
    if not isinstance(text, str):
        raise BadQuestion("find_not_text")
    if len(text) > MAX_FIND_CHARS:
        raise BadQuestion("find_too_long", found=len(text), limit=MAX_FIND_CHARS)
    cleaned = text.strip()
    if not cleaned:
        raise BadQuestion("find_empty")
    if not key(cleaned):
        raise BadQuestion("find_punctuation")
    return cleaned


# ---------------------------------------------------------------- the folded corpus
@dataclass(frozen=True)
class _Unit:
    """A sentence, or a paragraph without sentences (a heading), as find cites it."""

    citation: str
    para: int
    spans: tuple[Span, ...]
    key: str  # folded text


@dataclass(frozen=True)
class _Stream:
    folded: Folded
    starts: tuple[int, ...]  # folded index where each piece begins
    pieces: tuple[Span, ...]

    def spans(self, i: int, j: int) -> tuple[Span, ...]:
        """Original spans of the folded range ``[i, j)``, one per piece it crosses."""
        out = []
        k = bisect.bisect_right(self.starts, i) - 1
        while k < len(self.pieces) and self.starts[k] < j:
            lo = max(i, self.starts[k])
            hi = min(j, self.starts[k + 1] if k + 1 < len(self.starts) else len(self.folded.text))
            if hi > lo:
                out.append(self.folded.span(lo, hi))
            k += 1
        return tuple(out)


def _stream(text: str, pieces: list[Span]) -> _Stream:
    parts = [fold_spans(text, [p]) for p in pieces]
    starts, pos = [], 0
    for p in parts:
        starts.append(pos)
        pos += len(p.text)
    folded = Folded("".join(p.text for p in parts), tuple(o for p in parts for o in p.offsets))
    return _Stream(folded, tuple(starts), tuple(pieces))


@dataclass
class _Doc:
    key: str
    text: str
    streams: list[_Stream]
    units: list[_Unit]  # in order of start
    reach: list[int]  # reach[i]: the furthest end among units[:i + 1], to skip units before a match

    def touched(self, spans: tuple[Span, ...]) -> list[_Unit]:
        """The units a match overlaps, in order."""
        out = []
        for u in self.units[bisect.bisect_right(self.reach, spans[0][0]):]:
            if u.spans[0][0] >= spans[-1][1]:
                break
            if any(us < me and ms < ue for us, ue in u.spans for ms, me in spans):
                out.append(u)
        return out


def _reach(units: list[_Unit]) -> list[int]:
    out, far = [], 0
    for u in units:
        far = max(far, u.spans[-1][1])
        out.append(far)
    return out


class FoldedCorpus:
    """The corpus folded for quote search, and per-sentence terms for claims; built once per assistant."""

    def __init__(self, data, text):
        self.data = data
        self.docs: dict[str, _Doc] = {}
        self.unit_of: dict[tuple, _Unit] = {}
        for k, info in data.documents.items():
            original = text(k)
            units: list[_Unit] = []
            for p in info.paragraphs:
                rows = data.sentence_rows.get((k, p.number), [])
                if rows:
                    for r in rows:
                        row = data.sentences[r]
                        spans = tuple(tuple(s) for s in row[3])
                        units.append(_Unit(f"{k}:p{p.number}.s{row[2]}", p.number, spans, key(row[4])))
                else:
                    units.append(_Unit(p.citation, p.number, p.spans, key("".join(original[s:e] for s, e in p.spans))))
            units.sort(key=lambda u: u.spans[0][0])
            reading = [s for p in info.paragraphs for s in p.spans]
            streams = [_stream(original, reading), _stream(original, [(0, len(original))])]
            self.docs[k] = _Doc(k, original, streams, units, _reach(units))
            for u in units:
                self.unit_of[(k, u.spans)] = u
        self._tokens: list[frozenset[str]] | None = None
        self._gloss: list[frozenset[str]] | None = None
        self._numbers: list[frozenset[float]] | None = None

    # -- per-sentence features for claims, computed on first use
    def tokens(self) -> list[frozenset[str]]:
        if self._tokens is None:
            from index.tokenize import tokenize

            self._tokens = [frozenset(tokenize(row[4])) for row in self.data.sentences]
        return self._tokens

    def gloss(self) -> list[frozenset[str]] | None:
        if self._gloss is None:
            try:
                from index.gloss import default_glossary
            except ImportError:
                return None
            glossary = default_glossary()
            from index.tokenize import tokenize

            self._gloss = [frozenset(glossary.gloss(tokenize(row[4]))) for row in self.data.sentences]
        return self._gloss

    def numbers(self) -> list[frozenset[float]]:
        if self._numbers is None:
            self._numbers = [numbers_in(row[4]) for row in self.data.sentences]
        return self._numbers


_CORPORA: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def corpus_for(assistant) -> FoldedCorpus:
    """The folded corpus of this assistant's index, built on first use (~50 ms) and kept while it lives."""
    src = _CORPORA.get(assistant)
    if src is None or src.data is not assistant.data:
        src = _CORPORA[assistant] = FoldedCorpus(assistant.data, assistant.text)
    return src


# ---------------------------------------------------------------- quotes
def exact_matches(src: FoldedCorpus, folded_quote: str, k: int) -> tuple[list[Match], int]:
    """The best ``k`` places the folded quote occurs (whole sentences first, then indexed text), and their count."""
    found: dict[tuple, tuple] = {}
    for key_, doc in src.docs.items():
        for si, stream in enumerate(doc.streams):
            hay = stream.folded.text
            i = hay.find(folded_quote)
            while i >= 0:
                spans = stream.spans(i, i + len(folded_quote))
                place = (key_, spans[0][0], spans[-1][1])
                if place not in found:  # the reading-order stream comes first and wins
                    units = doc.touched(spans)
                    found[place] = (_rank_key(units, folded_quote, si, key_, spans[0][0]), key_, units, spans)
                i = hay.find(folded_quote, i + 1)
    best = sorted(found.values(), key=lambda x: x[0])[:k]
    matches = [_match(src.docs[d], source_of(src.data.documents[d]), units, spans) for _, d, units, spans in best]
    return matches, len(found)


def _rank_key(units: list[_Unit], folded_quote: str, stream: int, doc: str, start: int) -> tuple:
    whole = len(units) == 1 and units[0].key == folded_quote
    return (not whole, not units, stream, doc, start)


def _match(doc: _Doc, source, units: list[_Unit], spans: tuple[Span, ...], score: float = 1.0) -> Match:
    start, end = spans[0][0], spans[-1][1]
    if not units:
        citation, cited, para, sent = "", "", None, None
    elif len(units) == 1:
        u = units[0]
        citation, para = u.citation, u.para
        sent = int(u.citation.rsplit(".s", 1)[1]) if ".s" in u.citation else None
        cited = "".join(doc.text[s:e] for s, e in u.spans)
    else:
        para, sent = units[0].para, None
        citation = f"{doc.key}:p{para}"
        cited = "".join(doc.text[s:e] for u in units for s, e in u.spans)
    zh = reference(source, para, sent, "zh") if para else ""
    en = reference(source, para, sent, "en") if para else ""
    return Match(citation, tuple(u.citation for u in units), doc.key, source.path, source.title, start, end,
                 spans, doc.text[start:end], cited, round(float(score), 4), zh, en)


# ---------------------------------------------------------------- claims
_NUM = re.compile(
    r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<u>%|％|percent|万亿|亿|万|千|thousand|million|billion|trillion)?",
    re.IGNORECASE,
)
# Chinese numerals count only before a unit or a measure word: 两亿, 十余家, 六个 (not 二是, 三大)
_ZH_NUM = re.compile(
    r"(?P<n>[一二两三四五六七八九十]+)(?:(?P<u>万亿|亿|万)|[余多]?(?=[个家只项名所种次位台条篇笔年岁倍人座]))"
)
_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")\b", re.IGNORECASE)
_SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "thousand": 1e3, "million": 1e6, "billion": 1e9,
          "trillion": 1e12}
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _zh_int(s: str) -> int:
    """十 -> 10, 二十 -> 20, 十五 -> 15, 两 -> 2 (numbers below a hundred, as in 两亿, 二十万)."""
    if "十" not in s:
        return _ZH_DIGITS.get(s, 0)
    tens, _, ones = s.partition("十")
    return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(ones, 0) if ones else 0)


_LIST_MARK = re.compile(r"^\s*[(（]?\d{1,2}[)）.、](?!\d)\s*")


def numbers_in(text: str) -> frozenset[float]:
    """Quantities in Chinese or English: 1.2亿 and 120 million are both 1.2e8; 55.2% is 55.2.

    A list marker (``2)`` at the start) is not a quantity.
    """
    text = _LIST_MARK.sub("", text)
    out = set()
    for m in _NUM.finditer(text):
        value = float(m.group("n").replace(",", ""))
        unit = (m.group("u") or "").lower()
        out.add(round(value * _SCALE.get(unit, 1.0), 6))
    for m in _ZH_NUM.finditer(text):
        value = _zh_int(m.group("n"))
        if value > 1:  # 一 is mostly "a"/"one of" (一批, 一是)
            out.add(round(value * _SCALE.get(m.group("u") or "", 1.0), 6))
    for m in _EN_WORD.finditer(text):
        out.add(float(_EN_WORDS[m.group(1).lower()]))
    return frozenset(out)


def numbers_agree(claim: frozenset[float], sentence: frozenset[float]) -> float:
    """Share of the claim's numbers the sentence also states (1.0 when the claim states none)."""
    wanted = [n for n in claim if n not in (0.0, 1.0)]  # "one of", "a" carry no quantity
    if not wanted:
        return 1.0
    return sum(any(abs(n - s) <= 1e-3 * max(abs(n), 1.0) for s in sentence) for n in wanted) / len(wanted)


def coverage(sets: list[frozenset[str]], terms: dict[str, float], idf) -> np.ndarray:
    """Per set: the idf-weighted share of ``terms`` it contains (terms the corpus never uses do not count)."""
    weights = {t: w * idf(t) for t, w in terms.items() if w > 0}
    total = sum(weights.values())
    if total <= 0:
        return np.zeros(len(sets), dtype=np.float32)
    return np.fromiter((sum(w for t, w in weights.items() if t in s) / total for s in sets),
                       dtype=np.float32, count=len(sets))


def claim_features(assistant, src: FoldedCorpus, text: str, qvec: np.ndarray, english: bool = True) -> dict:
    """Per indexed sentence: dense similarity, coverage of the claim's Chinese terms and of its English
    terms (through the sentences' dictionary gloss), and agreement of numbers."""
    data = assistant.data
    query = assistant.analyse(text)
    n = len(data.sentences)
    zero = np.zeros(n, dtype=np.float32)
    out = {"lang": query.lang, "dense": data.sentence_vectors @ np.asarray(qvec, dtype=np.float32),
           "lex_zh": zero, "lex_en": zero}
    if query.zh_terms:
        out["lex_zh"] = coverage(src.tokens(), dict(query.zh_terms), data.zh.idf_of)
    if english and query.en_terms and data.en is not None and src.gloss() is not None:
        bag: dict[str, float] = {}
        for t in query.en_terms:
            bag[t] = bag.get(t, 0.0) + 1.0
        out["lex_en"] = coverage(src.gloss(), bag, data.en.idf_of)
    claim_numbers = numbers_in(text)
    out["numbers"] = _agreement(claim_numbers, src.numbers(), n)
    # a quantity both state is evidence; a year alone is not (2022 is in many sentences)
    quantities = frozenset(x for x in claim_numbers if not _is_year(x))
    out["quantities"] = _agreement(quantities, src.numbers(), n) if _counts(quantities) else zero
    return out


def _is_year(x: float) -> bool:
    return x.is_integer() and 1900 <= x <= 2100


def _counts(numbers: frozenset[float]) -> bool:
    return any(x not in (0.0, 1.0) for x in numbers)


def _agreement(claim: frozenset[float], sentences: list[frozenset[float]], n: int) -> np.ndarray:
    if not _counts(claim):
        return np.ones(n, dtype=np.float32)
    return np.fromiter((numbers_agree(claim, s) for s in sentences), dtype=np.float32, count=n)


def claim_scores(features: dict, settings: FindSettings) -> np.ndarray:
    """Pure: one score per sentence from its features.

    An English claim is matched through both the translated Chinese terms and
    the English gloss; ``english_gloss`` is the share given to the gloss.
    """
    if features["lang"] in ("en", "mixed"):
        g = settings.english_gloss
        lex = g * features["lex_en"] + (1.0 - g) * features["lex_zh"]
    else:
        lex = features["lex_zh"]
    base = settings.dense * features["dense"] + settings.lexical * lex
    base = base + settings.number_bonus * features["quantities"]
    keep = settings.number_penalty + (1.0 - settings.number_penalty) * features["numbers"]
    return base * keep


# ---------------------------------------------------------------- the entry point
def find(assistant, text: str, k: int = 5, settings: FindSettings | None = None, qvec=None) -> FindResult:
    """Citations for a quote (verdict ``exact``) or for a claim (``supported`` / ``not found``)."""
    if not 1 <= int(k) <= MAX_K:
        raise BadQuestion("k_range", found=k, limit=MAX_K)
    text = check_text(text)
    settings = settings or _default_settings()
    t0 = time.perf_counter()
    src = corpus_for(assistant)
    matches, occurrences = exact_matches(src, key(text), int(k))
    timings = {"exact": time.perf_counter() - t0}
    lang = _lang(text)
    if matches:
        return FindResult(text, lang, "exact", 1.0, settings.threshold, tuple(matches), occurrences, timings)
    t1 = time.perf_counter()
    if qvec is None:
        qvec = assistant.embedder.encode([text])[0]
    feats = claim_features(assistant, src, text, qvec, english=settings.english_gloss > 0)
    scores = claim_scores(feats, settings)
    order = np.argsort(-scores)[: int(k)]
    matches = []
    for r in order:
        row = assistant.data.sentences[int(r)]
        doc = src.docs[row[0]]
        spans = tuple(tuple(s) for s in row[3])
        unit = src.unit_of[(row[0], spans)]
        matches.append(_match(doc, source_of(assistant.data.documents[row[0]]), [unit], spans, scores[r]))
    best = float(scores[order[0]]) if len(order) else 0.0
    verdict = "supported" if best >= settings.threshold else "not found"
    timings["claim"] = time.perf_counter() - t1
    return FindResult(text, feats["lang"], verdict, round(best, 4), settings.threshold, tuple(matches), 0, timings)


def find_many(assistant, texts: list[str], k: int = 1) -> list[FindResult | BadQuestion]:
    """One result per text, in order; a text that cannot be looked up gives its BadQuestion instead.

    Claims are embedded in one batch.
    """
    checked: list[str | BadQuestion] = []
    for t in texts:
        try:
            checked.append(check_text(t))
        except BadQuestion as exc:
            checked.append(exc)
    src = corpus_for(assistant)
    claims = [t for t in checked if isinstance(t, str) and not exact_matches(src, key(t), 1)[1]]
    vecs = dict(zip(claims, assistant.embedder.encode(claims))) if claims else {}
    out: list[FindResult | BadQuestion] = []
    for t in checked:
        out.append(t if isinstance(t, BadQuestion) else find(assistant, t, k, qvec=vecs.get(t)))
    return out


@lru_cache(maxsize=1)
def _default_settings() -> FindSettings:
    return load_find_settings()


def _lang(text: str) -> str:
    from qa.lang import detect_lang

    return detect_lang(text)
