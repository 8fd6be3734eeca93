"""A staged build written into the new collections of a Milvus build, one document at a time.

Chunks and sentences are read from the staged folder's files a document at a
time, turned into rows (with their vectors, content keys and lexical
fields, ``milvus_schema``) and inserted ``BATCH`` at a time; then the
terms, the documents and pairs blobs and the kept texts and page maps.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from index import store
from index.bm25 import BM25Field
from index.build_embed import chunk_text, sentence_text
from index.build_read import with_heading
from index.engines import milvus_schema as ms
from index.reuse import text_key
from index.table import grouped_rows

BATCH = 512  # rows per insert


def _kept_files(folder: Path) -> list[str]:
    """The kept texts and page maps of a staged build (``index.kept``), by their names in the folder."""
    from index import kept

    return sorted(p.relative_to(folder).as_posix() for sub in (kept.TEXT_DIR, kept.PAGES_DIR)
                  if (folder / sub).is_dir() for p in (folder / sub).iterdir())


def _whole(row):
    return row


def _documents(folder: Path) -> Iterator[tuple[list[dict], list[list]]]:
    """(chunk rows, sentence rows) of each document, in build order."""
    sentences = grouped_rows(folder / "sentences.jsonl", lambda r: r[0], _whole)
    pending = next(sentences, None)
    for doc, chunks in grouped_rows(folder / "chunks.jsonl", lambda r: r["doc"], _whole):
        while pending is not None and pending[0] != doc:
            yield [], pending[1]
            pending = next(sentences, None)
        if pending is not None:
            yield chunks, pending[1]
            pending = next(sentences, None)
        else:
            yield chunks, []
    while pending is not None:
        yield [], pending[1]
        pending = next(sentences, None)


class _Inserts:
    """Rows buffered per collection and inserted ``BATCH`` at a time."""

    def __init__(self, client):
        self.client, self.rows = client, {}

    def add(self, name: str, row: dict) -> None:
        self.rows.setdefault(name, []).append(row)
        if len(self.rows[name]) >= BATCH:
            self.flush(name)

    def flush(self, name: str | None = None) -> None:
        for key in [name] if name else list(self.rows):
            if self.rows.get(key):
                self.client.insert(key, self.rows[key])
                self.rows[key] = []


def write_rows(client, folder: Path, names: dict[str, str], meta: store.Meta, lexical: str, note,
               computed: set[bytes]) -> int:
    """Every row of the staged build into the new collections (the meta row comes last, from the caller);
    how many chunks had their vector computed (their key in ``computed``), the rest were reused."""
    from index.gloss import default_glossary
    from index.tokenize import tokenize

    model = meta.model_id
    vectors = np.load(folder / "embeddings.npy", mmap_mode="r", allow_pickle=False)
    s_vectors = np.load(folder / "sentences.npy", mmap_mode="r", allow_pickle=False)
    fields = {f: BM25Field.load(folder, f"lexical-{f}").matrix.tocsr() for f in ms.FIELDS} \
        if lexical == "weights" else {}
    out = _Inserts(client)
    cid = sid = embedded = 0
    for chunks, sentences in _documents(folder):
        first: dict[tuple[int, int], int] = {}
        texts: dict[tuple[int, int], list] = {}
        paragraph_rows: dict[int, list[int]] = {}  # para -> [first row, count]
        for k, row in enumerate(sentences):
            paragraph_rows.setdefault(row[1], [sid + k, 0])[1] += 1
        for i, c in enumerate(chunks):
            for num in range(c["first_sentence"], c["last_sentence"] + 1):
                first.setdefault((c["para"], num), cid + i)
        for row in sentences:
            texts.setdefault((row[1], row[2]), row)
            where = f"sentence {row[0]}:p{row[1]}.s{row[2]}"
            out.add(names["sentences"], {
                "id": sid, "doc": row[0], "citation": f"{row[0]}:p{row[1]}.s{row[2]}",
                "key": text_key(model, sentence_text(row)).hex(), "para": row[1], "number": row[2],
                "start": row[3][0][0], "end": row[3][-1][1], "chunk": first.get((row[1], row[2]), -1),
                "spans": ms.fit(json.dumps(row[3]), where), "text": ms.fit(row[4], where),
                "tokens": ms.fit(json.dumps(row[5], ensure_ascii=False), where),
                "vector": np.asarray(s_vectors[sid], dtype=np.float32).tolist()})
            sid += 1
        for i, c in enumerate(chunks):
            where = f"chunk {c['doc']}:p{c['para']}"
            key = text_key(model, chunk_text(c))
            embedded += key in computed
            row = {"id": cid, "doc": c["doc"], "citation": f"{c['doc']}:p{c['para']}", "key": key.hex(),
                   "para": c["para"],
                   "first_sentence": c["first_sentence"], "last_sentence": c["last_sentence"],
                   "start": c["start"], "end": c["end"], "prev": cid - 1 if i > 0 else -1,
                   "next": cid + 1 if i + 1 < len(chunks) else -1, "text": ms.fit(c["text"], where),
                   "rows_first": paragraph_rows.get(c["para"], [-1, 0])[0],
                   "rows_count": paragraph_rows.get(c["para"], [-1, 0])[1],
                   "clean": ms.fit(c["clean"], where), "spans": ms.fit(json.dumps(c["spans"]), where),
                   "heading": ms.fit(c.get("heading", ""), where),
                   "vector": np.asarray(vectors[cid], dtype=np.float32).tolist()}
            if lexical == "weights":
                for f, m in fields.items():
                    lo, hi = m.indptr[cid], m.indptr[cid + 1]
                    row[f"{f}_w"] = {int(j): float(w) for j, w in zip(m.indices[lo:hi], m.data[lo:hi])}
            else:
                words = [t for num in range(c["first_sentence"], c["last_sentence"] + 1)
                         for t in tokenize(texts[(c["para"], num)][4])]
                words = with_heading(words, list(dict.fromkeys(tokenize(c.get("heading", "")))))
                row["zh"] = ms.fit(ms.tokens_text(words), where)
                row["en"] = ms.fit(ms.tokens_text(default_glossary().gloss(words)), where)
            out.add(names["chunks"], row)
            cid += 1
        note("milvus", cid, meta.n_chunks)
    for fi, f in enumerate(ms.FIELDS):
        terms = json.loads((folder / f"lexical-{f}.vocab.json").read_text(encoding="utf-8"))
        idf = np.load(folder / f"lexical-{f}.idf.npy", allow_pickle=False)
        for i, (term, weight) in enumerate(zip(terms, idf)):
            out.add(names["terms"], {"id": (fi << 32) | i, "field": f, "term": ms.fit(term, f"term {term[:40]}"),
                                     "idf": float(weight), "vec": [0.0, 1.0]})
    for blob in ("documents", "pairs"):
        for row in ms.blob_rows(blob, (folder / f"{blob}.json").read_text(encoding="utf-8")):
            out.add(names["catalog"], row)
    for name in _kept_files(folder):  # each document's text (and page map) as indexed: blobs "text/<sha>.txt"
        for row in ms.blob_rows(name, (folder / name).read_bytes().decode("utf-8")):
            out.add(names["catalog"], row)
    out.flush()
    if cid != meta.n_chunks:
        raise RuntimeError(f"{cid} chunks written, {meta.n_chunks} expected")
    return embedded
