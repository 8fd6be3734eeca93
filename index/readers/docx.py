"""Word (.docx) through python-docx: body paragraphs and headings in order, tables as text.

Each non-empty paragraph and each heading is one paragraph of the document
text; a table is one paragraph with a line per row and its cells joined by
`` | `` (a cell merged across columns is written once). Page headers and
footers, footnotes and comments are not the article and are left out. The
title is the file's Title property, else its first Title or Heading 1
paragraph, else its first paragraph.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from index.readers.base import CELL_SEP, Extracted, joined
from index.readers.errors import BrokenFile, NoText

_JUNK_TITLES = re.compile(r"^(untitled|document\d*|文档\d*|microsoft word.*)$", re.I)


def _clean(s: str) -> str:
    return "\n".join(ln.strip() for ln in s.replace("\r", "\n").split("\n") if ln.strip())


def _cell_text(cell) -> str:
    return " ".join(_clean(p.text).replace("\n", " ") for p in cell.paragraphs if p.text.strip())


def table_text(table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats in every grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        if any(cells):
            rows.append(CELL_SEP.join(cells))
    return "\n".join(rows)


def read(path: Path) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    path = Path(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BrokenFile(path, "DOCX", str(exc) or type(exc).__name__) from None
    blocks: list[tuple[str, bool]] = []  # (text, styled as a heading)
    heading = ""
    for item in document.iter_inner_content():
        marked = False
        if isinstance(item, Table):
            text = table_text(item)
        else:
            text = _clean(item.text)
            style = (item.style.name if item.style is not None else "") or ""
            marked = style == "Title" or style.startswith("Heading")
            if text and not heading and (style == "Title" or style.startswith("Heading 1")):
                heading = text
        if text:
            blocks.append((text, marked))
    if not blocks:
        raise NoText(path)
    title = (document.core_properties.title or "").strip()
    if not title or _JUNK_TITLES.match(title):
        title = heading or blocks[0][0].split("\n")[0][:120]
    text, headings = joined(blocks)
    return Extracted(text=text, title=title, format="docx", headings=headings)
