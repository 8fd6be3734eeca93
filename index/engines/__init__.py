"""Where an index is kept: the folder index (``faiss``, the default) or Milvus (``milvus``).

``engine_for(name, ...)`` gives the :class:`~index.engines.base.Engine`; its
``build`` writes an index and its ``open`` gives the
:class:`~index.engines.base.IndexReader` the answer side reads.
"""

from __future__ import annotations

from pathlib import Path

ENGINES = ("faiss", "milvus")


def engine_for(name: str = "faiss", *, index_dir: Path | None = None, uri: str | None = None, alias: str = "qa",
               token: str = "", lexical: str = "weights"):
    """The engine called ``name``: ``faiss`` keeps the index in ``index_dir``, ``milvus`` at ``uri`` under ``alias``."""
    if name == "faiss":
        from index.engines.folder import FolderEngine

        return FolderEngine(index_dir)
    if name == "milvus":
        from index.engines.milvus import MilvusEngine

        if not uri:
            from index.engines.errors import EngineUnreachable

            raise EngineUnreachable("bad_uri", path="", expected="a file path ending in .db (Milvus Lite) or "
                                    "http://host:port")
        return MilvusEngine(str(uri), alias, token, lexical)
    raise ValueError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
