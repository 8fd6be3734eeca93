"""Shared by the fuzz targets: the project on sys.path, heavy libraries imported before instrumentation,
and a tiny index built with the fake embedder (the same articles as tests/hardening).

A target treats ``QAError`` (the library's refusals) as a normal outcome;
any other exception, or a broken offset, is a crash that libFuzzer records.
"""

from __future__ import annotations

import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy  # noqa: E402,F401  - imported uninstrumented: only the project's own code guides the fuzzer
import scipy.sparse  # noqa: E402,F401


@contextmanager
def instrumented():
    """Instrument the project's modules imported inside the block (not numpy, jieba, faiss)."""
    import atheris

    with atheris.instrument_imports(include=["index", "qa"]):
        yield


def tiny_assistant():
    """An assistant over the four test articles, built with the fake embedder in a temporary folder."""
    from index.build import build
    from qa.pipeline.assistant import Assistant
    from tests.conftest import FakeEmbedder
    from tests.hardening.conftest import write_corpus

    base = Path(tempfile.mkdtemp(prefix="qa-fuzz-"))
    build(write_corpus(base / "corpus"), base / "index", embedder=FakeEmbedder())
    assistant = Assistant.load(base / "index", embedder=FakeEmbedder())
    assistant.warm_up()
    return assistant


def text_of(data: bytes) -> str:
    """The fuzzer's bytes as UTF-8 text (an invalid byte becomes U+FFFD), so seed files are plain text."""
    return data.decode("utf-8", errors="replace")


def main(test_one_input) -> None:
    import atheris

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
