"""HTML and XHTML: the article's main content as paragraphs, the page furniture dropped.

trafilatura finds the main content (it scores blocks by text and link
density and drops navigation, footers, link lists, share bars and comment
sections); on the saved news page in tests/data/docs it keeps every paragraph
and heading of the article and nothing else. When it finds nothing (a page
that is all short blocks, or one it cannot parse), our own lxml rules run
instead: drop script, style, nav, header, footer, aside, form and elements
whose class or id names a menu, comment box, share bar or recommendation list,
then keep headings, paragraphs, list items and table rows whose text is not
mostly link text.

The document text is the paragraphs joined by a blank line; a table is one
paragraph, a row per line, cells joined by `` | ``.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from lxml import html as lhtml

from index.readers.base import CELL_SEP, Extracted, joined
from index.readers.encoding import EncodingNotFound, declared, decode
from index.readers.errors import NoText, UnreadableEncoding

_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "template",
              "svg", "button", "select", "textarea", "link", "meta")
_DROP_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumb|footer|foot|header|top|sidebar|side|aside|share|social|"
    r"comments?|reply|login|recommend|related|hot|rank|ads?|advert|banner|toolbar|pager|pagination)([\s_-]|$)",
    re.I,
)
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre", "blockquote", "dd", "dt")
_TITLE_SEP = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*")


def _clean(s: str) -> str:
    lines = [_WS.sub(" ", ln).strip() for ln in s.replace("\r\n", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _text(el) -> str:
    return _clean("".join(el.itertext()))


# ---------------------------------------------------------------- title
def title_of(tree, paragraphs: list[str]) -> str:
    """The page's ``<h1>`` when ``<title>`` is it plus the site's name, else ``<title>`` less a site suffix."""
    title = ""
    t = tree.find(".//title")
    if t is not None:
        title = _clean(t.text_content()).replace("\n", " ")
    h1 = next((_text(h) for h in tree.iter("h1") if _text(h)), "")
    if h1 and (not title or h1 in title):
        return h1
    if title:
        parts = [p for p in _TITLE_SEP.split(title) if p]
        if len(parts) > 1 and len(parts[0]) >= 4:
            return parts[0]
        return title
    return h1 or (paragraphs[0][:120] if paragraphs else "")


# ---------------------------------------------------------------- trafilatura
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
Block = tuple[str, bool]  # a paragraph's text, and whether the page marks it as a heading


def _from_trafilatura(markup: str) -> list[Block]:
    import trafilatura

    xml = trafilatura.extract(markup, output_format="xml", include_comments=False, include_tables=True,
                              include_images=False, include_links=False, include_formatting=False,
                              deduplicate=False)
    if not xml:
        return []
    main = etree.fromstring(xml.encode("utf-8")).find("main")
    if main is None:
        return []
    out: list[Block] = []
    for el in main:
        if el.tag == "table":
            rows = [CELL_SEP.join(_clean("".join(c.itertext())).replace("\n", " ") for c in row.iter("cell"))
                    for row in el.iter("row")]
            block = "\n".join(r for r in rows if r.strip(" |"))
        elif el.tag == "list":
            for item in el.iter("item"):
                s = _clean("".join(item.itertext()))
                if s:
                    out.append((s, False))
            continue
        else:
            block = _clean("".join(el.itertext()))
        if block:
            out.append((block, el.tag == "head"))
    return out


# ---------------------------------------------------------------- our own rules
def _link_density(el) -> float:
    total = len("".join(el.itertext()).strip()) or 1
    linked = sum(len("".join(a.itertext()).strip()) for a in el.iter("a"))
    return linked / total


def _from_rules(tree) -> list[Block]:
    body = tree.find(".//body")
    root = body if body is not None else tree
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if _DROP_NAMES.search(names):
            el.drop_tree()
    out: list[Block] = []
    for el in root.iter(*_BLOCKS):
        if any(a.tag in _BLOCKS and a.tag != "tr" for a in el.iterancestors()) and el.tag != "tr":
            continue  # a <p> inside an <li> is read with its <li>
        if el.tag == "tr":
            cells = [_text(c).replace("\n", " ") for c in el if c.tag in ("td", "th")]
            s = CELL_SEP.join(cells) if any(cells) else ""
        else:
            s = _text(el)
        if s and _link_density(el) < 0.5:
            out.append((s, el.tag in _HEADINGS))
    return out


def _tables_as_blocks(paragraphs: list[Block]) -> list[Block]:
    """Consecutive table rows (from the rules) become one paragraph, a row per line."""
    out: list[Block] = []
    for p, heading in paragraphs:
        if CELL_SEP in p and out and CELL_SEP in out[-1][0].split("\n")[-1]:
            out[-1] = (out[-1][0] + "\n" + p, False)
        else:
            out.append((p, heading))
    return out


def read_bytes(data: bytes, path: Path) -> Extracted:
    try:
        decoded = decode(data, hint=declared(data))
    except EncodingNotFound as exc:
        raise UnreadableEncoding(path, exc.tried, exc.reason) from None
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", decoded.text)  # lxml refuses a declaration in a str
    tree = lhtml.document_fromstring(markup) if markup.strip() else None
    if tree is None:
        raise NoText(path)
    warnings: tuple[str, ...] = ()
    paragraphs = _from_trafilatura(markup)
    if not paragraphs:
        paragraphs = _tables_as_blocks(_from_rules(lhtml.document_fromstring(markup)))
        warnings = ("main content found by the reader's own rules (trafilatura found none)",)
    blocks = [b for b in paragraphs if b[0].strip()]
    if not blocks:
        raise NoText(path)
    text, headings = joined(blocks)
    return Extracted(text=text, title=title_of(tree, [p for p, _ in blocks]), format="html",
                     encoding=decoded.encoding, warnings=warnings, headings=headings)


def read(path: Path) -> Extracted:
    path = Path(path)
    return read_bytes(path.read_bytes(), path)
