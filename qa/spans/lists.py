"""Lists: phrases joined by 、 or 和/及/与 (科罗拉多州、新墨西哥州和怀俄明州; 马里兰大学和杜克大学).

A list answers a question asking for several things, best when it has the
asked number of items (哪两所大学, "which three states"). Its evidence is that
of most of its items: a list of 州 is a list of places.
"""

from __future__ import annotations

from qa.spans.chunker import ENTITY_FLAGS, SEPARATORS, Chunk
from qa.spans.orgs import Evidence, Phrase, evidence, phrase
from qa.spans.tagging import Token
from qa.spans.words import words

_CONJ = frozenset(words("conjunctions"))


def enumerations(tokens: list[Token], chunks: list[Chunk]) -> list[list[Chunk]]:
    """Chains of phrases joined by 、 or 和/及/与: 合肥、北京、深圳; 马里兰大学和杜克大学."""
    at = {t.start: k for k, t in enumerate(tokens)}
    chains: list[list[Chunk]] = []
    current: list[Chunk] = []
    seps: list[str] = []

    def close() -> None:
        if len(current) >= 2 and ("、" in seps or _alike(current)):
            chains.append(list(current))

    for chunk in chunks:
        if current:
            k = at.get(current[-1].end)
            linked = (
                k is not None and k + 1 < len(tokens)
                and (tokens[k].word in SEPARATORS or tokens[k].word in _CONJ)
                and tokens[k + 1].start == chunk.start
            )
            if linked:
                current.append(chunk)
                seps.append(tokens[k].word)
                continue
            close()
        current, seps = [chunk], []
    close()
    return chains


def _alike(items: list[Chunk]) -> bool:
    """Phrases joined only by 和 form a list when all are names or share their last word.

    马里兰大学和杜克大学 and 量子分解算法和量子搜索算法 are lists; 数量与质量 is not.
    """
    if all(any(t.flag in ENTITY_FLAGS for t in c.tokens) for c in items):
        return True
    heads = {c.head.word for c in items}
    return len(heads) == 1 and len(next(iter(heads))) >= 2


def list_phrases(text: str, tokens: list[Token], chunks: list[Chunk]) -> list[Phrase]:
    """Every list of the tagged sentence (what the question does not change)."""
    out: list[Phrase] = []
    for chain in enumerations(tokens, chunks):
        each = [evidence(text, c)[1] for c in chain]
        half = {key: 2 * sum(getattr(ev, key) for ev in each) >= len(chain)
                for key in ("ns", "nt", "org_end", "place_end")}
        # 管理团队及实习生: items joined by 和/及 inside a 、 list may count as one
        groups = text.count("、", chain[0].start, chain[-1].end) + 1
        p = phrase(text, chain[0].start, chain[-1].end, Evidence(enum=True, **half), items=len(chain), groups=groups)
        if p is not None:
            out.append(p)
    return out
