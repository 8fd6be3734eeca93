"""Where a passage sits in its document: a passage under a back-matter heading (参考文献, References,
致谢, Acknowledgements...) lists sources or credits and does not answer, so it loses rank.

A reference list repeats the words of the text it supports (``[12] QuIC. QuIC Members [EB/OL]``), so
without this it can outrank the paragraph that states the fact. The headings are data
(``qa/pipeline/data/back_matter.txt``), the share of the score such a passage keeps is
``[sections] back_matter`` of ``qa/retrieval.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from qa.pipeline.fuse import Ranking

# leading numbering (3, 3.1, 一、, (二), IV.) and every character that is not a letter or a CJK one
_NUMBERING = re.compile(r"^\s*(?:[\d.]+|[一二三四五六七八九十]+[、.]|[(（][^)）]{1,3}[)）]|[IVXLC]+\.)\s*")
_NOT_WORD = re.compile(r"[\W\d_]+")


def normalise(heading: str) -> str:
    """``heading`` without its numbering, punctuation, digits and spaces, lower-cased."""
    return _NOT_WORD.sub("", _NUMBERING.sub("", heading)).lower()


@lru_cache(maxsize=1)
def back_matter_headings() -> frozenset[str]:
    text = resources.files("qa.pipeline").joinpath("data/back_matter.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(normalise(x) for x in lines if x and not x.startswith("#"))


def is_back_matter(heading: str) -> bool:
    """True for a heading of back matter (``参考文献``, ``5 References``, ``作者贡献说明``): the whole heading,
    not a word of it (``Notes on installing`` and ``文献综述`` are body sections)."""
    h = normalise(heading)
    return bool(h) and h in back_matter_headings()


def demote_back_matter(fused: Ranking, heading_of: Callable[[int], str], keep: float, depth: int) -> Ranking:
    """``fused`` with the scores of back-matter passages among its first ``depth`` multiplied by ``keep``,
    in order again (best first, ties by chunk id). ``depth`` is fixed, not ``k``, so the order is the same
    for every ``k``. Pure: ``heading_of`` gives a chunk's heading."""
    if keep >= 1.0 or not fused:
        return fused
    head = [(cid, s * keep if is_back_matter(heading_of(cid)) else s) for cid, s in fused[:depth]]
    if all(a == b for a, b in zip(head, fused)):
        return fused
    return sorted([*head, *fused[depth:]], key=lambda item: (-item[1], item[0]))
