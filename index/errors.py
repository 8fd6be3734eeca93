"""Exceptions of the build side; messages are one sentence saying what to do."""

from __future__ import annotations


class QAError(Exception):
    """Base of every error a user can cause; the CLI prints it and exits non-zero."""

    exit_code = 1


class IndexError_(QAError):
    """Base of index problems."""


class IndexNotFound(IndexError_):
    pass


class StaleIndex(IndexError_):
    """The index was built by another model or format, or from a corpus that changed."""


class CorruptIndex(IndexError_):
    pass


class BadCorpus(QAError):
    """An empty corpus folder, a binary or non-UTF-8 file, a file over the size limit."""


class IndexLocked(IndexError_):
    pass
