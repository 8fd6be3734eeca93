"""An answer as HTML: the verdict, the confidence in words, and one card per retrieved passage.

A card shows the passage as cleaning joined it (a line break that page layout
put inside a paragraph is not shown) with the answering sentence highlighted,
the answer span emphasised inside it and the matched terms marked; opening it
shows the paragraphs around the passage in the original article. Every
confidence is on the one calibrated scale, coloured by level (green: it
answers, amber: just below, grey: no); the ranking score, relative to the
list's best, is only named in a tooltip. For English readers a card adds the
English title and, under the sentence, a word-by-word dictionary gloss. The
markup is ``ui/templates/cards.html.j2``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from qa.markup import Layer, highlight_spans, mark, placed
from qa.records import NEAR, Answer, Highlight, Passage, confidence_level
from ui.render import macros

LANGS = {"zh": "中文 Chinese", "en": "英文 English", "mixed": "中英混合 mixed", "other": "其他 other"}
LEVEL_WORDS = {"high": "高 high", "medium": "中 medium", "near": "接近 near", "low": "低 low"}
GLOSS_LABEL = "词典逐词释义，非翻译 Dictionary gloss, not a translation"

# what a card needs from the citation lookup: (before, paragraph, after), each (start, end, text) or None
Context = tuple["tuple[int, int, str] | None", "tuple[int, int, str]", "tuple[int, int, str] | None"]


@dataclass(frozen=True)
class Level:
    """A confidence as the page shows it: the number, its level (the bar's colour) and its words."""

    value: float
    level: str  # "high" | "medium" | "near" | "low"
    words: str
    title: str  # the tooltip: what the number means


def confidence_words(confidence: float, threshold: float) -> str:
    return LEVEL_WORDS[confidence_level(confidence, threshold)]


def answer_level(confidence: float, threshold: float) -> Level:
    title = (f"置信度：文章回答此问题的把握，以已知答案的问题校准；≥ {threshold:.2f} 即回答（绿），"
             f"略低于此为接近（琥珀），更低为灰。 Confidence: how sure the assistant is that the articles answer "
             f"this, calibrated on questions with known answers; from {threshold:.2f} it answers (green), up to "
             f"{NEAR:.2f} below is near (amber), lower is grey.")  # fmt: skip
    level = confidence_level(confidence, threshold)
    return Level(confidence, level, LEVEL_WORDS[level], title)


def passage_level(p: Passage, threshold: float) -> Level | None:
    """The passage's own confidence, on the answer's scale; None from a record without one."""
    if p.confidence is None:
        return None
    level = confidence_level(p.confidence, threshold)
    title = (f"本段回答此问题的把握（与答案置信度同一标尺）。段落按检索排序，"
             f"排序得分 {p.score:.2f} 仅相对本列表最高者。 "
             f"How sure the assistant is that this passage answers, on the answer's scale (answers from "
             f"{threshold:.2f}). Passages are in retrieval order; their ranking score ({p.score:.2f}) is relative "
             "to the best of this list, so the first is always about 1.")  # fmt: skip
    return Level(p.confidence, level, LEVEL_WORDS[level], title)


def _layers(p: Passage) -> list[Layer]:
    return [Layer("mark", "hl-sentence", highlight_spans(p, "sentence")),
            Layer("strong", "hl-answer", highlight_spans(p, "answer")),
            Layer("span", "hl-term", highlight_spans(p, "term"))]


def _first(p: Passage, kind: str) -> Highlight | None:
    return next((h for h in p.highlights if h.kind == kind and placed(p.text, p.start, h.start, h.end, h.text)), None)


def passage_html(p: Passage, layers: list[Layer]) -> Markup:
    """The passage as cleaning joined it: each indexed piece marked by document offsets, the gaps left out
    (a space where two pieces of words meet: ``Passage.joints``)."""
    return Markup("").join(Markup(j) + mark(p.text[s - p.start : e - p.start], s, layers)
                           for (s, e), j in zip(p.pieces, p.joints))


def context_html(p: Passage, context: Context | None) -> Markup:
    """The paragraphs before, of and after the passage, the passage marked inside its paragraph."""
    if context is None:
        return macros("cards.html.j2").context(None, None, None)
    before, (start, end, text), after = context
    current = mark(text, start, [Layer("mark", "ctx-passage", ((p.start, p.end),)), *_layers(p)[:2]])
    return macros("cards.html.j2").context(before[2] if before else None, current, after[2] if after else None)


def gloss_html(sentence: Highlight | None, open: bool = True) -> Markup:
    """The answering sentence word by word, under a label that says it is a dictionary gloss."""
    if sentence is None or not sentence.gloss:
        return Markup("")
    return macros("cards.html.j2").gloss(sentence.gloss, GLOSS_LABEL, open)


def card_html(p: Passage, context: Context | None, threshold: float = 0.5, page: Markup | None = None) -> Markup:
    """One passage's card; ``page`` is the passage drawn on its PDF page (``ui.pages``), shown open on the first."""
    sentence = _first(p, "sentence")
    onpage = macros("pages.html.j2").on_page(page, p.rank == 1) if page else Markup("")
    return macros("cards.html.j2").card(
        p, passage_html(p, _layers(p)), sentence.citation if sentence else "", context_html(p, context),
        passage_level(p, threshold), gloss_html(sentence, open=p.rank == 1),  # the others' on a click
        onpage,
    )  # fmt: skip


def verdict_html(answer: Answer, threshold: float) -> Markup:
    span = answer.span if answer.answerable else None
    return macros("cards.html.j2").verdict(answer, answer_level(answer.confidence, threshold),
                                           LANGS.get(answer.lang, answer.lang), span, answer.sentence)  # fmt: skip


def answer_html(answer: Answer, threshold: float, context: Callable[[Passage], Context | None],
                page: Callable[[Passage], Markup | None] | None = None) -> Markup:
    """The answer section; ``page(p)`` draws a PDF passage on its page (None: other formats, shown as text)."""
    cards = [card_html(p, context(p), threshold, page(p) if page else None) for p in answer.passages]
    return macros("cards.html.j2").answer_section(answer, verdict_html(answer, threshold), cards, threshold,
                                                  threshold - NEAR)  # fmt: skip
