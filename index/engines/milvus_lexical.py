"""A lexical field of a Milvus build: its vocabulary and idf from the ``terms`` collection, BM25 top-n.

In ``weights`` mode the query's weighted bag becomes a sparse vector over the
field's term ids and is matched by inner product with each chunk's BM25
weights (the folder index's scores exactly); in ``bm25`` mode the query's
tokens become text for Milvus's BM25 function (a weight is rounded to whole
repetitions of its token).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from index.engines import milvus_schema as ms
from index.engines.base import Terms, query_bag

if TYPE_CHECKING:
    from index.engines.milvus_reader import MilvusIndex


@dataclass(eq=False)
class MilvusField:
    """A lexical field of a Milvus build (see ``milvus_schema`` for its two modes)."""

    index: MilvusIndex
    name: str
    _terms: dict[str, tuple[int, float]] | None = field(default=None, repr=False)

    @property
    def n_docs(self) -> int:
        return self.index.n_chunks

    def _vocab(self) -> dict[str, tuple[int, float]]:
        if self._terms is None:
            client, names = self.index.client, self.index.opened.names
            terms: dict[str, tuple[int, float]] = {}
            it = client.query_iterator(names["terms"], batch_size=8192, filter=f"field == {json.dumps(self.name)}",
                                       output_fields=["id", "term", "idf"])
            while batch := it.next():
                for r in batch:
                    terms[r["term"]] = (int(r["id"]) & 0xFFFFFFFF, float(r["idf"]))
            it.close()
            self._terms = terms
        return self._terms

    def idf_of(self, token: str) -> float:
        hit = self._vocab().get(token)
        return hit[1] if hit else 0.0

    def idf_map(self) -> Mapping[str, float]:
        return {t: idf for t, (_, idf) in self._vocab().items()}

    def max_idf(self) -> float:
        return max((idf for _, idf in self._vocab().values()), default=1.0)

    def top(self, terms: Terms, n: int, among: np.ndarray | None = None) -> dict[int, float]:
        bag = {t: w for t, w in query_bag(terms).items() if w > 0}
        if not bag or n <= 0 or (among is not None and not among.any()):
            return {}
        name = self.index.opened.names["chunks"]
        only = {} if among is None else {"filter": id_ranges(among)}
        if self.index.opened.engine["lexical"] == "bm25":
            text = ms.tokens_text(t for t, w in bag.items() for _ in range(max(1, round(w))))
            hits = self.index.client.search(name, data=[text], anns_field=f"{self.name}_bm25", limit=n,
                                            search_params={"metric_type": "BM25"}, output_fields=["id"], **only)
        else:
            vocab = self._vocab()
            query = {vocab[t][0]: w for t, w in bag.items() if t in vocab}
            if not query:
                return {}
            hits = self.index.client.search(name, data=[query], anns_field=f"{self.name}_w", limit=n,
                                            search_params={"metric_type": "IP"}, output_fields=["id"], **only)
        # Milvus Lite reports BM25 scores negated; a server reports them as they are
        out = {int(h["id"]): abs(float(h["distance"])) for h in hits[0]}
        return {i: s for i, s in out.items() if s > 0}




def id_ranges(mask: np.ndarray) -> str:
    """A Milvus filter for the chunk ids ``mask`` marks, as ranges (a document's chunks have consecutive ids)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return " or ".join(f"(id >= {a} and id < {b})" for a, b in zip(edges[::2], edges[1::2]))
