"""For English readers: the answer in pinyin, the answering sentence word by word, the English title.

A reader who does not read Chinese gets, beside the source itself,
- the answer span's reading (顾成建 -> Gu Chengjian),
- each word of the answering sentence with its CC-CEDICT senses, names of
  people and places in pinyin: a dictionary gloss, never a translation,
- the catalog's English title of the article.

Words and their tags are jieba's (``qa.spans.tagging``): ``nr`` people,
``ns`` places, and ``oov`` for the words its HMM found, mostly names. The
senses are those of the word's reading in the sentence (``index.text.senses``);
a word the dictionary lacks is read as the dictionary words it is made of
(``index.gloss.Glossary.split``, as the index's English field reads it).
Everything here is a function of the records it is given; offsets stay
offsets into the original file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

from index.sentences import map_spans
from index.text.names import COMPOUND_SURNAMES, SURNAMES
from index.text.script import CJK_CHAR, has_cjk
from qa.records import Answer, GlossWord, Highlight, Passage

PERSON_TAGS = ("nr", "nrfg", "nrt")
PLACE_TAGS = ("ns",)
FUNCTION_TAGS = tuple("upcyexmqrd")  # first letters of jieba's tags for words that are no given name
PUNCTUATION = {"、": ", ", "，": ", ", ",": ", ", "；": "; ", "：": ": ", "·": " "}
LABEL = "词典逐词释义，非翻译 dictionary gloss, not a translation"


# ---------------------------------------------------------------- readings
def syllables(text: str, tones: bool = False) -> list[str]:
    """pypinyin's readings of ``text``, one per character (other text passes through in one piece)."""
    from pypinyin import Style, lazy_pinyin

    if tones:
        return lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    return lazy_pinyin(text, v_to_u=True)


def joined(parts: Sequence[str]) -> str:
    """Syllables as one word, an apostrophe where a syllable starting with a vowel would run on (Xi'an)."""
    out = ""
    for i, s in enumerate(parts):
        out += ("'" if i and s[:1] in "aoe" and out[-1:].isalpha() else "") + s
    return out


def reading(word: str) -> str:
    """A word's pinyin without tones, as one word: 创办 -> chuangban."""
    return joined(syllables(word)) if has_cjk(word) else ""


def name_reading(name: str) -> str:
    """A person's name as cited in English, family name first: 顾成建 -> Gu Chengjian (单 read shan)."""
    from qa.provenance.cite import romanise

    out = romanise(name)
    return out if out != name else place_reading(name)


def place_reading(word: str) -> str:
    """A place or another proper name in pinyin, capitalised: 中关村 -> Zhongguancun."""
    return reading(word).capitalize()


def is_name(word: str) -> bool:
    """A surname and one or two more characters (three for a compound surname): 顾成建, 欧阳修."""
    if not 2 <= len(word) <= 4 or not all(CJK_CHAR.match(c) for c in word):
        return False
    if word.startswith(COMPOUND_SURNAMES):
        return len(word) >= 3
    return word[0] in SURNAMES and len(word) <= 3


# ---------------------------------------------------------------- words of a sentence
def _words(text: str) -> list[tuple[str, str, int, int, str]]:
    """(word, kind, start, end, tag) in ``text``: jieba's words, a lone surname joined to its given name."""
    from qa.spans.tagging import tag

    tokens = tag(text)
    out = []
    i = 0
    while i < len(tokens):
        tok, nxt = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None
        if (nxt is not None and len(tok.word) == 1 and tok.word in SURNAMES and 1 <= len(nxt.word) <= 2
                and all(CJK_CHAR.match(c) for c in nxt.word)
                and (nxt.flag == "oov" or (tok.flag == "nr" and nxt.flag[:1] not in FUNCTION_TAGS))):
            out.append((tok.word + nxt.word, "person", tok.start, nxt.end, "nr"))  # 段|路明, 李|明远
            i += 2
            continue
        if tok.flag in PERSON_TAGS and len(tok.word) >= 2 or tok.flag == "oov" and is_name(tok.word):
            kind = "person"
        elif tok.flag in PLACE_TAGS:
            kind = "place"
        else:  # a word the HMM found that is no name (国盾, 陷在) is read as the dictionary words it is made of
            kind = "word"
        out.append((tok.word, kind, tok.start, tok.end, tok.flag))
        i += 1
    return out


def english(word: str, kind: str, senses, split: Callable[[str], list[str]]) -> str:
    """The dictionary senses of ``word`` as read in its sentence; names in pinyin; other text as it is."""
    if not has_cjk(word):
        return word
    if kind == "person":
        return name_reading(word)
    tones = "".join(syllables(word, tones=True))
    found = senses.gloss(word, tones, proper=kind == "place")
    if found:
        return found
    if kind == "place":
        return place_reading(word)
    # not in the dictionary: the dictionary words it is made of, first sense each (量子计算机 -> quantum + computer)
    pieces = [senses.gloss(p, "".join(syllables(p, tones=True))).split("; ")[0] for p in split(word)]
    return " + ".join(p for p in pieces if p)


def gloss_words(text: str, pieces: Sequence[tuple[int, int]], senses, split: Callable[[str], list[str]]
                ) -> tuple[GlossWord, ...]:
    """The words of ``text`` (a sentence as indexed: its ``pieces`` of the original joined), each glossed.

    Offsets of each word are into the original; punctuation is left out.
    """
    out = []
    for word, kind, s, e, _ in _words(text):
        if not word.strip() or not (has_cjk(word) or any(c.isalnum() for c in word)):
            continue
        where = map_spans(tuple(pieces), s, e)
        if not where:
            continue
        pinyin = name_reading(word) if kind == "person" else place_reading(word) if kind == "place" else reading(word)
        out.append(GlossWord(word, where[0][0], where[-1][1], english(word, kind, senses, split), pinyin, kind))
    return tuple(out)


def span_reading(text: str) -> str:
    """The answer span read aloud: names as names (郭光灿、杜江峰 -> Guo Guangcan, Du Jiangfeng).

    "" without Chinese, and for an amount or a date (38 家大学, 2018年): its digits already say it.
    """
    if not has_cjk(text) or any(c.isdigit() for c in text):
        return ""
    if is_name(text):
        return name_reading(text)
    words = _words(text)
    # 国盾量子 -> Guodun Liangzi: a span holding a name or a word the dictionary lacks is a name throughout
    proper = any(kind != "word" or tag == "oov" for _, kind, _, _, tag in words)
    parts = []
    for word, kind, _, _, _ in words:
        if word in PUNCTUATION:
            parts.append(PUNCTUATION[word])
        elif not has_cjk(word):
            parts.append(word if word.strip() else " ")
        elif kind == "person":
            parts.append(name_reading(word))
        elif kind == "place" or proper and len(word) > 1:  # 和 stays he
            parts.append(place_reading(word))
        else:
            parts.append(reading(word))
        parts.append(" ")
    return " ".join("".join(parts).split()).replace(" ,", ",").replace(" ;", ";").replace(" :", ":")


# ---------------------------------------------------------------- records
def sentence_pieces(p: Passage, h: Highlight) -> tuple[tuple[int, int], ...]:
    """The indexed pieces of the passage that the highlight covers (a sentence broken by page layout has two)."""
    return tuple((max(s, h.start), min(e, h.end)) for s, e in p.pieces if max(s, h.start) < min(e, h.end))


def gloss_passage(p: Passage, title_en: str = "", senses=None, split: Callable[[str], list[str]] | None = None
                  ) -> Passage:
    """The passage with its English title, its answer span's pinyin and its answering sentence glossed (an
    English title or sentence is left as it is: it would only be repeated)."""
    senses = senses or default_senses()
    split = split or default_split()
    highlights = []
    for h in p.highlights:
        if h.kind == "sentence":
            pieces = sentence_pieces(p, h)
            text = "".join(p.text[s - p.start : e - p.start] for s, e in pieces)
            if has_cjk(text):
                h = replace(h, gloss=gloss_words(text, pieces, senses, split))
        elif h.kind == "answer":
            h = replace(h, pinyin=span_reading(h.text))
        highlights.append(h)
    title_en = title_en or p.title_en
    return replace(p, highlights=tuple(highlights), title_en="" if title_en == p.title else title_en)


def gloss_answer(answer: Answer, title_en: Callable[[str], str] = lambda citation: "", senses=None,
                 split: Callable[[str], list[str]] | None = None) -> Answer:
    """Every passage of the answer glossed; ``title_en(citation)`` is the English title of its article."""
    return replace(answer, passages=tuple(gloss_passage(p, title_en(p.citation), senses, split)
                                          for p in answer.passages))  # fmt: skip


def wants_gloss(answer: Answer, gloss: bool | None) -> bool:
    """``gloss``: True always, False never, None (the default) for the questions asked in English."""
    return answer.lang == "en" if gloss is None else gloss


@lru_cache(maxsize=1)
def default_senses():
    from index.text.senses import default

    return default()


@lru_cache(maxsize=1)
def default_split() -> Callable[[str], list[str]]:
    from index.gloss import default_glossary

    return default_glossary().split
