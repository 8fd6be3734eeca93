"""Extract plain text from the HTML chapters of Debian Reference (debian-reference-{en,zh-cn}).

Usage (from the repository root):

    python bench/data/debian/extract.py [--src /usr/share/debian-reference]

Writes ``corpus/en/NN_name.txt`` and ``corpus/zh/NN_name.txt`` next to this script, one file per
chapter in ``CHAPTERS``. The text keeps every heading on its own line, separates paragraphs by one
blank line, keeps each ``<pre>`` block as one paragraph (its own blank lines dropped so that it stays
one paragraph), writes a table as one paragraph with a line per row (cells joined by `` | ``), and
prefixes a tip/note/caution box's label ("Tip: ", "注意：") to its first paragraph. Navigation
header, footer and the table of contents are dropped. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import re
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHAPTERS = {
    "ch01": "01_gnu_linux_tutorials",
    "ch02": "02_package_management",
    "ch03": "03_system_initialization",
    "ch04": "04_authentication",
    "ch05": "05_network_setup",
    "ch08": "08_i18n_l10n",
}
LANGS = {"en": "en", "zh": "zh-cn"}

BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "ul", "ol", "dl", "blockquote"}
SKIP_CLASSES = {"navheader", "navfooter", "toc"}
ADMONITIONS = {"tip", "note", "caution", "warning", "important"}
VOID = {"br", "img", "hr", "col", "meta", "link"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_SPACE = re.compile(r"\s+")


def clean_inline(text: str) -> str:
    """Collapse runs of whitespace (no-break spaces included) to one space."""
    return _SPACE.sub(" ", text).strip()


class ChapterText(HTMLParser):
    """Collects the blocks of one DocBook XHTML chapter."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.buf: list[str] = []
        self.stack: list[tuple[str, str]] = []  # (tag, role) of open elements
        self.skip = 0  # depth inside skipped subtrees
        self.in_body = False
        self.pre = 0
        self.table_rows: list[str] | None = None  # rows of the open data table
        self.cells: list[str] | None = None
        self.label_buf: list[str] | None = None  # text of an admonition's <th>
        self.pending_label = ""

    # -- helpers -------------------------------------------------------------------------------
    def flush(self) -> None:
        if self.table_rows is not None:
            return
        text = "".join(self.buf)
        self.buf = []
        text = clean_inline(text)
        if not text:
            return
        if self.pending_label:
            sep = "：" if _CJK.search(self.pending_label) else ": "
            text = f"{self.pending_label}{sep}{text}"
            self.pending_label = ""
        self.blocks.append(text)

    def in_admonition(self) -> bool:
        return any(role == "admonition" for _, role in self.stack)

    # -- parser callbacks ----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "body":
            self.in_body = True
        if tag in VOID:
            if tag == "br" and not self.skip:
                self.buf.append(" ")
            return
        role = ""
        if self.skip or classes & SKIP_CLASSES:
            role = "skip"
            self.skip += 1
        elif tag == "div" and classes & ADMONITIONS:
            role = "admonition"
            self.flush()
        elif tag == "table" and classes & {"table", "informaltable"}:
            role = "data"
            self.flush()
            self.table_rows = []
        elif tag == "tr" and self.table_rows is not None:
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.buf = []
        elif tag == "th" and self.in_admonition() and self.table_rows is None:
            self.label_buf = []
        elif tag == "pre":
            self.flush()
            self.pre += 1
        elif tag in BLOCK:
            self.flush()
        self.stack.append((tag, role))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skip:
            self.buf.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        # pop to the matching open tag (the XHTML is well formed; this is only a guard)
        while self.stack:
            open_tag, role = self.stack.pop()
            self._close(open_tag, role)
            if open_tag == tag:
                break

    def _close(self, tag: str, role: str) -> None:
        if role == "skip":
            self.skip -= 1
            return
        if self.skip:
            return
        if role == "data":
            rows = self.table_rows or []
            self.table_rows = None
            self.cells = None
            self.buf = []
            if rows:
                self.blocks.append("\n".join(rows))
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append(clean_inline("".join(self.buf)))
            self.buf = []
        elif tag == "tr" and self.table_rows is not None and self.cells is not None:
            row = " | ".join(self.cells).strip()
            if row.replace("|", "").strip():
                self.table_rows.append(row)
            self.cells = None
        elif tag == "th" and self.label_buf is not None:
            self.pending_label = clean_inline("".join(self.label_buf))
            self.label_buf = None
        elif tag == "pre":
            self.pre -= 1
            lines = [ln.rstrip() for ln in "".join(self.buf).split("\n")]
            self.buf = []
            text = "\n".join(ln for ln in lines if ln.strip())
            if text:
                if self.pending_label:
                    self.flush_label_alone()
                self.blocks.append(text)
        elif role == "admonition":
            self.flush()
            self.pending_label = ""
        elif tag in BLOCK:
            self.flush()

    def flush_label_alone(self) -> None:
        self.blocks.append(self.pending_label)
        self.pending_label = ""

    def handle_data(self, data: str) -> None:
        if self.skip or not self.in_body:
            return
        if self.label_buf is not None:
            self.label_buf.append(data)
        else:
            self.buf.append(data)


def chapter_text(html: str) -> str:
    parser = ChapterText()
    parser.feed(html)
    parser.close()
    parser.flush()
    text = "\n\n".join(parser.blocks) + "\n"
    if "\n\n\n" in text:
        raise ValueError("a block contains a blank line")
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", default="/usr/share/debian-reference", help="folder of the installed HTML")
    ap.add_argument("--out", default=str(HERE / "corpus"), help="output folder (gets en/ and zh/)")
    args = ap.parse_args()
    for lang, suffix in LANGS.items():
        out = Path(args.out) / lang
        out.mkdir(parents=True, exist_ok=True)
        for chapter, name in CHAPTERS.items():
            html = (Path(args.src) / f"{chapter}.{suffix}.html").read_text(encoding="utf-8")
            text = chapter_text(html)
            (out / f"{name}.txt").write_text(text, encoding="utf-8")
            print(f"{lang}/{name}.txt  {len(text):>7,} chars  {len(text.encode()):>7,} bytes")


if __name__ == "__main__":
    main()
