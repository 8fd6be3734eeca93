"""An answer as text for a terminal: passages as cleaning joined them, the sentence and span marked, and for
English readers the answer's pinyin, the sentence word by word and the English title.

Confidence is shown per passage on the answer's calibrated scale with its
level (high, medium: answerable; near: just below; low), never the ranking
score alone, which is relative to the list's best and is 1.00 at the top of
any list, answered or not.
"""

from __future__ import annotations

import shutil
import textwrap

from qa.records import Answer, Highlight, Passage, confidence_level

BOLD, YELLOW, UNDERLINE, DIM, RESET = "\033[1m", "\033[43;30m", "\033[4m", "\033[2m", "\033[0m"
LEVEL_COLOUR = {"high": "\033[32m", "medium": "\033[32m", "near": "\033[33m", "low": "\033[90m"}
LEVEL_WORDS = {"high": "high 高", "medium": "medium 中", "near": "near 接近", "low": "low 低"}
GLOSS_LABEL = "dictionary gloss, not a translation / 词典逐词释义，非翻译"
INDENT = "   "


def level_text(confidence: float | None, threshold: float | None, colour: bool) -> str:
    """``0.83 high`` (coloured by level on a terminal); the bare number without a threshold."""
    if confidence is None:
        return ""
    if threshold is None:
        return f"{confidence:.2f}"
    level = confidence_level(confidence, threshold)
    words = f"{confidence:.2f} {LEVEL_WORDS[level]}"
    return f"{LEVEL_COLOUR[level]}{words}{RESET}" if colour else words


def render(answer: Answer, colour: bool, width: int | None = None) -> str:
    """The answer for a person: passages with citation, title and confidence, the sentence marked."""
    width = width or min(120, shutil.get_terminal_size((100, 24)).columns)
    threshold = answer.threshold
    head = f"Q: {answer.question}  [{answer.lang}]  confidence {level_text(answer.confidence, threshold, colour)}"
    if threshold is not None:
        head += f" (answerable from {threshold:.2f})"
    lines = [head]
    if not answer.answerable:
        lines.append("The articles do not seem to answer this. 文章中似乎没有这个问题的答案。"
                     " (closest passages below)")  # fmt: skip
        if answer.missing:
            lines.append(missing_line(answer.missing))
    for p in answer.passages:
        title = f"{BOLD}{p.title}{RESET}" if colour else p.title
        if p.confidence is not None:
            score = f"confidence {level_text(p.confidence, threshold, colour)}"
        else:  # a server too old to say: the ranking score, said to be relative
            score = f"score {p.score:.2f} (relative to the best of this list)"
        lines.append(f"\n#{p.rank} [{p.citation}] {title}  {score}")
        if p.title_en:
            lines.append(f"{INDENT}{p.title_en}")
        lines.append(f"{INDENT}{p.reference}")
        lines.append(INDENT + mark(p, colour).replace("\n", "\n" + INDENT))
        sentence = _first(p, "sentence")
        span = _first(p, "answer")
        if sentence and p.rank == 1:
            # an answer not given names no answer: the span stays marked in the closest passage, unlabelled
            said = f"  answer: {span.text}" + (f" ({span.pinyin})" if span.pinyin else "") \
                if span and answer.answerable else ""
            lines.append(f"{INDENT}-> {sentence.citation}{said}")
            if sentence.gloss:
                lines.extend(gloss_lines(sentence, width, colour))
    return "\n".join(lines)


def missing_line(words: tuple[str, ...]) -> str:
    """What the question asks that the articles never write: ``Not found in the articles: “ufw”.``"""
    en = ", ".join(f"“{w}”" for w in words)
    zh = "、".join(f"“{w}”" for w in words)
    return f"Not found in the articles: {en}. 文章中找不到：{zh}。"


def gloss_lines(sentence: Highlight, width: int, colour: bool) -> list[str]:
    """The sentence word by word, under a label that says what it is (and is not)."""
    items = []
    for w in sentence.gloss:
        if w.kind in ("person", "place") or not w.pinyin:
            kind = {"person": " (person)", "place": " (place)"}.get(w.kind, "")
            items.append(f"{w.text} {w.en}{kind}" if w.en != w.text else w.text)
        else:
            items.append(f"{w.text} {w.pinyin}: {w.en}" if w.en else f"{w.text} {w.pinyin}")
    label = f"{DIM}{GLOSS_LABEL}{RESET}" if colour else GLOSS_LABEL
    body = textwrap.wrap(" · ".join(items), width=max(40, width - len(INDENT) - 2), break_long_words=False,
                         break_on_hyphens=False)  # fmt: skip
    return [f"{INDENT}{label}:", *(f"{INDENT}  {line}" for line in body)]


def _first(p: Passage, kind: str) -> Highlight | None:
    return next((h for h in p.highlights if h.kind == kind), None)


def mark(p: Passage, colour: bool) -> str:
    """The passage as cleaning joined it, the sentence and answer span marked (colour, or »« and [ ] without).

    Highlights are offsets into the original; they are moved onto the joined text, so a line break that
    page layout put inside a sentence is not shown.
    """
    text = p.clean_text
    marks = sorted((h for h in p.highlights if h.kind in ("sentence", "answer")), key=lambda h: (h.start, -h.end))
    events = []  # (offset, 1 closes / 0 opens, nesting order, code): what opens later closes first
    for n, h in enumerate(marks):
        if h.kind == "sentence":
            events.append((p.clean_offset(h.start), 0, n, YELLOW if colour else "»"))
            events.append((p.clean_offset(h.end), 1, -n, RESET if colour else "«"))
        else:
            events.append((p.clean_offset(h.start), 0, n, UNDERLINE + BOLD if colour else "["))
            events.append((p.clean_offset(h.end), 1, -n, (RESET + YELLOW) if colour else "]"))
    out, pos = [], 0
    for at, _, _, code in sorted(events, key=lambda e: (e[0], -e[1], e[2])):
        at = max(0, min(len(text), at))
        out.append(text[pos:at])
        out.append(code)
        pos = at
    out.append(text[pos:])
    return "".join(out)
