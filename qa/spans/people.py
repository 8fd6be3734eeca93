"""People: 总经理顾成建, 段路明教授, 郭光灿、杜江峰、潘建伟, Iordanis Kerenidis.

jieba's dictionary knows common words and its HMM cuts unknown names out
whole (顾成建, 段路明), so an unknown or rare word that starts with a surname
is a name. A name after a job title the question mentions is its answer;
names joined by 、 or 和 answer a question asking for several people.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.text.names import COMPOUND_SURNAMES, SURNAMES
from index.text.script import CJK_CHAR
from index.text.segment import frequency
from qa.spans.chunker import SEPARATORS
from qa.spans.context import Context, context_score
from qa.spans.qtype import ZH_HEAD_NOUNS
from qa.spans.records import SpanCandidate
from qa.spans.tagging import OPEN, Token, tag
from qa.spans.words import words

_TITLES = frozenset(words("job_titles"))
_AFTER_NAME = frozenset(words("after_name"))
_ORG_WORDS = frozenset(words("org_words_en"))
_VERB_STOP = frozenset(words("verb_stop"))
_GENERIC = frozenset(words("generic_nouns"))
_JOINERS = SEPARATORS | frozenset(words("conjunctions"))
_LATIN_NAME = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+(?:[ \-][A-Z]\.)?(?:[ \-][A-Z][a-z]+){1,2}(?![A-Za-z])")


def _looks_like_name(tok: Token) -> bool:
    """A surname and one or two more characters, and not a common word."""
    word = tok.word
    if not 2 <= len(word) <= 4 or not all(CJK_CHAR.match(c) for c in word) or word in _TITLES:
        return False
    if word.startswith(COMPOUND_SURNAMES):
        surname = len(word) >= 3
    else:
        surname = word[0] in SURNAMES and len(word) <= 3
    return surname and (tok.flag in ("oov", "nr", "nrfg") or frequency(word) < 50)


def _join_surnames(tokens: list[Token]) -> list[Token]:
    """李|明远 -> 李明远: jieba tags a lone surname ``nr`` and leaves the given name as a word of its own."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (tok.flag == "nr" and len(tok.word) == 1 and tok.word in SURNAMES and nxt is not None
                and 1 <= len(nxt.word) <= 2 and all(CJK_CHAR.match(c) for c in nxt.word)
                and nxt.flag[:1] not in "upcyexmqr" and nxt.word not in _AFTER_NAME | _TITLES | _VERB_STOP):
            out.append(Token(tok.word + nxt.word, "nr", tok.start, nxt.end))
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


@lru_cache(maxsize=8192)
def sentence_names(text: str) -> tuple[tuple, tuple, tuple]:
    """What the names of a sentence take from the sentence alone (a bounded cache, pure): each Chinese
    name's (start, end, the job title or colon before it or None, a word that follows names after it),
    each Latin name's (start, end, score) and each run of names' (start, end, length)."""
    tokens = _join_surnames(tag(text))
    chinese, names = [], []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
        if not _looks_like_name(tok) or ZH_HEAD_NOUNS.get(nxt) in ("place", "org") or nxt in _GENERIC:
            continue  # 桑迪亚|国家实验室 names a place, not a person
        names.append(i)
        prev = tokens[i - 1] if i else None
        titled = (prev.start, prev.end) if prev and (prev.word in _TITLES or prev.word in (":", ":")) else None
        chinese.append((tok.start, tok.end, titled, nxt in _AFTER_NAME or nxt in OPEN))
    latin = []
    for m in _LATIN_NAME.finditer(text):
        if not any(w.lower() in _ORG_WORDS for w in re.split(r"[ \-]", m.group())):
            titled = text[max(0, m.start() - 6):m.start()].endswith(tuple(_TITLES))
            latin.append((m.start(), m.end(), 1.3 if titled else 1.0))
    runs = []  # 郭光灿、杜江峰、潘建伟: names joined by 、 or 和
    run: list[int] = []
    for i in names + [-1]:
        if run and i == run[-1] + 2 and tokens[i - 1].word in _JOINERS:
            run.append(i)
            continue
        if len(run) >= 2:
            runs.append((tokens[run[0]].start, tokens[run[-1]].end, len(run)))
        run = [i]
    return tuple(chinese), tuple(latin), tuple(runs)


def people(ctx: Context) -> list[SpanCandidate]:
    """Every name of the sentence, and every run of names, scored for the question."""
    text, q = ctx.sentence, ctx.qtype
    chinese, latin, runs = sentence_names(text)
    found: dict[tuple[int, int], float] = {}
    for s, e, titled, followed in chinese:
        base = 0.7
        if titled is not None:
            asked = any(hs < titled[1] and he > titled[0] for _, hs, he in ctx.hits)
            base = 1.9 if asked else 1.3  # 总经理 is in the question: the name after it answers
        if followed:
            base = max(base, 1.1)
        found[(s, e)] = base
    for s, e, base in latin:
        found[(s, e)] = base
    several = (q.expects_count or 0) > 1
    out = [SpanCandidate(s, e, text[s:e], base - (0.5 if several else 0.0) + context_score(ctx, s, e))
           for (s, e), base in found.items()]
    for s, e, length in runs:
        if q.expects_count:
            fit = 1.0 if length == q.expects_count else -0.6
        else:
            fit = 0.5 if q.plural else -0.3
        out.append(SpanCandidate(s, e, text[s:e], 1.1 + fit + context_score(ctx, s, e)))
    return out
