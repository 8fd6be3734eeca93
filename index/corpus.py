"""Read a corpus folder: ``.txt``/``.md`` files as UTF-8, never rewritten, plus ``catalog.toml``."""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

from index.clean import is_heading, lines
from index.errors import BadCorpus
from index.records import Document

SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 20 * 1024 * 1024  # one article; a larger file is refused with this limit named
CATALOG = "catalog.toml"


def corpus_files(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise BadCorpus("no_folder", path=folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise BadCorpus("no_files", path=folder)
    return files


def read_text(path: Path) -> tuple[str, str]:
    """The file's text and its SHA-256; a binary, non-UTF-8, empty or oversized file is refused."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise BadCorpus("too_large", path=path, found=size, limit=MAX_FILE_BYTES)
    data = path.read_bytes()
    if b"\x00" in data:
        raise BadCorpus("binary", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadCorpus("not_utf8", path=path, found=exc.start) from None
    if not text.strip():
        raise BadCorpus("empty", path=path)
    return text, hashlib.sha256(data).hexdigest()


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


def first_heading(text: str) -> str:
    for ln in lines(text)[:20]:
        t = ln.text.lstrip("#").strip()
        if t and is_heading(t):
            return t
    first = lines(text)
    return first[0].text[:40] if first else ""


def iter_documents(folder: Path, keep_keys: Mapping[str, str] | None = None) -> Iterator[Document]:
    """Documents one at a time, so a large corpus is never held whole.

    ``keep_keys``: the keys files had in the previous build (see ``doc_keys``).
    """
    folder = Path(folder)
    files = corpus_files(folder)
    catalog = load_catalog(folder)
    names = [p.relative_to(folder).as_posix() for p in files]
    keys = doc_keys(names, keep_keys)
    for path, name in zip(files, names):
        text, digest = read_text(path)
        entry = catalog.get(name, {})
        yield Document(
            key=keys[name],
            path=name,
            text=text,
            title=str(entry.get("title") or first_heading(text)),
            authors=tuple(str(a) for a in entry.get("authors", ())),
            source=str(entry.get("source", "")),
            date=str(entry.get("date", "")),
            sha256=digest,
            title_en=str(entry.get("title_en", "")),
        )
