"""HTML of source text: marks placed by offsets into the document text, and the Jinja2 templates around them.

Every passage, highlight and citation carries offsets into its document's
text, so a mark is placed by slicing the text at those offsets, never by
searching for the marked words again: a highlight whose offsets disagree with
its text is dropped, since a wrong mark is worse than none. The report
(``qa.eval.report``) and the app's cards (``ui/``) mark text with the one
function here, ``mark``, and render their pages with templates whose
autoescape is on: a question or an article containing ``<script>`` is shown,
never run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from qa.records import Passage

Span = tuple[int, int]


@dataclass(frozen=True)
class Layer:
    """One kind of mark: the element and class to wrap each span in, and the spans (document offsets)."""

    element: str  # e.g. "mark"
    css: str  # its class, e.g. "hl-sentence"
    spans: tuple[Span, ...]


def merged(spans: Iterable[Span], lo: int, hi: int) -> list[Span]:
    """Spans clipped to ``[lo, hi)``, empty ones dropped, overlapping ones joined."""
    out: list[Span] = []
    for s, e in sorted((max(lo, s), min(hi, e)) for s, e in spans):
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def mark(text: str, start: int, layers: Sequence[Layer]) -> Markup:
    """``text`` (which begins at document offset ``start``) escaped, with each layer's spans wrapped.

    The first layer is outermost; inner layers are cut at the edges of outer
    marks, so the HTML always nests.
    """
    return Markup(_nest(text, start, start, start + len(text), list(layers)))


def _nest(text: str, base: int, lo: int, hi: int, layers: list[Layer]) -> str:
    if not layers:
        return str(escape(text[lo - base : hi - base]))
    layer, rest = layers[0], layers[1:]
    out, pos = [], lo
    for s, e in merged(layer.spans, lo, hi):
        out.append(_nest(text, base, pos, s, rest))
        out.append(f'<{layer.element} class="{escape(layer.css)}">{_nest(text, base, s, e, rest)}</{layer.element}>')
        pos = e
    out.append(_nest(text, base, pos, hi, rest))
    return "".join(out)


def placed(text: str, base: int, start: int, end: int, expected: str) -> Span | None:
    """The span ``[start, end)`` if it lies inside the text (which begins at ``base``) and holds ``expected``."""
    s, e = start - base, end - base
    if 0 <= s <= e <= len(text) and text[s:e] == expected:
        return start, end
    return None


def highlight_spans(p: Passage, kind: str, first: bool = False) -> tuple[Span, ...]:
    """The document spans of the passage's highlights of ``kind`` that its offsets place (only the first one
    of them when ``first``); a highlight whose offsets disagree with its text is dropped, not searched for."""
    found = (placed(p.text, p.start, h.start, h.end, h.text) for h in p.highlights if h.kind == kind)
    spans = tuple(s for s in found if s is not None)
    return spans[:1] if first else spans


@cache
def templates(package: str) -> Environment:
    """The Jinja2 templates in ``package``'s ``templates/`` folder, autoescaped, refusing undefined names
    (one environment per package, so each template is compiled once)."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
