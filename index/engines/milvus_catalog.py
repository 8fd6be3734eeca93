"""A Milvus build's catalog and rows: the meta checked on open, and rows read back as the index's records."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from index import kept, record_rows, store
from index.engines import milvus_schema as ms
from index.errors import CorruptIndex, IndexNotFound, StaleIndex
from index.records import Chunk, SentenceRow

CHUNK_FIELDS = ["id", "doc", "para", "first_sentence", "last_sentence", "start", "end", "text", "clean", "spans",
                "heading", "prev", "next", "rows_first", "rows_count"]
SENTENCE_FIELDS = ["id", "doc", "para", "number", "spans", "text", "tokens", "chunk"]


def documents_from_rows(rows: list[dict]) -> dict[str, record_rows.DocumentInfo]:
    return {r["key"]: record_rows.document_from_row(r) for r in rows}


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




class CatalogFiles:
    """What a Milvus build keeps as catalog blobs, read back checked: the documents' texts and page maps, and the
    files of the build's ``finish`` hook (a :class:`~index.engines.milvus_reader.MilvusIndex`'s part)."""

    client: object
    location: str
    opened: OpenedBuild
    documents: dict[str, record_rows.DocumentInfo]
    _pages: dict[str, kept.PageMap]

    def document_text(self, key: str) -> str:
        """The text the build kept (catalog blob ``text/<sha256>.txt``), checked against its digest."""
        doc = self.documents[key]
        name = kept.text_name(doc.sha256)
        body = self._blob(name)
        if body is None or kept.text_digest(body) != doc.text_sha256:
            raise CorruptIndex("checksum", index_dir=self.location, path=name)
        return body

    def page_map(self, key: str) -> kept.PageMap:
        doc = self.documents[key]
        if not doc.pages:
            return kept.PageMap()
        if key not in self._pages:
            name = kept.pages_name(doc.sha256)
            body = self._blob(name)
            try:
                if body is None or (doc.pages_sha256 and kept.text_digest(body) != doc.pages_sha256):
                    raise ValueError(name)
                self._pages[key] = kept.PageMap(kept.pages_from_json(body))
            except (ValueError, KeyError, TypeError):
                raise CorruptIndex("checksum", index_dir=self.location, path=name) from None
        return self._pages[key]

    def _blob(self, name: str) -> str | None:
        from pymilvus.exceptions import MilvusException

        try:
            return ms.read_blob(self.client, self.opened.names["catalog"], name)
        except MilvusException as exc:
            raise CorruptIndex("unreadable", index_dir=self.location, detail=type(exc).__name__) from None

    def build_file(self, name: str) -> bytes | None:
        """A file the build's ``finish`` hook added: catalog blob ``name``, checked against the digest in its meta."""
        digest = self.opened.engine.get("files", {}).get(name)
        if digest is None:
            return None
        body = self._blob(name)
        data = None if body is None else body.encode("utf-8")
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            raise CorruptIndex("checksum", index_dir=self.location, path=name)
        return data
