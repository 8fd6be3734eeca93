"""What kind of answer a question asks for, so the highlighter knows what span to look for.

No generative model reads the passage, so the only guide to the answer span is
the question's own wording: 多少 / how many wants a number with its unit, 哪一年 /
when a date, 谁 / who a name, 哪两所大学 / which three states a list of named
things of a known length. The rules look at the question word and the head noun
after it ("哪家量子公司" -> org, focus 量子公司); they never look at the corpus.

Kinds: ``number``, ``date``, ``person``, ``place``, ``org``, ``title``, ``list``,
``code`` (a command, file, package or setting: 用什么命令, which file) and
``other`` (nothing to extract: the sentence itself is the answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import takewhile

from index.english import STOPWORDS
from index.text import numerals, segment
from index.text.script import CJK_CHAR
from qa.spans.units import asked_unit, stated_numbers
from qa.spans.words import table, words

KINDS = ("number", "date", "person", "place", "org", "title", "list", "code", "other")


@dataclass(frozen=True)
class QuestionType:
    kind: str  # one of KINDS
    expects_count: int | None = None  # "which three states", 哪两所大学 -> 3, 2
    focus: str = ""  # the noun phrase asked about: "大学", "量子公司", "company", "share"
    plural: bool = False  # several things are asked for (哪些, "which cities"), count known or not
    counted: str = ""  # a count of things is asked (几轮, 多少家, "how many rounds"): its measure word or noun
    unit: str = ""  # the unit of measure a number is asked in (几天, "how many days": 天; ``qa.spans.units``)
    stated: tuple[tuple[str, str], ...] = ()  # the question's own numbers with their units: (("5", "年"),)


OTHER = QuestionType("other")

# ---------------------------------------------------------------- Chinese

_ZH_CLASSIFIER = "".join(words("question_classifiers"))

# Head nouns and the kind of answer they ask for (data/zh_head_nouns.txt). The span
# finder also uses them: a bare 城市 or 公司 in a sentence is the category, never the answer.
ZH_HEAD_NOUNS: dict[str, str] = {word: kind for word, (kind,) in table("zh_head_nouns").items()}

_ZH_DATE = re.compile(r"哪一?年|何年|何时|什么时候|什么时间|哪一?天|几月|哪个月|几号|哪一?日|年份|日期|哪个年代")
_ZH_PERSON = re.compile(r"谁|哪一?位|(?:哪些|什么|哪个|何)人(?![才员工民类口力群])")
_ZH_PLACE = re.compile(r"哪里|哪儿|何处|何地|什么地方|哪国|哪个国家|哪些国家")
_ZH_TITLE = re.compile(r"叫什么|什么名字|名叫|名称是什么|称为什么|名字是什么|称作什么")
_ZH_NUMBER = re.compile(r"多少|(?<!哪)几(?!乎)|百分之几|多大|多高|多长|多久|多远|多重|几成")
_ZH_CODE = re.compile(r"(?:什么|哪个|哪条|哪一个|哪一条|何种)"
                      r"(?:命令|指令|软件包|文件|目录|程序|工具|选项|参数|环境变量|变量|配置项)"
                      r"|命令是什么|用什么命令|用什么工具|用什么程序")
_ZH_SHARE = re.compile(r"占比|比例|比重|份额|百分比")
_ZH_WHICH = re.compile(rf"哪(?:一)?(?P<num>[两二三四五六七八九十几\d]*)(?P<cl>[{_ZH_CLASSIFIER}])?")
_ZH_WHAT = re.compile(r"什么样?的?")
_ZH_COUNTED = re.compile(rf"[{''.join(words('count_classifiers'))}]")  # 几|轮, 多少|家: a count of things
_ZH_MONEY = re.compile("|".join(words("money_words") + words("currencies")))  # 多少|资金, 几|亿元
_ZH_COUNT = re.compile(rf"(?<![\d第一二三四五六七八九十])(?P<num>[两二三四五六七八九十])(?P<cl>[{_ZH_CLASSIFIER}])")


def _zh_tokens(text: str) -> list[str]:
    return [t for t in segment.words(text) if t.strip()]


def _is_noun(word: str) -> bool:
    """By jieba's dictionary tag: 多少|成员 names what is counted, 几家|来自 does not."""
    return bool(CJK_CHAR.search(word)) and segment.word_tags().get(word, "n")[:1] in "nj"


def _zh_count(num: str) -> int | None:
    if num.isdigit():
        return int(num)
    return numerals.count(num)


def _zh_head(tokens: list[str]) -> tuple[str, str]:
    """(kind, focus) from the first head noun among ``tokens``; focus keeps its modifiers (量子公司)."""
    start = 0
    for i, tok in enumerate(tokens):
        if not CJK_CHAR.search(tok) and not tok.isalnum():
            break  # punctuation ends the noun phrase
        if tok == "的" and i:
            if all(_is_noun(t) for t in tokens[start:i]):
                kind = next((ZH_HEAD_NOUNS[t] for t in reversed(tokens[:i]) if t in ZH_HEAD_NOUNS), "")
                return kind, "".join(tokens[start:i])  # 哪个科学城的代表企业 asks for a 科学城
            start = i + 1  # 哪家位于合肥的公司: a clause, then the head
            continue
        kind = ZH_HEAD_NOUNS.get(tok)
        if kind:
            return kind, "".join(tokens[start:i + 1])
    return "", ""


def _zh_head_before(tokens: list[str]) -> tuple[str, str]:
    for tok in reversed(tokens):
        if not CJK_CHAR.search(tok) and not tok.isalnum():
            break
        kind = ZH_HEAD_NOUNS.get(tok)
        if kind:
            return kind, tok
    return "", ""


def _zh_count_anywhere(question: str) -> int | None:
    for m in _ZH_COUNT.finditer(question):
        n = _zh_count(m.group("num"))
        if n and n >= 2:
            return n
    return None


def _zh_counted(asked: str, after: str) -> str:
    """The measure word of a count question (几轮, 多少家), ``""`` for an amount (多少资金, 几亿元) or a size."""
    if asked not in ("多少", "几") or _ZH_MONEY.match(after):
        return ""
    m = _ZH_COUNTED.match(after)
    return m.group() if m else ""


def _chinese(question: str) -> QuestionType | None:
    if _ZH_DATE.search(question):
        return QuestionType("date")
    if _ZH_PERSON.search(question):
        return QuestionType("person", plural="哪些" in question)
    if _ZH_TITLE.search(question):
        return QuestionType("title")
    m = _ZH_NUMBER.search(question)
    if m:
        tail = question[m.end():]
        tail = re.sub(rf"^[{_ZH_CLASSIFIER}]", "", tail)
        if _ZH_SHARE.search(question):
            return QuestionType("number", focus="share")
        words = _zh_tokens(tail)[:4]
        nouns = "".join(takewhile(_is_noun, words[:3]))  # 多少|功能小组, 几家|来自 (no noun)
        focus = _zh_head(words)[1] or nouns
        return QuestionType("number", focus=focus, counted=_zh_counted(m.group(), question[m.end():]))
    if _ZH_CODE.search(question):
        return QuestionType("code")
    if _ZH_PLACE.search(question):
        return QuestionType("place", plural="哪些" in question)
    which = _ZH_WHICH.search(question)
    if which:
        num, cl = which.group("num"), which.group("cl") or ""
        count = _zh_count(num) if num and num != "几" else None
        plural = bool(num) or cl == "些"
        after = _zh_tokens(question[which.end():])[:4]
        kind, focus = _zh_head(after)
        if not kind and not focus and not (after and _is_noun(after[0])):
            kind, focus = _zh_head_before(_zh_tokens(question[:which.start()]))  # 主要成员有哪些
        if not kind:
            kind = {"家": "org", "所": "org", "位": "person", "名": "person", "座": "place"}.get(cl, "")
            kind = kind or ("list" if plural else "org")
        if count is None and kind != "list":
            count = _zh_count_anywhere(question)
        return QuestionType(kind, count, focus, plural or (count or 0) > 1)
    what = _ZH_WHAT.search(question)
    if what:
        after = _zh_tokens(question[what.end():])[:4]
        kind, focus = _zh_head(after)
        if not kind and not focus and not (after and _is_noun(after[0])):
            kind, focus = _zh_head_before(_zh_tokens(question[:what.start()]))  # 两种算法是什么
        count = _zh_count_anywhere(question)
        if kind == "title" and (count or 0) > 1:
            kind = "list"
        if not kind:
            kind = "list" if count else "other"
        return QuestionType(kind, count, focus, (count or 0) > 1 or "哪些" in question)
    if _ZH_SHARE.search(question):
        return QuestionType("number", focus="share")
    return None


# ---------------------------------------------------------------- English

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


def _english(question: str) -> QuestionType | None:
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


def question_type(question: str) -> QuestionType:
    """The kind of span that would answer ``question``; ``other`` when no rule applies."""
    found = None
    if CJK_CHAR.search(question):
        found = _chinese(question)
    if found is None and re.search(r"[A-Za-z]{2}", question):
        found = _english(question)
    if found is not None and found.kind == "code" and found.plural:
        found = QuestionType("list", found.expects_count, found.focus, True)  # 哪些服务: a list, in prose too
    found = found or OTHER
    unit = asked_unit(question) if found.kind == "number" else ""
    return replace(found, unit=unit, stated=stated_numbers(question))
