"""Pass 2 of a build: the text the dense model sees of each row, and the rows' vectors written a window at a time.

A row whose embedded text and model are unchanged takes its vector from the
previous build of its file (``index.reuse.PreviousVectors``); the rest are
computed, ``EMBED_BATCH`` texts per call to the model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index import record_rows
from index.records import Chunk
from index.reuse import PreviousVectors, text_key
from index.streams import Rows
from index.text.fold import to_simplified

EMBED_WINDOW = 1024  # rows read, looked up and written at a time
EMBED_BATCH = 128  # texts per call to the model


def embed_text(c: Chunk) -> str:
    """What the dense model sees: the section heading gives a short chunk its topic."""
    return f"{c.heading}\n{c.clean}" if c.heading else c.clean


def chunk_text(row: dict) -> str:
    """The embedded text of a row of chunks.jsonl (a traditional document's as simplified: ``"fold"``)."""
    text = embed_text(record_rows.chunk_from_row(row))
    return to_simplified(text) if row.get("fold") else text


def sentence_text(row: list) -> str:
    """The embedded text of a row of sentences.jsonl (a traditional document's as simplified: a 7th item)."""
    text = record_rows.sentence_from_row(row).text
    return to_simplified(text) if len(row) > 6 and row[6] else text


EMBEDDED_TEXT = {"chunks": chunk_text, "sentences": sentence_text}  # of a row, per kind


def _windows(rows, size: int):
    window: list = []
    for row in rows:
        window.append(row)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window


def embed_rows(rows: Rows, dst: Path, embedder, previous: PreviousVectors, kind: str, note, stage: str) -> int:
    """Vectors of ``rows`` ((document, text) pairs) written to ``dst`` as a .npy, a window at a time;
    how many were computed (the rest were found in the previous build)."""
    dim = int(embedder.dimension)
    out = np.lib.format.open_memmap(dst, mode="w+", dtype="<f4", shape=(len(rows), dim))
    computed = done = 0
    for window in _windows(rows, EMBED_WINDOW):
        if done + len(window) > len(rows):
            raise RuntimeError(f"{dst.name}: more than the {len(rows)} rows expected")
        vecs = np.zeros((len(window), dim), dtype="<f4")
        todo = previous.lookup(kind, [d for d, _ in window], [text_key(embedder.model_id, t) for _, t in window], vecs)
        for b in range(0, len(todo), EMBED_BATCH):
            ids = todo[b : b + EMBED_BATCH]
            vecs[ids] = embedder.encode([window[i][1] for i in ids])
        out[done : done + len(window)] = vecs
        computed += len(todo)
        done += len(window)
        note(stage, done, len(rows))
    out.flush()
    del out
    if done != len(rows):
        raise RuntimeError(f"{dst.name}: {done} rows written, {len(rows)} expected")
    return computed
