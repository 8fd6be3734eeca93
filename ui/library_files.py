"""The corpus folder the app manages (``qa serve --library DIR``): files added from the browser, and removed.

An uploaded file is parsed by the build, never executed, and stored only in
this folder: its name is reduced to a plain file name (no folders, no ``..``,
no hidden or control characters, a suffix the readers read), a name already
taken gets ``-2``, ``-3``…, and the bytes are written to a new file created
inside the folder (never through a link), then renamed into place. Limits are
named: the size of one file, the files of one upload, the files of the library.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.corpus import CATALOG, SUFFIXES, corpus_files
from index.errors import QAError

MAX_FILE_BYTES = 20 * 1024 * 1024  # one uploaded file (the app's upload limit, ui.app.MAX_UPLOAD)
MAX_FILES_PER_UPLOAD = 20
MAX_LIBRARY_FILES = 500
MAX_NAME = 120  # characters of a stored file name
INDEX = ".index"  # the library's index, inside it (hidden: the build leaves it out of the corpus)


class LibraryError(QAError):
    """An upload or removal refused; ``reason`` and the facts (``path``, ``limit``, ``found``)."""

    FACTS = {
        "format": lambda e: f"{e.path}: format {e.found or '(no suffix)'} is not read (read: {', '.join(SUFFIXES)})",
        "too_large": lambda e: f"{e.path} is {e.found / 1e6:.1f} MB, over the {e.limit / 1e6:.0f} MB limit for "
        "one file",
        "too_many": lambda e: f"{e.found} files at once, over the limit of {e.limit} per upload",
        "full": lambda e: f"the library holds {e.found} files, the most it takes is {e.limit}",
        "no_file": lambda e: f"{e.path} is not a file of the library",
        "nothing": lambda e: "no file was given",
        "not_uploaded": lambda e: f"{e.path} is not a file uploaded to the app",
    }


@dataclass(frozen=True)
class Added:
    name: str  # as stored in the library
    original: str  # as uploaded
    duplicate: bool = False  # the same content was there already under ``name``: nothing was written


def safe_name(name: str) -> str:
    """A plain file name for an uploaded ``name``: its last part only, NFKC, no control, path or shell-special
    characters, not hidden, at most ``MAX_NAME`` characters, the suffix lower-cased."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(c for c in base if c.isprintable() and unicodedata.category(c)[0] != "C")
    base = re.sub(r'[<>:"|?*\x00-\x1f]+', "_", base).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem.strip(" .") or "document"
    suffix = suffix.lower()
    room = MAX_NAME - len(suffix) - 1
    return f"{stem[:room]}.{suffix}" if suffix else stem[:MAX_NAME]


class LibraryFolder:
    """A corpus folder the app writes into; everything it touches is a direct child of ``root``."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    @classmethod
    def open(cls, root: Path, seed_from: Path | None = None) -> LibraryFolder:
        """The library at ``root`` (made if missing); an empty one gets copies of the articles in ``seed_from``
        (the bundled ones), so the app has something to answer from until the user adds their own."""
        root = Path(root).expanduser()
        root.mkdir(parents=True, exist_ok=True)
        lib = cls(root)
        if seed_from is not None and not lib.files():
            for f in sorted(Path(seed_from).iterdir()):
                if f.is_file() and (f.suffix.lower() in SUFFIXES or f.name == CATALOG):
                    shutil.copy2(f, lib.root / f.name)
        return lib

    @property
    def index_dir(self) -> Path:
        return self.root / INDEX

    def files(self) -> list[str]:
        """The library's documents (and files the build will list as skipped), by name relative to it."""
        try:
            return [p.relative_to(self.root).as_posix() for p in corpus_files(self.root)]
        except QAError:
            return []

    def path_of(self, name: str) -> Path:
        """The path of the library's file ``name``; a name that is not one of its files is refused."""
        if name not in self.files():
            raise LibraryError("no_file", path=name)
        path = (self.root / name).resolve()
        if self.root not in path.parents:
            raise LibraryError("no_file", path=name)
        return path

    def add(self, uploads: list[tuple[str, Path]], uploaded_to: Path | None = None) -> list[Added]:
        """Copy uploaded files (``(name as uploaded, where the upload is)``) into the library, checked first;
        with ``uploaded_to`` (the web server's upload folder), a file anywhere else is refused."""
        if not uploads:
            raise LibraryError("nothing")
        if uploaded_to is not None:
            root = Path(uploaded_to).resolve()
            for original, src in uploads:
                if root not in Path(src).resolve().parents:
                    raise LibraryError("not_uploaded", path=safe_name(original))
        if len(uploads) > MAX_FILES_PER_UPLOAD:
            raise LibraryError("too_many", found=len(uploads), limit=MAX_FILES_PER_UPLOAD)
        present = self.files()
        if len(present) + len(uploads) > MAX_LIBRARY_FILES:
            raise LibraryError("full", found=len(present), limit=MAX_LIBRARY_FILES)
        for original, src in uploads:
            name = safe_name(original)
            suffix = "." + name.rpartition(".")[2] if "." in name else ""
            if suffix not in SUFFIXES:
                raise LibraryError("format", path=name, found=suffix)
            size = Path(src).stat().st_size
            if size > MAX_FILE_BYTES:
                raise LibraryError("too_large", path=name, found=size, limit=MAX_FILE_BYTES)
        return [self._store(original, Path(src)) for original, src in uploads]

    def _store(self, original: str, src: Path) -> Added:
        name = safe_name(original)
        digest = _sha256(src)
        stem, _, suffix = name.rpartition(".")
        candidate, n = name, 2
        while (self.root / candidate).exists() or (self.root / candidate).is_symlink():
            there = self.root / candidate
            if there.is_file() and not there.is_symlink() and _sha256(there) == digest:
                return Added(candidate, original, duplicate=True)
            candidate, n = f"{stem}-{n}.{suffix}", n + 1
        tmp = self.root / f".upload-{os.getpid()}-{digest[:12]}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            with os.fdopen(fd, "wb") as out, open(src, "rb") as fh:
                shutil.copyfileobj(fh, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.root / candidate)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return Added(candidate, original)

    def remove(self, name: str) -> None:
        """Delete one of the library's files (the index forgets it at the next build)."""
        self.path_of(name).unlink()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()

