"""The scale benchmark's synthetic corpus, made from the seeds: chunks, their vectors and tokens, the queries.

Pure functions of the seed sentences (``Material``) and a seed, so a size is
the same corpus on every run; and recall@k against exact search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

NOISE = 0.3  # norm of the noise added to a chunk vector (the sentence mean has norm ~0.7-0.9)
N_QUERIES = 100


@dataclass(frozen=True)
class Material:
    """The seed sentences every synthetic chunk is made of."""

    texts: list[str]
    tokens: list[list[str]]  # the real tokenizer on each sentence
    vectors: np.ndarray  # (n_sentences, dim), unit rows
    per_chunk: float  # sentences per chunk in the seeds' own index


def material(index_dir: Path | str) -> Material:
    from index import record_rows, store
    from index.tokenize import tokenize

    folder = store.current_dir(Path(index_dir)).resolve()
    rows = record_rows.read_sentences(folder)
    vectors = record_rows.load_embeddings(folder, "sentences.npy")
    n_chunks = len(record_rows.read_chunks(folder))
    texts = [r.text for r in rows]
    return Material(texts, [tokenize(t) for t in texts], np.asarray(vectors, np.float32), len(rows) / n_chunks)


def compose(n: int, n_sentences: int, seed: int = 0, third: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``n`` chunks, three sentence ids and how many of them it uses (2, or 3 with p=``third``)."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n_sentences, size=(n, 3), dtype=np.int32)
    counts = np.where(rng.random(n) < third, 3, 2).astype(np.int8)
    return picks, counts


def chunk_vectors(picks: np.ndarray, counts: np.ndarray, vectors: np.ndarray, noise: float = NOISE,
                  seed: int = 1, block: int = 65_536) -> np.ndarray:
    """Unit vectors: the mean of each chunk's sentence vectors, plus noise of norm ~``noise``."""
    n, dim = len(picks), vectors.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    rng = np.random.default_rng(seed)
    sigma = np.float32(noise / np.sqrt(dim))
    for s in range(0, n, block):
        p, c = picks[s : s + block], counts[s : s + block]
        v = vectors[p[:, 0]] + vectors[p[:, 1]] + vectors[p[:, 2]] * (c == 3)[:, None]
        v /= c[:, None]
        v += rng.standard_normal(v.shape, dtype=np.float32) * sigma
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        out[s : s + len(p)] = v
    return out


def chunk_texts(picks: np.ndarray, counts: np.ndarray, texts: Sequence[str]) -> list[str]:
    return ["".join(texts[i] for i in p[:c]) for p, c in zip(picks.tolist(), counts.tolist())]


def chunk_tokens(picks: np.ndarray, counts: np.ndarray, tokens: Sequence[list[str]]) -> list[list[str]]:
    out = []
    for p, c in zip(picks.tolist(), counts.tolist()):
        t: list[str] = []
        for i in p[:c]:
            t += tokens[i]
        out.append(t)
    return out


def recall_at(found: np.ndarray, truth: np.ndarray, k: int = 10) -> float:
    """Mean share of the true top ``k`` found in the first ``k`` results, per query row."""
    return float(np.mean([len(set(f[:k]) & set(t[:k])) / k for f, t in zip(found, truth)]))


def queries(question_vectors: np.ndarray, vectors: np.ndarray, n: int = N_QUERIES, seed: int = 2) -> np.ndarray:
    """The real question vectors, topped up to ``n`` with noisy sentence vectors."""
    rng = np.random.default_rng(seed)
    extra = max(0, n - len(question_vectors))
    q = vectors[rng.integers(0, len(vectors), size=extra)] + rng.standard_normal(
        (extra, vectors.shape[1]), dtype=np.float32) * np.float32(NOISE / np.sqrt(vectors.shape[1]))
    q = np.vstack([question_vectors[:n], q]).astype(np.float32)
    return q / np.linalg.norm(q, axis=1, keepdims=True)
