"""The Citations tab's HTML: a looked-up citation in its context, and where a quote or claim comes from.

The markup is ``ui/templates/citations.html.j2``; the cited characters are
marked by ``qa.markup.mark``, by their offsets.
"""

from __future__ import annotations

from markupsafe import Markup

from qa.markup import Layer, mark
from qa.provenance.cite import Cited
from qa.provenance.records import Match
from ui.render import macros

VERDICTS = {
    "exact": ("原文照录 Exact quote", "qa-ok"),
    "supported": ("有原文支持 Supported by the articles", "qa-ok"),
    "not found": ("未找到出处 Not found in the articles", "qa-none"),
}


def cited_html(c: Cited) -> Markup:
    """The cited paragraph (the cited sentence marked, if one was named) between its neighbours."""
    para = c.paragraph
    inner = mark(para.text, para.start, [Layer("mark", "hl-cited", _spans(c.unit.spans))])
    return macros("citations.html.j2").cited(c, inner)


def _spans(spans) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in spans)


def verdict_label(verdict: str) -> tuple[str, str]:
    return VERDICTS.get(verdict, (verdict, "qa-info"))


def match_html(match: Match, original: str, paragraph: tuple[int, int] | None) -> Markup:
    """One source of a quote or claim: the matched characters marked in their paragraph.

    ``paragraph`` is the (start, end) of the paragraph the match is cited in; the
    shown region is widened to the whole match when a quote runs past it.
    """
    lo, hi = (match.start, match.end) if paragraph is None else paragraph
    lo, hi = min(lo, match.start), max(hi, match.end)
    inner = mark(original[lo:hi], lo, [Layer("mark", "hl-match", _spans(match.spans))])
    return macros("citations.html.j2").match(match, inner)
