"""Escaped HTML of source text with nested marks, placed by offsets (never by searching the text).

Every character of source text and user input goes through ``html.escape``:
a question or an article containing ``<script>`` is shown, never run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Layer:
    """One kind of mark: the tag and attributes to wrap each span in, and the spans (file offsets)."""

    tag: str  # e.g. 'mark class="hl-sentence"'
    spans: tuple[tuple[int, int], ...]

    @property
    def name(self) -> str:
        return self.tag.split()[0]


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def merged(spans: Iterable[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans clipped to ``[lo, hi)``, empty ones dropped, overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((max(lo, s), min(hi, e)) for s, e in spans):
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def marked(text: str, base: int, layers: Sequence[Layer]) -> str:
    """``text`` (which starts at file offset ``base``) escaped, the first layer outermost.

    Inner layers are cut at the edges of outer marks, so the HTML always nests.
    """
    return _nest(text, base, base, base + len(text), list(layers))


def _nest(text: str, base: int, lo: int, hi: int, layers: list[Layer]) -> str:
    if not layers:
        return esc(text[lo - base : hi - base])
    layer, rest = layers[0], layers[1:]
    out, pos = [], lo
    for s, e in merged(layer.spans, lo, hi):
        out.append(_nest(text, base, pos, s, rest))
        out.append(f"<{layer.tag}>{_nest(text, base, s, e, rest)}</{layer.name}>")
        pos = e
    out.append(_nest(text, base, pos, hi, rest))
    return "".join(out)


def placed(text: str, base: int, start: int, end: int, expected: str) -> tuple[int, int] | None:
    """The span ``[start, end)`` if it lies inside the text and holds ``expected``; else ``None``.

    A highlight whose offsets disagree with its text is dropped rather than
    guessed at: a wrong mark is worse than none.
    """
    s, e = start - base, end - base
    if 0 <= s <= e <= len(text) and text[s:e] == expected:
        return start, end
    return None


def alert(message: str, kind: str = "error") -> str:
    """A message box in the page (``kind``: error | info | warn)."""
    return f'<div class="qa-alert qa-alert-{esc(kind)}" role="alert">{esc(message)}</div>'
