"""References of cited passages in formats a user pastes into a paper: BibTeX, CSL-JSON, Markdown.

BibTeX and CSL-JSON describe works, so they get one entry per document, with
the cited paragraphs in its note; Markdown lists every cited passage with its
reference and the quoted text. Keys depend only on the document (author,
year, document key), so the same article keeps its key across exports.
Chinese stays as UTF-8 (biber and CSL processors read it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from index.text.names import split_name
from qa.errors import UnknownFormat
from qa.provenance.cite import Cited, Source, romanise

FORMATS = ("bibtex", "csl-json", "markdown")

_DOI = re.compile(r"10\.\d{4,9}/[^\s,;]+")
_URL = re.compile(r"https?://\S+")
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
_BIB_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIB_ESCAPE = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}
_QUOTE_CHARS = 200


def _grouped(items: Iterable[Cited]) -> list[tuple[Source, list[Cited]]]:
    """Cited records by document, documents in order of first citation."""
    groups: dict[str, tuple[Source, list[Cited]]] = {}
    for c in items:
        groups.setdefault(c.source.key, (c.source, []))[1].append(c)
    return list(groups.values())


def year_of(source: Source) -> str:
    m = _YEAR.search(source.date or "")
    return m.group() if m else ""


def bibtex_key(source: Source) -> str:
    """``shen_000``, ``qin2022_004``: first author's family name (pinyin), year, document key."""
    if source.authors:
        first = romanise(source.authors[0])
        name = first.split()[0] if first != source.authors[0] else ""
    else:
        name = ""
    if not name:
        words = re.findall(r"[A-Za-z]+", source.title_en or "")
        name = next((w for w in words if len(w) > 3), words[0] if words else "doc")
    slug = re.sub(r"[^a-z0-9]", "", name.lower()) or "doc"
    doc = re.sub(r"[^A-Za-z0-9_-]", "-", source.key)
    return f"{slug}{year_of(source)}_{doc}"


def _bib(value: str) -> str:
    return _BIB_SPECIAL.sub(lambda m: _BIB_ESCAPE.get(m.group(1), "\\" + m.group(1)), value)


def _bib_author(name: str) -> str:
    """Chinese personal names and organisations are kept whole (braced), so BibTeX does not split them."""
    return "{" + _bib(name) + "}"


def _cited_list(cs: list[Cited]) -> str:
    return "; ".join(f"{c.id} (第{c.para}段" + (f"第{c.sentence}句" if c.sentence else "") + ")" for c in cs)


def _publication(source: Source) -> tuple[str, str, str]:
    """(where it was published, DOI, URL) from the catalog's free-text source."""
    text = source.source or ""
    doi = _DOI.search(text)
    url = _URL.search(text)
    rest = _URL.sub("", _DOI.sub("", text))
    rest = re.sub(r"\bDOI\s*:?\s*", "", rest, flags=re.I).strip(" ,;:")
    rest = re.sub(r"\s*,?\s*citing\s*$", "", rest).strip(" ,;:")
    return rest, doi.group().rstrip(".") if doi else "", url.group() if url else ""


def bibtex(items: Iterable[Cited]) -> str:
    entries = []
    for source, cs in _grouped(items):
        where, doi, url = _publication(source)
        fields = [("author", " and ".join(_bib_author(a) for a in source.authors))] if source.authors else []
        fields.append(("title", "{" + _bib(source.title) + "}"))
        if source.title_en:
            fields.append(("titleaddon", _bib(source.title_en)))
        if where:
            fields.append(("howpublished", _bib(where)))
        year = year_of(source)
        if year:
            fields.append(("year", year))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.date or ""):
            fields.append(("date", source.date))
        if doi:
            fields.append(("doi", doi))
        if url:
            fields.append(("url", url))
        fields.append(("language", "chinese"))
        fields.append(("note", _bib("cited: " + _cited_list(cs))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@misc{{{bibtex_key(source)},\n{body}\n}}")
    return "\n\n".join(entries) + ("\n" if entries else "")


def _csl_name(name: str) -> dict:
    parts = split_name(name)
    return {"family": parts[0], "given": parts[1]} if parts else {"literal": name}


def csl_json(items: Iterable[Cited]) -> str:
    out = []
    for source, cs in _grouped(items):
        where, doi, url = _publication(source)
        item: dict = {"id": bibtex_key(source), "type": "webpage" if url and not doi else "article",
                      "title": source.title, "language": "zh-CN"}
        if source.authors:
            item["author"] = [_csl_name(a) for a in source.authors]
        if where:
            item["container-title"] = where
        parts = [int(p) for p in re.findall(r"\d+", source.date or "")][:3]
        if parts and len(str(parts[0])) == 4:
            item["issued"] = {"date-parts": [parts]}
        elif year_of(source):
            item["issued"] = {"date-parts": [[int(year_of(source))]]}
        if doi:
            item["DOI"] = doi
        if url:
            item["URL"] = url
        english = f"English title: {source.title_en}; " if source.title_en else ""
        item["note"] = english + "cited: " + _cited_list(cs)
        out.append(item)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def markdown(items: Iterable[Cited]) -> str:
    lines = []
    for c in items:
        quote = " ".join(c.unit.clean.split())
        if len(quote) > _QUOTE_CHARS:
            quote = quote[:_QUOTE_CHARS] + "…"
        lines.append(f"- **[{c.id}]** {c.reference_zh}  \n  {c.reference_en}.  \n  > {quote}")
    return "\n".join(lines) + ("\n" if lines else "")


_WRITERS = {"bibtex": bibtex, "csl-json": csl_json, "markdown": markdown}


def format_references(items: Iterable[Cited], fmt: str) -> str:
    """References of the cited passages (``qa.cite.collect`` turns answers and ids into Cited records)."""
    writer = _WRITERS.get((fmt or "").lower())
    if writer is None:
        raise UnknownFormat("reference", found=fmt, expected=FORMATS)
    return writer(list(items))
