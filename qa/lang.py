"""Which language a question is in: Chinese, English, mixed, or another script."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9\-·&.]*[A-Z0-9]?$|^[A-Z][a-z]+[A-Z]\w*$")


def detect_lang(text: str) -> str:
    """``zh``, ``en``, ``mixed`` or ``other``.

    A Chinese question naming IBM or QED-C is still Chinese; it is mixed only
    when it carries real English words besides the Chinese.
    """
    cjk = len(_CJK.findall(text))
    words = [w for w in _LATIN_WORD.findall(text) if not _ACRONYM.match(w)]
    if cjk == 0:
        return "en" if _LATIN_WORD.search(text) else "other"
    if len(words) >= 3 and len(" ".join(words)) > cjk:
        return "mixed"
    return "zh"
