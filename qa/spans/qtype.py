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
from dataclasses import replace
from itertools import takewhile

from index.text import numerals, segment
from index.text.script import CJK_CHAR
from qa.spans.qkind import KINDS, OTHER, QuestionType
from qa.spans.qtype_en import english
from qa.spans.units import asked_unit, stated_numbers
from qa.spans.words import table, words

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

__all__ = ["KINDS", "OTHER", "QuestionType", "ZH_HEAD_NOUNS", "question_type"]


def question_type(question: str) -> QuestionType:
    """The kind of span that would answer ``question``; ``other`` when no rule applies."""
    found = None
    if CJK_CHAR.search(question):
        found = _chinese(question)
    if found is None and re.search(r"[A-Za-z]{2}", question):
        found = english(question)
    if found is not None and found.kind == "code" and found.plural:
        found = QuestionType("list", found.expects_count, found.focus, True)  # 哪些服务: a list, in prose too
    found = found or OTHER
    unit = asked_unit(question) if found.kind == "number" else ""
    return replace(found, unit=unit, stated=stated_numbers(question))
