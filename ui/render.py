"""The app's HTML: its Jinja2 templates (``ui/templates/``, autoescaped) and small pieces shared by the tabs.

Source text is marked by ``qa.markup.mark``, by offsets; every character of
source text and user input is escaped: a question or an article containing
``<script>`` is shown, never run.
"""

from __future__ import annotations

from html import escape

from jinja2.environment import TemplateModule
from markupsafe import Markup

from qa.markup import templates


def macros(name: str) -> TemplateModule:
    """The macros of ``ui/templates/<name>``; each returns escaped HTML (``Markup``)."""
    return templates("ui").get_template(name).module


def esc(value: object) -> str:
    """``value`` as HTML text, for the pages that still write their HTML by hand."""
    return escape(str(value), quote=True)


def alert(message: str, kind: str = "error") -> Markup:
    """A message box in the page (``kind``: error | info | warn)."""
    return macros("page.html.j2").alert(message, kind)
