"""Read a corpus folder: every file through the reader of its format, never rewritten, plus ``catalog.toml``.

Every file of the folder is a candidate (hidden files, ``catalog.toml`` and
an index folder kept inside it excepted): one in a format the readers read
becomes a :class:`Document`, any other a :class:`Skipped` record saying why,
so nothing is left out silently.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

from index.clean import lines
from index.errors import BadCorpus
from index.extract import Reused, read_file
from index.line_kinds import is_heading
from index.readers import SUFFIXES as READ_SUFFIXES
from index.records import Document, Skipped
from index.walk import Listing, walk

SUFFIXES = tuple(sorted(READ_SUFFIXES))  # the formats read (index.readers)
CATALOG = "catalog.toml"


def _is_index(folder: str) -> bool:
    """An index folder (``current`` and ``builds/``) kept inside the corpus is not part of it."""
    return os.path.islink(os.path.join(folder, "current")) and os.path.isdir(os.path.join(folder, "builds"))


def corpus_listing(folder: Path, follow_symlinks: bool = False) -> Listing:
    """The corpus's files, sorted, and what the walk refused (``index.walk``: symlinks leaving the folder,
    broken links, names that are not UTF-8); hidden files and folders, the catalog and an index inside are
    left out."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BadCorpus("no_folder", path=folder)
    listing = walk(folder, lambda root, d: _is_index(os.path.join(root, d)), CATALOG, follow_symlinks)
    if not listing.files and not listing.skipped:
        raise BadCorpus("no_files", path=folder)
    return listing


def corpus_files(folder: Path, follow_symlinks: bool = False) -> list[Path]:
    """Every file of the corpus that may be read, sorted (see ``corpus_listing``)."""
    return corpus_listing(folder, follow_symlinks).files


def readable(name: str) -> bool:
    """Whether a file name has a suffix the readers read."""
    return Path(name).suffix.lower() in READ_SUFFIXES


def load_catalog(folder: Path) -> dict[str, dict]:
    path = Path(folder) / CATALOG
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadCorpus("bad_catalog", path=path, detail=str(exc)) from None
    return {k: v for k, v in data.items() if isinstance(v, dict)}


# Characters a citation id may be wrapped in, stripped when it is parsed (qa.cite): a key must not begin with one.
_WRAP = "[]()【】（）<>《》\"'“”‘’"


def _clean_key(stem: str) -> str:
    """A key that reads back as itself from a citation id: NFKC, no spaces, colons, slashes or control
    characters, not wrapped in brackets or quotes."""
    s = stem
    for _ in range(5):  # removing a character can make the rest normalise differently: repeat to a fixed point
        t = unicodedata.normalize("NFKC", s).replace("。", ".")
        t = "".join(c for c in re.sub(r"[\s:/\\]+", "-", t) if c.isprintable()).strip(_WRAP)
        if t == s:
            break
        s = t
    return s or "doc"


def doc_keys(names: list[str], keep: Mapping[str, str] | None = None) -> dict[str, str]:
    """Citation prefixes: the leading number of ``001_xxx.txt``, else the file stem.

    A prefix shared by two files falls back to the stems (then to a numbered
    suffix), so keys stay unique. ``keep`` holds the keys of the previous
    build: a file that is still there keeps its key, so adding ``001_b.txt``
    beside ``001_a.txt`` does not change the citations of ``001_a.txt``.
    """
    keys = {}
    for name in names:
        stem = Path(name).stem
        m = re.match(r"^(\d+)[_\-]", stem)
        keys[name] = _clean_key(m.group(1) if m else stem)
    counts: dict[str, int] = {}
    for k in keys.values():
        counts[k] = counts.get(k, 0) + 1
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:  # kept keys first, so new files make way for them
        k = (keep or {}).get(name)
        if k is not None and k not in used and _clean_key(k) == k:
            out[name] = k
            used.add(k)
    for name in names:
        if name in out:
            continue
        k = keys[name]
        if counts[k] > 1 or k in used:
            k = _clean_key(Path(name).with_suffix("").as_posix())
        base, n = k, 2
        while k in used:
            k, n = f"{base}-{n}", n + 1
        out[name] = k
        used.add(k)
    return out


def authors(value: object) -> tuple[str, ...]:
    """The catalog's ``authors``: a string is one author (``"单个作者"``), a list is many."""
    if isinstance(value, str):
        value = [value]
    elif not isinstance(value, (list, tuple)):
        value = [value]
    return tuple(str(a).strip() for a in value if str(a).strip())


def first_heading(text: str) -> str:
    for ln in lines(text)[:20]:
        t = ln.text.lstrip("#").strip()
        if t and is_heading(t):
            return t
    first = lines(text)
    return first[0].text[:40] if first else ""


def iter_documents(folder: Path, keep_keys: Mapping[str, str] | None = None,
                   previous: Mapping[str, Reused] | None = None,
                   follow_symlinks: bool = False) -> Iterator[Document | Skipped]:
    """Documents one at a time, so a large corpus is never held whole; a file that is not read, its Skipped.

    ``keep_keys``: the keys files had in the previous build (see ``doc_keys``);
    ``previous``: the previous build's extractions by file SHA-256 (reused, not read again).
    """
    folder = Path(folder)
    listing = corpus_listing(folder, follow_symlinks)
    yield from listing.skipped  # never opened: listed by the build (index.walk)
    files = listing.files
    catalog = load_catalog(folder)
    names = [p.relative_to(folder).as_posix() for p in files]
    # keys for the files in a format that is read (as before: other files never take a key)
    keys = doc_keys([n for n in names if readable(n)], keep_keys)
    for path, name in zip(files, names):
        got = read_file(path, name, previous)
        if isinstance(got, Skipped):
            yield got
            continue
        extracted, digest = got
        text = extracted.text
        entry = catalog.get(name, {})
        title = entry.get("title") or (first_heading(text) if extracted.format in ("txt", "md")
                                       else extracted.title or first_heading(text))
        yield Document(
            key=keys[name],
            path=name,
            text=text,
            title=str(title),
            authors=authors(entry.get("authors", ())),
            source=str(entry.get("source", "")),
            date=str(entry.get("date", "")),
            sha256=digest,
            title_en=str(entry.get("title_en", "")),
            format=extracted.format,
            encoding=extracted.encoding,
            pages=extracted.pages,
            ocr=extracted.ocr,
            warnings=extracted.warnings,
            reader_title=extracted.title,
            headings=extracted.headings,
        )
