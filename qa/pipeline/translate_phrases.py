"""English phrases of a question found in the dictionary read backwards (``translate_lexicon.reverse_index``).

A phrase translates before its words ("venture capital" -> 风险投资, not 风险 + 资本). This module
answers which n-grams of the question's words are phrases of the index and how sure each is.
"""

from __future__ import annotations

from index.gloss import Glossary
from qa.pipeline.translate_lexicon import Candidate, Reverse

MIN_PHRASE_QUALITY = 0.5  # an n-gram that is only a loose part of some sense is not a phrase


class PhraseBook:
    """The index's dictionary phrases: n-gram of English terms -> Chinese candidates."""

    def __init__(self, reverse: Reverse, glossary: Glossary, max_phrase: int):
        self._reverse = reverse
        self._glossary = glossary
        self.max_phrase = max_phrase

    def lookup(self, key: tuple[str, ...]) -> list[Candidate]:
        """Dictionary candidates for an n-gram; failing that, with one word swapped for a synonym.

        Synonyms come from the dictionary itself: "country" and "nation" are
        senses of the same word 国家, so "developed countries" finds 发达国家
        ("developed nation").
        """
        cands = self._reverse.get(key)
        if cands and max(c.quality for c in cands) >= MIN_PHRASE_QUALITY:
            return cands
        if len(key) > 3:
            return []
        for i, word in enumerate(key):
            for alt in self._synonyms(word):
                cands = self._reverse.get(key[:i] + (alt,) + key[i + 1 :])
                if cands and max(c.quality for c in cands) >= 0.9:
                    return [Candidate(c.head, c.pieces, c.quality * 0.8) for c in cands]
        return []

    def overlapped(self, words: list[str], i: int, n: int, quality: float) -> bool:
        """A surer phrase starts inside ``words[i:i + n]`` and runs past it: "China and the United States"
        holds "china unit" (a part of 中国联合航空, China United Airlines) and "unit state" (美国, a whole
        sense). Taken left to right, the first had left "states" alone."""
        for j in range(i + 1, i + n):
            for m in range(min(self.max_phrase, len(words) - j), i + n - j, -1):
                cands = self.lookup(tuple(words[j : j + m]))
                if cands and max(c.quality for c in cands) > quality:
                    return True
        return False

    def _synonyms(self, word: str) -> list[str]:
        out: dict[str, None] = {}
        for c in sorted(self._reverse.get((word,), ()), key=lambda c: -c.quality)[:2]:
            if c.quality < 0.9:
                continue
            for sense in self._glossary.senses(c.head)[:4]:
                if len(sense) == 1 and sense[0] != word:
                    out[sense[0]] = None
        return list(out)
