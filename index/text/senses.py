"""CC-CEDICT's English senses as a person reads them, by reading: the words of a word-by-word gloss.

``index.text.cedict`` keeps the senses normalised for matching (stemmed,
stop words out: ``scienc technology``); a reader needs them as written
(``science and technology``) and for the reading the word has in its
sentence (的 read *de* is "of; ~'s", not "a taxi"). This module keeps, per
headword, each reading with its first senses, cleaned for display only
(cross-references, classifiers, variants and Taiwan readings left out).
Parsed on first use and pickled in the user cache, as the dictionary is.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import pickle
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.text.cedict import LINE, REFERENCE, default_cache_dir, default_cedict_path
from index.txn import write_atomic

log = logging.getLogger(__name__)

FORMAT = "senses-4"
MAX_SENSES = 2  # senses shown per word: "to establish; to found" (a name's entry: one, "Beijing")
MAX_CHARS = 40  # ... unless the first ones are short
_SKIP = re.compile(
    r"^(?:(?:old |archaic |ancient |Japanese |erhua |euphemistic |unofficial )?variant of|surname |CL:|see |"
    r"see also |used in |also pr\.|also written|pr\. |(?:Tw|PRC|Taiwan) pr\.|radical in Chinese|Kangxi radical|"
    r"abbr\. for |\(onom\.\)$)",
    re.IGNORECASE,
)
_NOTE = re.compile(r"\s*\((?:Taiwan pr\.|also pr\.|bound form|abbr\.)[^()]*\)\s*", re.IGNORECASE)
_EMPTY_PARENS = re.compile(r"\(\s*[,;]?\s*\)")
_DANGLING = re.compile(r"\s+(?:of|for|to|see|as|with|from|by)\s*(?=\)|$)")  # its Chinese reference taken out
_TONE = re.compile(r"\d")
_SYLLABLE = re.compile(r"[a-z]+\d")


@dataclass(frozen=True)
class Reading:
    pinyin: str  # normalised: lower case, tone numbers, no spaces, ü as v ("chuang4ban4")
    proper: bool  # a name's entry (capitalised pinyin in the dictionary: 北京 Bei3 jing1)
    gloss: str  # its first senses, as written: "to establish; to found"


def normalise_pinyin(pinyin: str) -> str:
    """``Zhong1 guo2`` -> ``zhong1guo2``; ``lu:4`` and ``lü4`` -> ``lv4``: the form pypinyin's TONE3 gives."""
    return pinyin.lower().replace("u:", "v").replace("ü", "v").replace(" ", "")


def display_sense(sense: str, proper: bool = False) -> str:
    """One dictionary sense as a reader sees it, or "" for a sense that only points elsewhere.

    A name keeps what it is called (``Hefei, capital of Anhui Province`` -> ``Hefei``).
    """
    sense = sense.strip()
    if not sense or _SKIP.match(sense):
        return ""
    s = _NOTE.sub(" ", sense)
    s, references = REFERENCE.subn("", s)
    s = _EMPTY_PARENS.sub("", s)
    if references:
        s = _DANGLING.sub("", s)
    if proper:
        s = s.split(", ", 1)[0]
    s = " ".join(s.split()).strip(" ,;:")
    return "" if s.startswith("abbr.") and len(s) <= 6 else s


def join_senses(senses: Iterable[str], limit: int = MAX_SENSES, max_chars: int = MAX_CHARS) -> str:
    """The first ``limit`` senses joined by "; " (more while they stay short), never cut inside a sense."""
    out: list[str] = []
    for s in dict.fromkeys(s for s in senses if s):
        if out and (len(out) >= limit or len("; ".join([*out, s])) > max_chars):
            if len(out) >= limit:
                break
            continue
        out.append(s)
    return "; ".join(out)


def parse_senses(lines: Iterable[str]) -> dict[str, str]:
    """Headword (simplified and traditional) -> its readings, packed ``pinyin\\tP\\tgloss`` one a line.

    Strings rather than records: a flat dict of strings unpickles in a tenth of a second.
    """
    out: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            continue
        trad, simp, pinyin, body = m.groups()
        proper = pinyin[:1].isupper()
        gloss = join_senses((display_sense(s, proper) for s in body.split("/")), 1 if proper else MAX_SENSES)
        if not gloss:
            continue
        packed = f"{normalise_pinyin(pinyin)}\t{'P' if proper else ''}\t{gloss}"
        for head in dict.fromkeys((simp, trad)):
            out.setdefault(head, []).append(packed)
    return {head: "\n".join(readings) for head, readings in out.items()}


class Senses:
    """Headword -> its readings; ``gloss(word, pinyin)`` picks the senses of the reading it has."""

    def __init__(self, packed: dict[str, str]):
        self.packed = packed

    def __contains__(self, word: str) -> bool:
        return bool(word) and word in self.packed

    def readings(self, word: str) -> tuple[Reading, ...]:
        packed = self.packed.get(word, "")
        out = []
        for line in packed.split("\n") if packed else ():
            pinyin, proper, gloss = line.split("\t", 2)
            out.append(Reading(pinyin, proper == "P", gloss))
        return tuple(out)

    def gloss(self, word: str, pinyin: str = "", proper: bool = False) -> str:
        """The senses of ``word`` read as ``pinyin`` (tone numbers, as pypinyin's TONE3), "" if unknown.

        Between readings that match equally, a name's entry wins only for a name (``proper``).
        """
        readings = self.readings(word)
        if not readings:
            return ""
        want = normalise_pinyin(pinyin)
        toneless = _TONE.sub("", want)
        syllables = _SYLLABLE.findall(want)

        def rank(r: Reading) -> tuple[int, int]:
            if want and len(word) > 1 and _neutral_of(_SYLLABLE.findall(r.pinyin), syllables):
                match = 0  # pypinyin rarely knows a word's neutral tones: 告诉 gao4su5 "to tell", not gao4su4
            elif want and r.pinyin == want:
                match = 1
            elif want and _TONE.sub("", r.pinyin) == toneless:
                match = 2
            else:
                match = 3
            return match, 0 if r.proper == proper else 1

        return min(readings, key=rank).gloss  # min is stable: the dictionary's order breaks ties


def _neutral_of(reading: list[str], want: list[str]) -> bool:
    """``reading`` is ``want`` with some syllables in the neutral tone (东西 dong1xi5 of dong1xi1)."""
    return (len(reading) == len(want) and reading != want
            and all(r == w or (r[-1] == "5" and r[:-1] == w[:-1]) for r, w in zip(reading, want)))


def _cache_key(path: Path) -> str:
    h = hashlib.sha1(FORMAT.encode())
    st = path.stat()
    h.update(f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


def load(path: Path | None = None, cache_dir: Path | None = None) -> Senses:
    """The readable senses, from the pickle cache when it is current (parse ~2 s, cached load ~0.1 s)."""
    path = Path(path) if path else default_cedict_path()
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    cached = cache_dir / f"senses-{_cache_key(path)}.pkl"
    try:
        with open(cached, "rb") as f:
            packed = pickle.load(f)
        if isinstance(packed, dict):
            return Senses(packed)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        pass
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        packed = parse_senses(f)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL))
        for stale in cache_dir.glob("senses-*.pkl"):
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError as e:  # a read-only home only costs the parse time
        log.info("could not cache the dictionary's senses in %s: %s", cache_dir, e)
    return Senses(packed)


@lru_cache(maxsize=1)
def default() -> Senses:
    """The bundled dictionary's readable senses, parsed once per process."""
    return load()
