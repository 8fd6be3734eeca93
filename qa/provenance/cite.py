"""Citation ids (``001:p23``, ``001:p23.s2``): parse them, look them up, say them in words.

An id names a paragraph by its number among the document's kept paragraphs,
optionally a sentence inside it, so it survives a change of chunk size or
model. Looking one up returns the cited characters with their offsets into
the original file, a paragraph of context on each side, and a reference a
reader can paste (Chinese and English). A wrong id is answered with the valid
ids nearest to it, since a user who mistyped one needs to know what exists.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from index.citation import Citation as CitationId  # the id of the index, read here from a person's typing
from index.citation import paragraph_id, sentence_id
from index.clean import joint
from index.text.names import SURNAME_READINGS, split_name
from qa.errors import BadCitation

Span = tuple[int, int]

_ID = re.compile(r"^(?P<doc>[^:]+):p(?P<para>\d+)(?:\.?s(?P<sent>\d+))?$", re.IGNORECASE)
_WRAP = "[]()【】（）<>《》\"'“”‘’"
EXAMPLE = "001:p23 or 001:p23.s2"


@dataclass(frozen=True)
class Unit:
    """A cited paragraph or sentence: ``text == original[start:end]``; ``clean`` is its spans joined as shown
    (``index.clean.joint``: a table a row a line, a space between English sentences)."""

    citation: str
    start: int
    end: int
    spans: tuple[Span, ...]
    text: str
    clean: str
    kind: str = "body"  # the paragraph's kind: body | heading | caption


@dataclass(frozen=True)
class Source:
    """What a reference needs to know about a document."""

    key: str
    path: str
    title: str
    title_en: str = ""
    authors: tuple[str, ...] = ()
    source: str = ""
    date: str = ""


@dataclass(frozen=True)
class Cited:
    id: str  # canonical form of the id asked for
    source: Source
    para: int
    sentence: int | None
    unit: Unit  # what the id names
    paragraph: Unit  # the paragraph around it (the same as ``unit`` for a paragraph id)
    before: Unit | None
    after: Unit | None
    reference_zh: str
    reference_en: str
    page: int | None = None  # a paginated document (PDF): the page where the cited unit starts

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.page is None:
            del d["page"]
        for name in ("unit", "paragraph", "before", "after"):
            if d[name] is not None:
                d[name]["spans"] = [list(s) for s in d[name]["spans"]]
        d["source"]["authors"] = list(self.source.authors)
        return d


# ---------------------------------------------------------------- parsing
def parse_id(raw: str) -> CitationId:
    """``001：P23.S2`` -> CitationId("001", 23, 2); spaces, full-width forms and case are forgiven."""
    if not isinstance(raw, str):
        raise BadCitation("not_text", expected=EXAMPLE)
    s = unicodedata.normalize("NFKC", raw).replace("。", ".").replace("．", ".")
    s = "".join(s.split()).strip(_WRAP)
    m = _ID.match(s)
    if not m:
        shown = raw.strip()[:40] or "(empty)"
        raise BadCitation("malformed", found=shown, expected=EXAMPLE)
    sent = m.group("sent")
    return CitationId(m.group("doc"), int(m.group("para")), int(sent) if sent is not None else None)


def resolve_doc(doc: str, keys: Iterable[str]) -> str:
    """The document key meant by ``doc`` (``1`` finds ``001``), or BadCitation naming the nearest keys."""
    keys = sorted(keys)
    if doc in keys:
        return doc
    folded = {k.lower(): k for k in keys}
    if doc.lower() in folded:
        return folded[doc.lower()]
    if doc.isdecimal():
        same = [k for k in keys if k.isdecimal() and int(k) == int(doc)]
        if len(same) == 1:
            return same[0]
    raise BadCitation("no_document", found=doc, expected=nearest_keys(doc, keys))


def nearest_keys(doc: str, keys: list[str], limit: int = 10) -> str:
    """All keys when there are few, else those closest to ``doc`` (by number, then by spelling)."""
    if len(keys) <= limit:
        return ", ".join(keys)
    if doc.isdecimal() and any(k.isdecimal() for k in keys):
        near = sorted((k for k in keys if k.isdecimal()), key=lambda k: abs(int(k) - int(doc)))[:limit]
        near.sort()
    else:
        near = difflib.get_close_matches(doc, keys, n=limit, cutoff=0.0)
    return ", ".join(near) + ", …"


# ---------------------------------------------------------------- references
def romanise(name: str) -> str:
    """申红艳 -> Shen Hongyan (surname first, as Chinese names are cited); other names unchanged."""
    parts = split_name(name)
    if parts is None:
        return name
    from pypinyin import lazy_pinyin

    family = SURNAME_READINGS.get(parts[0]) or "".join(lazy_pinyin(parts[0]))
    return f"{family.capitalize()} {''.join(lazy_pinyin(parts[1])).capitalize()}".strip()


def reference(source: Source, para: int, sentence: int | None = None, lang: str = "zh",
              page: int | None = None) -> str:
    """申红艳、张红《锚定关键环节 系统布局量子产业》第12段 / Shen Hongyan, Zhang Hong, “Anchor …,” paragraph 12.

    A paginated document (PDF) names the page too: 《…》第3页第12段 / “…,” p. 3, paragraph 12.
    """
    if lang == "zh":
        authors = "、".join(source.authors)
        where = (f"第{page}页" if page else "") + f"第{para}段" + (f"第{sentence}句" if sentence else "")
        return f"{authors}《{source.title}》{where}"
    names = ", ".join(romanise(a) for a in source.authors)
    title = source.title_en or source.title
    where = (f"p. {page}, " if page else "") + f"paragraph {para}" + (f", sentence {sentence}" if sentence else "")
    head = f"{names}, " if names else ""
    return f"{head}\u201c{title},\u201d {where}"


def source_of(doc) -> Source:
    """A Source from the index's DocumentInfo (or anything with the same attributes)."""
    return Source(doc.key, doc.path, doc.title, getattr(doc, "title_en", "") or "", tuple(doc.authors),
                  getattr(doc, "source", "") or "", getattr(doc, "date", "") or "")


# ---------------------------------------------------------------- lookup
def _unit(citation: str, spans, text: str, kind: str) -> Unit:
    spans = tuple((int(s), int(e)) for s, e in spans)
    start, end = spans[0][0], spans[-1][1]
    pieces = [text[s:e] for s, e in spans]
    shown = "".join(joint(last, piece) + piece for last, piece in zip(["", *pieces], pieces))
    return Unit(citation, start, end, spans, text[start:end], shown, kind)


ROWS_AROUND = 5  # a cited row of a long table is shown with its header and this many rows either side


def rows_around(paragraph: Unit, cited: Iterable[Span], around: int = ROWS_AROUND) -> list[list[Span]]:
    """The pieces of ``paragraph`` to show around the ``cited`` spans, in runs (an empty run last when rows
    follow the shown ones): all of them, but for a table of more than ``4 * around`` rows only its header
    row and the rows within ``around`` of the cited ones (a row of a table of hundreds is not shown with all
    the others). A gap of one row is shown, not left out."""
    spans = list(paragraph.spans)
    if paragraph.kind != "table" or len(spans) <= 4 * around:
        return [spans]
    cited = list(cited)
    hit = [i for i, (s, e) in enumerate(spans) if any(a < e and s < b for a, b in cited)]
    keep = sorted({0} | {j for i in hit for j in range(i - around, i + around + 1) if 0 <= j < len(spans)})
    runs: list[list[Span]] = []
    for k, j in enumerate(keep):
        if k and j - keep[k - 1] <= 2:
            runs[-1].extend(spans[keep[k - 1] + 1 : j + 1])
        else:
            runs.append([spans[j]])
    if keep[-1] < len(spans) - 1:
        runs.append([])
    return runs


def paragraph_unit(paragraph, text: str) -> Unit:
    return _unit(paragraph.citation, paragraph.spans, text, paragraph.kind)


def cite(data, cid: str | CitationId, text: Callable[[str], str] | None = None) -> Cited:
    """Look up a citation id in an opened index (``index.engines.base.IndexReader``, or a folder's
    ``IndexData``); ``text(key)`` gives a document's original text."""
    from index.engines.folder import as_reader

    data = as_reader(data)
    parsed = cid if isinstance(cid, CitationId) else parse_id(cid)
    key = resolve_doc(parsed.doc, data.documents)
    doc = data.documents[key]
    paras = doc.paragraphs
    if not paras:
        raise BadCitation("no_paragraphs", found=key)
    n = len(paras)
    if not 1 <= parsed.para <= n:
        near = paragraph_id(key, min(max(parsed.para, 1), n))
        raise BadCitation("no_paragraph", found=paragraph_id(key, parsed.para), within=key, limit=n, expected=near)
    para = paras[parsed.para - 1]
    original = (text or data.document_text)(key)
    whole = paragraph_unit(para, original)
    unit = whole
    if parsed.sentence is not None:
        rows = [data.sentence(r) for r in data.sentence_rows(key, para.number)]
        if not rows:
            raise BadCitation("no_sentences", found=para.citation, within=para.citation,
                              detail=para.kind)
        match = next((r for r in rows if r.number == parsed.sentence), None)
        if match is None:
            last = rows[-1].number
            near = sentence_id(key, para.number, min(max(parsed.sentence, 1), last))
            raise BadCitation("no_sentence", found=sentence_id(key, para.number, parsed.sentence),
                              within=para.citation, limit=last, expected=near)
        unit = _unit(match.citation, match.spans, original, para.kind)
    before = paragraph_unit(paras[para.number - 2], original) if para.number > 1 else None
    after = paragraph_unit(paras[para.number], original) if para.number < n else None
    source = source_of(doc)
    page = data.page_map(key).page_at(unit.start) if getattr(doc, "pages", 0) else None
    return Cited(
        id=unit.citation, source=source, para=para.number, sentence=parsed.sentence, unit=unit, paragraph=whole,
        before=before, after=after, reference_zh=reference(source, para.number, parsed.sentence, "zh", page),
        reference_en=reference(source, para.number, parsed.sentence, "en", page), page=page,
    )


def collect(data, items: Iterable, text: Callable[[str], str] | None = None) -> list[Cited]:
    """Cited records for a mix of ids, Cited records, answers, passages and find results, in order, once each.

    A passage is cited by its paragraph; a find match by its own citation.
    """
    ids: list[str] = []

    def add(item) -> None:
        if isinstance(item, Cited):
            ids.append(item.id)
        elif isinstance(item, (str, CitationId)):
            ids.append(str(item))
        elif hasattr(item, "passages"):
            for p in item.passages:
                add(p)
        elif hasattr(item, "matches"):
            for m in item.matches:
                add(m)
        elif getattr(item, "citation", ""):
            ids.append(item.citation)

    for item in items:
        add(item)
    from index.engines.folder import as_reader

    data = as_reader(data)
    cache: dict[str, str] = {}

    def cached(key: str) -> str:
        if key not in cache:
            cache[key] = (text or data.document_text)(key)
        return cache[key]

    out, seen = [], set()
    for cid in ids:
        cited = cite(data, cid, cached)
        if cited.id not in seen:
            seen.add(cited.id)
            out.append(cited)
    return out
