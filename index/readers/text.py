"""Plain text and Markdown: the document text is the file itself, decoded; nothing is moved or dropped."""

from __future__ import annotations

import re
from pathlib import Path

from index.readers.base import Extracted
from index.readers.encoding import EncodingNotFound, decode
from index.readers.errors import NoText, UnreadableEncoding

_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TITLE_MAX = 120


def atx_headings(text: str) -> tuple[int, ...]:
    """Where each Markdown ``#`` heading line starts (its first ``#``), a fenced code block's lines left out
    (``# apt-get update`` there is a root prompt). Pure."""
    out, pos, fenced = [], 0, False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _ATX.match(line.rstrip("\r\n")):
            out.append(pos + len(line) - len(line.lstrip(" ")))
        pos += len(line)
    return tuple(out)


def title_of(text: str, markdown: bool) -> str:
    """A Markdown file's first ``#`` heading, else the first non-blank line (as long as a title can be)."""
    first = ""
    for line in text.splitlines()[:50]:
        s = line.strip(" \t\u3000\ufeff")
        if not s:
            continue
        if markdown:
            m = _ATX.match(line)
            if m:
                return m.group(1).strip()
        if not first:
            first = s.lstrip("#").strip() if markdown else s
            if not markdown:
                break
    return first[:_TITLE_MAX]


def read_bytes(data: bytes, path: Path, fmt: str) -> Extracted:
    try:
        decoded = decode(data)
    except EncodingNotFound as exc:
        raise UnreadableEncoding(path, exc.tried, exc.reason) from None
    text = decoded.text
    if not text.strip():
        raise NoText(path)
    return Extracted(text=text, title=title_of(text, fmt == "md"), format=fmt, encoding=decoded.encoding,
                     headings=atx_headings(text) if fmt == "md" else ())


def read(path: Path) -> Extracted:
    path = Path(path)
    return read_bytes(path.read_bytes(), path, "md" if path.suffix.lower() in (".md", ".markdown") else "txt")
