"""Read a corpus folder: ``.txt``/``.md`` files as UTF-8, never rewritten, plus ``catalog.toml``."""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterator
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
        raise BadCorpus(f"corpus folder {folder} does not exist; pass a folder of .txt or .md files with --corpus.")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise BadCorpus(f"corpus folder {folder} holds no .txt or .md files; add articles or pick another folder.")
    return files


def read_text(path: Path) -> tuple[str, str]:
    """The file's text and its SHA-256; a binary, non-UTF-8, empty or oversized file is refused."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise BadCorpus(
            f"{path.name} is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit "
            "for one file; split it into articles."
        )
    data = path.read_bytes()
    if b"\x00" in data:
        raise BadCorpus(f"{path.name} looks binary (it contains NUL bytes); remove it from the corpus folder.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadCorpus(
            f"{path.name} is not UTF-8 (byte {exc.start} cannot be decoded); save it as UTF-8 and build again."
        ) from None
    if not text.strip():
        raise BadCorpus(f"{path.name} is empty; remove it or give it text.")
    return text, hashlib.sha256(data).hexdigest()


def load_catalog(folder: Path) -> dict[str, dict]:
    path = Path(folder) / CATALOG
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadCorpus(f"{path} is not valid TOML ({exc}); fix it or delete it.") from None
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def doc_keys(names: list[str]) -> dict[str, str]:
    """Citation prefixes: the leading number of ``001_xxx.txt``, else the file stem.

    A prefix shared by two files falls back to the stems, so keys stay unique.
    """
    keys = {}
    for name in names:
        stem = Path(name).stem
        m = re.match(r"^(\d+)[_\-]", stem)
        keys[name] = m.group(1) if m else re.sub(r"[\s:/\\]+", "-", stem)
    counts: dict[str, int] = {}
    for k in keys.values():
        counts[k] = counts.get(k, 0) + 1
    out = {}
    for name, k in keys.items():
        out[name] = k if counts[k] == 1 else re.sub(r"[\s:/\\]+", "-", Path(name).with_suffix("").as_posix())
    return out


def first_heading(text: str) -> str:
    for ln in lines(text)[:20]:
        t = ln.text.lstrip("#").strip()
        if t and is_heading(t):
            return t
    first = lines(text)
    return first[0].text[:40] if first else ""


def iter_documents(folder: Path) -> Iterator[Document]:
    """Documents one at a time, so a large corpus is never held whole."""
    folder = Path(folder)
    files = corpus_files(folder)
    catalog = load_catalog(folder)
    names = [p.relative_to(folder).as_posix() for p in files]
    keys = doc_keys(names)
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
