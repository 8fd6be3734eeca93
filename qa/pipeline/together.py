"""Phrases of a question the index never writes together.

"How do I change the system time zone?" over chapters that say 时间 and 区 but never 时区, or "install Docker
Engine" over a manual that names Docker and an engine but never the product: each word is matched somewhere,
so ``confidence.unmatched_terms`` saw nothing missing, yet what the question asks about is not there. The
terms of such a phrase count as unmatched.

Two kinds of phrase, both of two or more words side by side (an article may stand between them):

- a dictionary phrase, an English headword of CC-CEDICT's first sense ("time zone" -> 时区), in an English
  question over an index with Chinese documents: absent when the index holds none of its Chinese and no
  passage writes its words together;
- a name, capitalised words in a row ("Docker Engine") or one with its number ("Debian 12") in a question of
  either language: absent when no passage writes it. In an English question over Chinese documents, only a
  name with a word that is no ordinary English word: the documents may write the others translated (Photon
  Box as 光子盒, Chapter 5 as 第 5 章).

Measured on the Debian set and the seeds (README, "Measured quality"): it finds time zone, a screenshot,
virtual machine, Docker Engine among the unanswerable questions, and "in one go", "multicast address",
"Hong Kong Chinese", "communication lines" among the answerable ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.english import STOPWORDS, english_spans
from index.text.script import has_cjk
from index.tokenize import token_spans

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader
    from qa.pipeline.analyse import Query

ARTICLES = frozenset({"a", "an", "the"})
MAX_WORDS = 3  # dictionary phrases of two or three words
TITLE_CASE = 0.6  # more of a question's words capitalised than this: Title Case, not names
SEARCHED = 50  # passages read for each phrase: those where its words score highest
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+]*")
_VERSION = re.compile(r"(?<![\w.-])([A-Z][A-Za-z]+) (\d+(?:\.\d+)*[a-z]?)(?!\w|\.\d)")
MONTHS = frozenset("january february march april may june july august september october november december "
                   "jan feb mar apr jun jul aug sep sept oct nov dec".split())  # June 2022 is a date


@dataclass(frozen=True)
class Phrase:
    """A phrase of the question: its words as written, the question's terms it covers, what kind it is."""

    words: tuple[str, ...]  # lower case, as the question writes them
    terms: tuple[str, ...]  # English terms (stems) of the words
    kind: str  # "dictionary" or "name"


def _terms(word: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in english_spans(word))


def _side_by_side(question: str, end: int, start: int) -> bool:
    """Whether two words of ``question`` (the first ending at ``end``, the next starting at ``start``) stand
    side by side: nothing, a hyphen or an article between them."""
    gap = question[end:start].strip().lower()
    return gap in ("", "-") or gap in ARTICLES


def dictionary_phrases(question: str, is_phrase: Callable[[tuple[str, ...]], bool]) -> list[Phrase]:
    """The question's runs of two or three adjacent English terms that ``is_phrase`` knows. Pure."""
    spans = [s for s in english_spans(question) if not s[0][:1].isdigit()]
    out = []
    for n in range(MAX_WORDS, 1, -1):
        for i in range(len(spans) - n + 1):
            run = spans[i : i + n]
            key = tuple(t for t, _, _ in run)
            if all(_side_by_side(question, a[2], b[1]) for a, b in zip(run, run[1:])) and is_phrase(key):
                out.append(Phrase(tuple(question[s:e].lower() for _, s, e in run), key, "dictionary"))
    return out


def name_phrases(question: str, common: frozenset[str] | set[str]) -> list[Phrase]:
    """Runs of capitalised words separated by one space ("Docker Engine"), and a capitalised word with its
    number ("Debian 12", not a month's "June 2022"), a sentence's first word left out; with ``common``
    (ordinary English words), only those where some word is none ("Photon Box" and "Chapter 5" are not kept,
    "Weici Technology" is). Pure."""
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(question)]

    def capital(word: str) -> bool:  # Title case: two acronyms side by side (BADSIG GPG) are not one name
        return word[0].isupper() and any(c.islower() for c in word[1:]) and word.lower() not in STOPWORDS

    if not has_cjk(question) and sum(w[0].isupper() for w, _, _ in words[1:]) > TITLE_CASE * max(1, len(words) - 1):
        return []  # an English question typed in Title Case: its capitals say nothing about names

    out, i = [], 0
    while i < len(words):
        j = i
        while j < len(words) and capital(words[j][0]) and (j == i or question[words[j - 1][2] : words[j][1]] == " "):
            j += 1
        run = words[i:j]
        if run and _sentence_first(question, run[0][1]):
            run = run[1:]  # a sentence's first word is capitalised anyway
        if len(run) >= 2 and any(common.isdisjoint({w.lower(), *_terms(w)}) for w, _, _ in run):
            out.append(Phrase(tuple(w.lower() for w, _, _ in run), tuple(t for w, _, _ in run for t in _terms(w)),
                              "name"))
        i = max(j, i + 1)
    for m in _VERSION.finditer(question):  # a name and its number: Debian 12, Windows 9x
        word, number = m.group(1), m.group(2)
        if not _sentence_first(question, m.start()) and word.lower() not in STOPWORDS | MONTHS \
                and common.isdisjoint({word.lower(), *_terms(word)}):
            out.append(Phrase((word.lower(), number), (*_terms(word), number), "name"))
    return out


def _sentence_first(question: str, start: int) -> bool:
    """Whether the word at ``start`` begins an English sentence (in a Chinese question a Latin word is capitalised
    only as a name: ``Debian 12 bookworm 是哪一天发布的?``)."""
    before = question[:start].rstrip()
    return not has_cjk(question) and (not before or before[-1] in ".?!")


def together_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """The words written together in a text: in any inflection, joined by space, a hyphen, an article or
    nothing (time zone, time-zone, timezones). Pure."""
    stems = [(_terms(w) or (w,))[0] for w in words]
    joint = r"\w*[\s-]*(?:(?:a|an|the)\s+)?"
    end = r"(?!\d)" if stems and stems[-1][-1:].isdigit() else ""  # Debian 1 is not Debian 10
    return re.compile(r"\b" + joint.join(re.escape(s) for s in stems) + end, re.IGNORECASE)


def written_together(words: tuple[str, ...], index: IndexReader) -> bool:
    """Whether a passage of ``index`` writes ``words`` together: the passages where they score highest in
    each lexical field, read for ``together_pattern``."""
    pattern = together_pattern(words)
    ids: set[int] = set()
    for field in (index.lexical("zh"), index.lexical("en")):
        if field is None:
            continue
        forms = {t: 1.0 for w in words for t in {w, *_terms(w)} if field.idf_of(t) > 0}
        if forms:
            ids.update(field.top(forms, SEARCHED))
    return any(pattern.search(chunk.text) for chunk in index.chunks(sorted(ids)))


def absent_terms(
    query: Query,
    index: IndexReader,
    is_phrase: Callable[[tuple[str, ...]], bool],
    has_chinese: Callable[[tuple[str, ...]], bool] | None,
    common: frozenset[str],
) -> tuple[str, ...]:
    """The question's terms in phrases ``index`` never writes together, as the question is matched (English
    stems, or a Chinese question's Latin tokens).

    ``is_phrase``: a dictionary phrase; ``has_chinese``: the index holds a Chinese translation of it (None:
    an index of English documents only, where dictionary phrases are not looked for: a manual says "fall
    back" or "make use of" in its own words, and over English text only names were measured to tell).
    What the question's translation took as one unit (a corpus pair, a pinyin name, a phrase: ``Query.phrased``)
    is present by definition.
    """
    if query.lang not in ("en", "zh", "mixed"):
        return ()
    resolved = {w for en in query.phrased for w in en.lower().split()}
    translated = query.lang == "en" and has_chinese is not None
    # a name of ordinary words may be translated in Chinese documents (Photon Box: 光子盒); not in a Chinese
    # question, whose writer kept it in Latin letters, nor over English text
    found = name_phrases(query.text, common if translated else frozenset())
    if translated:
        found = dictionary_phrases(query.text, is_phrase) + found
    own = set(query.en_terms) if query.lang == "en" else set(query.zh_terms)
    out: dict[str, None] = {}
    for phrase in found:
        covered = set(phrase.terms if query.lang == "en" else phrase.words) & own
        if not covered or covered <= set(out):
            continue
        if phrase.kind == "name" and ({*phrase.words, *phrase.terms} & resolved):
            continue
        if phrase.kind == "dictionary" and (set(phrase.terms) <= resolved or has_chinese(phrase.terms)):
            continue
        if not written_together(phrase.words, index):
            out.update(dict.fromkeys(sorted(covered)))
    return tuple(out)


def as_written(question: str, lang: str, terms: Iterable[str]) -> tuple[str, ...]:
    """The question's own words for ``terms`` (English stems, or the tokens of a Chinese question), words side by
    side joined into one ("time zone", "take a screenshot"), in the question's order, each once. Pure."""
    wanted = set(terms)
    spans = english_spans(question) if lang == "en" else list(token_spans(question))
    picked = sorted((s, e) for t, s, e in spans if t in wanted)
    merged: list[list[int]] = []
    for s, e in picked:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)  # a part inside a token already picked (qed of QED-C)
        elif merged and _side_by_side(question, merged[-1][1], s):
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return tuple(dict.fromkeys(question[s:e] for s, e in merged))
