"""What kind of answer an English question asks for: the question word and the head noun after it
("which three states" -> a list of 3 places, "how many rounds" -> a count of rounds). Chinese is read
by ``qa.spans.qtype``, which calls ``english`` for a question with Latin words.
"""

from __future__ import annotations

import re

from index.english import STOPWORDS
from qa.spans.qkind import OTHER, QuestionType
from qa.spans.words import table, words

_EN_NUM = {word: int(value) for word, (value,) in table("en_numbers").items()}
_EN_AUX = frozenset(words("en_auxiliaries"))
_EN_DATE = frozenset(words("en_date_words"))
_EN_SHARE = frozenset(words("en_share_words"))
_EN_AMOUNT = frozenset(words("en_amount_words"))
_EN_HEADS = {word: kind for word, (kind,) in table("en_head_nouns").items()}
_EN_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*|\d+")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return {"people": "person", "men": "man", "women": "woman"}.get(word, word)


def _en_phrase(words: list[str]) -> QuestionType | None:
    """Type from the words after which/what (up to the verb): 'four areas', 'american company'."""
    count = None
    for i, w in enumerate(words[:5]):
        if w in _EN_AUX:
            break
        if w in _EN_NUM:
            count = _EN_NUM[w]
            continue
        if w in _EN_DATE:
            return QuestionType("date")
        if w in _EN_SHARE:
            return QuestionType("number", focus="share")
        if w in _EN_AMOUNT:  # what number of hospitals, what amount of funding
            rest = words[i + 1:]
            focus = rest[1] if len(rest) > 1 and rest[0] == "of" else ""
            return QuestionType("number", focus="money" if focus in ("money", "funding", "investment") else focus)
        base = _singular(w)
        kind = _EN_HEADS.get(base)
        if kind:
            w = _compound_head(words, i)
            base = _singular(w)
            plural = base != w or (count or 0) > 1
            return QuestionType(_EN_HEADS[base], count, w, plural)
    return None


def _compound_head(words: list[str], i: int) -> str:
    """The head of the compound noun starting with the head noun ``words[i]``: its last noun. "Which Haidian
    district party official spoke" asks for an official, not a district; "file descriptor number", a number.
    A later head counts only where one word at most, neither a function word nor a verb's -s or -ed,
    comes between ("which log file records package activity" still asks for a file)."""
    head = words[i]
    for w in words[i + 1:i + 3]:
        if w in _EN_AUX or w in STOPWORDS:
            break
        if _EN_HEADS.get(_singular(w)):
            head = w
        if w.endswith(("ed", "s")):
            break  # a verb's -s or -ed form (or a plural) ends the compound
    return head


_EN_CODE = re.compile(r"\b(?:what|which)(?:'s| is| are)?(?: the)? (?:command|file|package|program|tool|directory|"
                      r"option|variable|setting|config(?:uration)? file)s?\b", re.I)


def english(question: str) -> QuestionType | None:
    if _EN_CODE.search(question.replace("’", "'")):
        return QuestionType("code")
    words = _EN_WORD.findall(question.lower().replace("’", "'"))
    for i, w in enumerate(words):
        rest = words[i + 1:]
        if w in ("who", "whom", "whose"):
            return QuestionType("person")
        if w == "when":
            return QuestionType("date")
        if w == "where":
            return QuestionType("place")
        if w == "how" and rest:
            if rest[0] in ("many", "much"):
                noun = [x for x in rest[1:4] if x not in _EN_AUX]
                noun = noun[:next((k for k, x in enumerate(rest[1:4]) if x in _EN_AUX), 3)]
                focus = next((x for x in noun if _singular(x) in _EN_HEADS), noun[0] if noun else "")
                return QuestionType("number", focus="money" if focus in ("money", "funding", "") and
                                    rest[0] == "much" else focus,
                                    counted=(focus or "count") if rest[0] == "many" else "")
            if rest[0] in ("long", "old", "large", "big", "far", "often", "fast", "high", "tall"):
                return QuestionType("number", focus=rest[0])
            continue
        if w in ("what", "which") or (i == 0 and w in ("name", "list")):
            found = _en_phrase(rest)
            if found is None and rest and rest[0] in _EN_AUX:
                tail = [x for x in rest[1:] if x not in ("the", "a", "an", "its", "their", "main")]
                found = _en_phrase(tail)
                if found is None and ("called" in rest or "named" in rest):
                    found = QuestionType("title")
            if found is None and rest and rest[0] not in _EN_AUX and any(x in _EN_AUX for x in rest[1:5]):
                head = rest[:next(k for k, x in enumerate(rest) if x in _EN_AUX)][-1]
                plural = _singular(head) != head
                found = QuestionType("list" if plural else "title", None, head, plural)  # what processor did ...
            if found is None:
                if w == "which" or w in ("name", "list"):
                    head = next((x for x in rest if x not in _EN_AUX), "")
                    plural = _singular(head) != head
                    found = QuestionType("list" if plural else "org", None, head, plural)
                else:
                    found = OTHER
            return found
    if "called" in words or "named" in words:
        return QuestionType("title")
    return None
