"""An answer as HTML: the verdict, the confidence in words, and one card per retrieved passage.

A card shows the passage with the answering sentence highlighted, the answer
span emphasised inside it and the matched terms marked; opening it shows the
paragraphs around the passage in the original article.
"""

from __future__ import annotations

from collections.abc import Callable

from qa.records import Answer, Highlight, Passage
from ui.render import Layer, esc, marked, placed

SENTENCE = 'mark class="hl-sentence"'
ANSWER = 'strong class="hl-answer"'
TERM = 'span class="hl-term"'
PASSAGE = 'mark class="ctx-passage"'

LANGS = {"zh": "中文 Chinese", "en": "英文 English", "mixed": "中英混合 mixed", "other": "其他 other"}

# what a card needs from the citation lookup: (before, paragraph, after), each (start, end, text) or None
Context = tuple["tuple[int, int, str] | None", "tuple[int, int, str]", "tuple[int, int, str] | None"]


def confidence_words(confidence: float, threshold: float) -> str:
    if confidence >= max(0.75, threshold):
        return "高 high"
    if confidence >= threshold:
        return "中 medium"
    return "低 low"


def _spans(p: Passage, kind: str) -> tuple[tuple[int, int], ...]:
    found = (placed(p.text, p.start, h.start, h.end, h.text) for h in p.highlights if h.kind == kind)
    return tuple(s for s in found if s is not None)


def _layers(p: Passage) -> list[Layer]:
    return [Layer(SENTENCE, _spans(p, "sentence")), Layer(ANSWER, _spans(p, "answer")), Layer(TERM, _spans(p, "term"))]


def _first(p: Passage, kind: str) -> Highlight | None:
    return next((h for h in p.highlights if h.kind == kind and placed(p.text, p.start, h.start, h.end, h.text)), None)


def context_html(p: Passage, context: Context | None) -> str:
    """The paragraphs before, of and after the passage, the passage marked inside its paragraph."""
    if context is None:
        return '<p class="qa-muted">原文上下文不可用 The article text is not available.</p>'
    before, (start, end, text), after = context
    layers = [Layer(PASSAGE, ((p.start, p.end),)), *_layers(p)[:2]]
    parts = []
    if before is not None:
        parts.append(f'<div class="ctx-para ctx-before">{esc(before[2])}</div>')
    parts.append(f'<div class="ctx-para ctx-current">{marked(text, start, layers)}</div>')
    if after is not None:
        parts.append(f'<div class="ctx-para ctx-after">{esc(after[2])}</div>')
    return "".join(parts)


def card_html(p: Passage, context: Context | None) -> str:
    sentence = _first(p, "sentence")
    where = (
        f'<div class="qa-sentence-cite">答案句 Answering sentence: <code>{esc(sentence.citation)}</code></div>'
        if sentence is not None and sentence.citation
        else ""
    )
    return (
        f'<article class="qa-card" data-rank="{p.rank}" data-citation="{esc(p.citation)}">'
        f'<header><span class="qa-rank">#{p.rank}</span> <span class="qa-title">{esc(p.title)}</span> '
        f'<code class="qa-cite">{esc(p.citation)}</code> '
        f'<span class="qa-score">相关度 score {p.score:.2f}</span></header>'
        f'<div class="qa-ref">{esc(p.reference)}</div>'
        f'<div class="qa-passage">{marked(p.text, p.start, _layers(p))}</div>{where}'
        f'<details class="qa-context"><summary>在原文中查看上下文 Show the surrounding paragraphs</summary>'
        f"{context_html(p, context)}</details></article>"
    )


def verdict_html(answer: Answer, threshold: float) -> str:
    if answer.answerable:
        verdict = '<div class="qa-verdict qa-ok">找到答案 The articles answer this.</div>'
    else:
        verdict = (
            '<div class="qa-verdict qa-none">文章中没有答案 The articles do not answer this. '
            + ("以下是最接近的段落 The closest passages are shown below." if answer.passages else "")
            + "</div>"
        )
    span = answer.span if answer.answerable else None
    sentence = answer.sentence
    best = ""
    if span is not None:
        best = f'<div class="qa-best">答案 Answer: <strong>{esc(span.text)}</strong>'
        best += f" <code>{esc(sentence.citation)}</code></div>" if sentence is not None else "</div>"
    c = answer.confidence
    return (
        f"{verdict}"
        f'<div class="qa-question">问题 Question: <q>{esc(answer.question)}</q> '
        f'<span class="qa-lang">{esc(LANGS.get(answer.lang, answer.lang))}</span></div>'
        f'<div class="qa-confidence">置信度 Confidence: <b>{c:.2f}</b> ({confidence_words(c, threshold)}) '
        f'<meter min="0" max="1" value="{c:.4f}"></meter></div>{best}'
    )


def answer_html(answer: Answer, threshold: float, context: Callable[[Passage], Context | None]) -> str:
    cards = "".join(card_html(p, context(p)) for p in answer.passages)
    return (
        f'<section class="qa-answer" data-answerable="{str(answer.answerable).lower()}" data-lang="{esc(answer.lang)}">'
        f"{verdict_html(answer, threshold)}"
        '<p class="qa-legend"><mark class="hl-sentence">答案句 answering sentence</mark> '
        '<strong class="hl-answer">答案 answer</strong> <span class="hl-term">匹配词 matched term</span></p>'
        f"{cards}</section>"
    )
