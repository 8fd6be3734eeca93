"""Exceptions of the build side: each carries the facts of what went wrong, never advice.

An exception names its case with ``reason`` (a short code, e.g. ``"missing"``)
and keeps the facts as attributes (``index_dir``, ``path``, ``limit``,
``expected``, ``found``, ...). ``str()`` states the facts in one neutral
clause. The sentence a person reads, which says what to do and in both
languages, is written by ``app/messages.py`` for the command line and
``ui/messages.py`` for the web page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar


def _name(path: object) -> str:
    return Path(str(path)).name


class QAError(Exception):
    """Base of every error a user can cause; the CLI prints its sentence and exits non-zero.

    ``QAError("some text")`` (no facts, a reason no class knows) is a plain
    message: its ``str()`` is the text itself.
    """

    exit_code = 1
    FACTS: ClassVar[dict[str, Callable[[Any], str]]] = {}  # reason -> the facts as a clause

    # the facts an error may carry (None: this case does not have it)
    index_dir: Path | str | None = None
    corpus_dir: Path | str | None = None
    path: Path | str | None = None  # the file or folder concerned
    limit: Any = None  # the limit that was exceeded
    expected: Any = None  # what was expected, or the valid choices
    found: Any = None  # what was found instead
    detail: str | None = None  # the underlying cause, e.g. an exception's name
    within: str | None = None  # where the missing part was looked for, e.g. a document key

    def __init__(self, reason: str = "", /, **facts: Any) -> None:
        unknown = set(facts) - set(_FIELDS)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no fact {', '.join(sorted(unknown))}; facts: {_FIELDS}")
        super().__init__(reason)
        self.reason = reason
        self.__dict__.update(facts)

    def __reduce__(self):
        # rebuilt from its state, not by calling __init__ again: subclasses may take other arguments
        return _rebuild, (type(self), self.args, self.__dict__.copy())

    @property
    def facts(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS if getattr(self, name) is not None}

    def __str__(self) -> str:
        describe = next((cls.FACTS[self.reason] for cls in type(self).__mro__
                         if self.reason in getattr(cls, "FACTS", {})), None)
        return describe(self) if describe else self.reason


def _rebuild(cls: type[QAError], args: tuple, state: dict) -> QAError:
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


_FIELDS = ("index_dir", "corpus_dir", "path", "limit", "expected", "found", "detail", "within")


class IndexError_(QAError):
    """Base of index problems; ``index_dir`` names the index folder where known."""


class IndexNotFound(IndexError_):
    FACTS = {
        "missing": lambda e: f"no index at {e.index_dir}",
        "not_an_index": lambda e: f"{e.index_dir} is not an index built by qa (no current/meta.json)",
    }


class StaleIndex(IndexError_):
    """The index was built by another model or format, or from a corpus that changed (``corpus_dir``)."""

    FACTS = {
        "format": lambda e: f"the index at {e.index_dir} has format version {e.found}, this qa reads version "
        f"{e.expected}",
        "model": lambda e: f"the index at {e.index_dir} was built with model {e.expected!r}, not {e.found!r}",
        "corpus_changed": lambda e: "the corpus changed since the index was built ("
        + ", ".join(e.found[:3]) + (" …" if len(e.found) > 3 else "") + ")",
        "file_unreadable": lambda e: f"the corpus file {e.path} cannot be read any more",
        "file_changed": lambda e: f"the corpus file {e.path} changed since the index was built",
        "other_corpus": lambda e: f"the index at {e.index_dir} was built from {e.corpus_dir}, not from {e.expected}",
    }


class CorruptIndex(IndexError_):
    FACTS = {
        "unreadable": lambda e: f"the index at {e.index_dir} cannot be read ({e.detail})",
        "inconsistent": lambda e: f"the index at {e.index_dir} is inconsistent",
        "meta_damaged": lambda e: f"{e.path} is damaged or not a meta.json written by qa",
        "checksum": lambda e: f"index file {e.path} is missing or damaged (checksum mismatch)",
    }


class BadIndexFolder(IndexError_):
    """A path that cannot hold an index: a file where the index folder (or its ``builds`` folder) should be."""

    FACTS = {
        "not_a_folder": lambda e: f"{e.path} is a file, not a folder, so no index can be written there",
        "unwritable": lambda e: f"the index folder {e.path} cannot be created or written ({e.detail})",
    }


class IndexLocked(IndexError_):
    FACTS = {"busy": lambda e: f"another build is writing {e.index_dir}"}


class BadCorpus(QAError):
    """An empty corpus folder, a corpus none of whose files could be read, a damaged catalog, bad chunking."""

    FACTS = {
        "no_folder": lambda e: f"corpus folder {e.path} does not exist",
        "not_default": lambda e: f"the default index {e.index_dir} holds the bundled articles ({e.expected}), "
        f"not {e.path}",
        "no_files": lambda e: f"corpus folder {e.path} holds no files",
        "none_read": lambda e: f"none of the {len(e.found)} file(s) in {e.path} could be read ("
        + "; ".join(e.found[:3]) + (" …" if len(e.found) > 3 else "") + ")",
        "bad_catalog": lambda e: f"{e.path} is not valid TOML ({e.detail})",
        "no_text": lambda e: f"no indexable text found in {e.path}; the files hold only page furniture",
        "chunking": lambda e: f"chunk size {e.found[0]} with overlap {e.found[1]}: the size must be at least "
        f"{e.limit} characters and the overlap from 0 to below the size",
    }


class ModelNotFound(QAError):
    FACTS = {"unloadable": lambda e: f"could not load the embedding model {e.found!r} ({e.detail})"}
