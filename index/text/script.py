"""Which script a character is in, and which language a text is in.

``CJK`` is the one character class for Chinese characters (the unified
ideographs, extension A and the compatibility ideographs), written as the
inside of a regex class so other patterns can embed it: ``rf"[{CJK}\\d]+"``.
"""

from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
KANA = "\u3040-\u30ff"  # Japanese syllables: counted one per character like Chinese ones by the F1 tokenizer

CJK_CHAR = re.compile(f"[{CJK}]")
_ALL_CJK = re.compile(f"^[{CJK}]+$")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9\-·&.]*[A-Z0-9]?$|^[A-Z][a-z]+[A-Z]\w*$")

LANGS = ("zh", "en", "mixed", "other")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
EN_LETTERS_PER_CJK = 3  # a document is English past this many Latin letters per Chinese character


def has_cjk(text: str) -> bool:
    """Any Chinese character in ``text``."""
    return CJK_CHAR.search(text) is not None


def starts_cjk(text: str) -> bool:
    """``text`` begins with a Chinese character (for one character: it is one)."""
    return CJK_CHAR.match(text) is not None


def all_cjk(text: str) -> bool:
    """``text`` is one or more Chinese characters and nothing else."""
    return _ALL_CJK.match(text) is not None


def count_cjk(text: str) -> int:
    return _count(CJK_CHAR, text)


def _count(pattern: re.Pattern, text: str) -> int:
    """How many times ``pattern`` matches in ``text``, without a list of the matches (a whole document's
    characters as one-character strings would take 25 times the text)."""
    return pattern.subn("", text)[1]


def detect_lang(text: str) -> str:
    """``zh``, ``en``, ``mixed`` or ``other``.

    A Chinese question naming IBM or QED-C is still Chinese; it is mixed only
    when it carries real English words besides the Chinese. Text with neither
    Chinese characters nor Latin words is ``other``.
    """
    cjk = count_cjk(text)
    if cjk == 0:
        return "en" if _LATIN_WORD.search(text) else "other"
    words = joined = 0  # the English words that are not acronyms, and their length joined by spaces
    for m in _LATIN_WORD.finditer(text):
        if not _ACRONYM.match(m.group()):
            joined += len(m.group()) + (1 if words else 0)
            words += 1
            if words >= 3 and joined > cjk:
                return "mixed"
    return "zh"


def document_lang(text: str) -> str:
    """The language of a whole document: ``zh``, ``en`` or ``other`` (``detect_lang`` of its text, decided).

    A Chinese manual full of commands, file names and code is ``mixed`` to
    ``detect_lang`` and still a Chinese document: it is English only past
    ``EN_LETTERS_PER_CJK`` Latin letters per Chinese character (the Chinese
    Debian reference has about 1, an English text none).
    """
    lang = detect_lang(text)
    if lang != "mixed":
        return lang
    return "en" if _count(_LATIN_LETTER, text) > EN_LETTERS_PER_CJK * count_cjk(text) else "zh"
