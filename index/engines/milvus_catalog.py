"""A Milvus build's catalog and rows: the meta checked on open, and rows read back as the index's records."""

from __future__ import annotations

import json
from dataclasses import dataclass

from index import store
from index.engines import milvus_schema as ms
from index.errors import CorruptIndex, IndexNotFound, StaleIndex
from index.records import Chunk, SentenceRow

CHUNK_FIELDS = ["id", "doc", "para", "first_sentence", "last_sentence", "start", "end", "text", "clean", "spans",
                "heading", "prev", "next", "rows_first", "rows_count"]
SENTENCE_FIELDS = ["id", "doc", "para", "number", "spans", "text", "tokens", "chunk"]


def documents_from_rows(rows: list[dict]) -> dict[str, store.DocumentInfo]:
    return {r["key"]: store.document_from_row(r) for r in rows}


def chunk_from_row(r: dict) -> Chunk:
    return Chunk(doc=r["doc"], para=int(r["para"]), start=int(r["start"]), end=int(r["end"]), text=r["text"],
                 clean=r["clean"], spans=tuple(tuple(s) for s in json.loads(r["spans"])),
                 first_sentence=int(r["first_sentence"]), last_sentence=int(r["last_sentence"]),
                 heading=r["heading"])


def sentence_from_row(r: dict) -> SentenceRow:
    return SentenceRow(r["doc"], int(r["para"]), int(r["number"]), tuple(tuple(s) for s in json.loads(r["spans"])),
                       r["text"], tuple(json.loads(r["tokens"])))


@dataclass(frozen=True)
class OpenedBuild:
    """What the catalog of a build says about it."""

    build: str
    meta: store.Meta
    engine: dict  # format, build, lexical, collections, n_sentences, analyzer

    @property
    def names(self) -> dict[str, str]:
        return self.engine["collections"]


def read_build(client, alias: str, location: str) -> OpenedBuild:
    """The build ``alias`` points at, its meta checked for the engine and index format."""
    from pymilvus.exceptions import MilvusException

    try:
        catalog = client.describe_alias(alias)["collection_name"]
    except MilvusException:
        raise IndexNotFound("missing", index_dir=location) from None
    try:
        client.load_collection(catalog)
        body = ms.read_blob(client, catalog, "meta")
        data = json.loads(body) if body else None
        if not isinstance(data, dict) or data.get("meta", {}).get("app") != store.APP:
            raise IndexNotFound("not_an_index", index_dir=location)
        engine = data["engine"]
        if engine.get("format") != ms.ENGINE_FORMAT:
            raise StaleIndex("format", index_dir=location, found=engine.get("format"), expected=ms.ENGINE_FORMAT)
        if data["meta"].get("format_version") != store.FORMAT_VERSION:
            raise StaleIndex("format", index_dir=location, found=data["meta"].get("format_version"),
                             expected=store.FORMAT_VERSION)
        return OpenedBuild(engine["build"], store.Meta(**data["meta"]), engine)
    except (MilvusException, ValueError, KeyError, TypeError) as exc:
        raise CorruptIndex("unreadable", index_dir=location, detail=type(exc).__name__) from None


