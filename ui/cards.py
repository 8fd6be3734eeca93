"""An answer as HTML: the verdict, the confidence in words, and one card per retrieved passage.

A card shows the passage with the answering sentence highlighted, the answer
span emphasised inside it and the matched terms marked; opening it shows the
paragraphs around the passage in the original article. The markup is
``ui/templates/cards.html.j2``.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from qa.markup import Layer, highlight_spans, mark, placed
from qa.records import Answer, Highlight, Passage
from ui.render import macros

LANGS = {"zh": "中文 Chinese", "en": "英文 English", "mixed": "中英混合 mixed", "other": "其他 other"}

# what a card needs from the citation lookup: (before, paragraph, after), each (start, end, text) or None
Context = tuple["tuple[int, int, str] | None", "tuple[int, int, str]", "tuple[int, int, str] | None"]


def confidence_words(confidence: float, threshold: float) -> str:
    if confidence >= max(0.75, threshold):
        return "高 high"
    if confidence >= threshold:
        return "中 medium"
    return "低 low"


def _layers(p: Passage) -> list[Layer]:
    return [Layer("mark", "hl-sentence", highlight_spans(p, "sentence")),
            Layer("strong", "hl-answer", highlight_spans(p, "answer")),
            Layer("span", "hl-term", highlight_spans(p, "term"))]


def _first(p: Passage, kind: str) -> Highlight | None:
    return next((h for h in p.highlights if h.kind == kind and placed(p.text, p.start, h.start, h.end, h.text)), None)


def context_html(p: Passage, context: Context | None) -> Markup:
    """The paragraphs before, of and after the passage, the passage marked inside its paragraph."""
    if context is None:
        return macros("cards.html.j2").context(None, None, None)
    before, (start, end, text), after = context
    current = mark(text, start, [Layer("mark", "ctx-passage", ((p.start, p.end),)), *_layers(p)[:2]])
    return macros("cards.html.j2").context(before[2] if before else None, current, after[2] if after else None)


def card_html(p: Passage, context: Context | None) -> Markup:
    sentence = _first(p, "sentence")
    return macros("cards.html.j2").card(p, mark(p.text, p.start, _layers(p)), sentence.citation if sentence else "",
                                        context_html(p, context))


def verdict_html(answer: Answer, threshold: float) -> Markup:
    span = answer.span if answer.answerable else None
    words = confidence_words(answer.confidence, threshold)
    return macros("cards.html.j2").verdict(answer, words, LANGS.get(answer.lang, answer.lang), span, answer.sentence)


def answer_html(answer: Answer, threshold: float, context: Callable[[Passage], Context | None]) -> Markup:
    cards = [card_html(p, context(p)) for p in answer.passages]
    return macros("cards.html.j2").answer_section(answer, verdict_html(answer, threshold), cards)
