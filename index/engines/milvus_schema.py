"""How an index is laid out in Milvus: names, collections, the token encoding, blobs; the connection.

One build is four collections named ``{alias}__{build}__{kind}``:

- ``chunks``: one row per chunk (id = chunk id): doc, para, sentence range,
  start/end, citation, text, clean, spans, heading, prev/next chunk, the
  sentence rows of its paragraph (first, count), the content key of its
  embedded text, its vector, and its lexical fields;
- ``sentences``: one row per sentence (id = row): doc, para, number,
  start/end, citation, spans, text, tokens, first chunk, content key, vector;
- ``terms``: each lexical field's vocabulary with its idf;
- ``catalog``: named text blobs (meta, documents, pairs) cut into rows.

The alias ``{alias}`` points at the catalog of the build that answers; a
build switches it in one call when everything is written. ``{alias}__lock``
exists while a build runs.

Lexical fields (``zh``: jieba tokens, ``en``: their English gloss) are
written one of two ways, recorded in the meta:

- ``weights`` (the default): each chunk's BM25 weights from ``index.lexical``
  as a sparse vector, searched by inner product with the query's weighted
  bag: exactly the folder index's scores;
- ``bm25``: the chunk's tokens as text with Milvus's own BM25 function over
  it (k1 1.2, b 0.75). Its scores differ (no length floor; query weights can
  only be whole repetitions).

Tokens are written as text so that the analyzer finds exactly this project's
tokens: each token is made one run of word characters (``encode_token``), so a
whitespace tokenizer (Milvus server) and Milvus Lite's standard tokenizer
(``\\w+``, lower case) both split the text back into the same tokens.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Iterable

from index.engines.errors import EngineLimit, EngineUnreachable

ENGINE_FORMAT = 1
KINDS = ("chunks", "sentences", "terms", "catalog")
FIELDS = ("zh", "en")  # lexical fields, in the order of their term-id prefix
LEXICAL_MODES = ("weights", "bm25")
TEXT_MAX = 65_535  # bytes of a VARCHAR field
BLOB_PIECE = 60_000  # bytes of a catalog row's body
BM25 = {"bm25_k1": 1.2, "bm25_b": 0.75}  # as index.lexical.FieldWriter
HNSW = {"M": 32, "efConstruction": 80}  # as index.vectors.build_faiss
EF_SEARCH = 64
_ALIAS = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*")
_SAFE = re.compile(r"\w")


# ---------------------------------------------------------------- names
def check_alias(alias: str) -> str:
    if not isinstance(alias, str) or len(alias) > 100 or not _ALIAS.fullmatch(alias):
        raise EngineLimit("bad_alias", found=alias, expected="letters, digits and single underscores, "
                          "starting with a letter, at most 100 characters")
    return alias


def collection_name(alias: str, build: str, kind: str) -> str:
    return f"{alias}__{build}__{kind}"


def lock_name(alias: str) -> str:
    return f"{alias}__lock"


def build_of(alias: str, name: str) -> str | None:
    """The build id of one of ``alias``'s build collections (None for any other name)."""
    parts = name.split("__")
    if len(parts) == 3 and parts[0] == alias and parts[2] in KINDS:
        return parts[1]
    return None


def is_lite(uri: str) -> bool:
    return uri.endswith(".db") and "://" not in uri


# ---------------------------------------------------------------- tokens as text
def encode_token(token: str) -> str:
    """``token`` as one run of lower-case word characters; ``_`` and anything else become ``_<hex>_``."""
    return "".join(ch if ch != "_" and _SAFE.fullmatch(ch) and ch.lower() == ch else f"_{ord(ch):x}_"
                   for ch in token)


def decode_token(text: str) -> str:
    return re.sub(r"_([0-9a-f]+)_", lambda m: chr(int(m.group(1), 16)), text)


def tokens_text(tokens: Iterable[str]) -> str:
    return " ".join(encode_token(t) for t in tokens if t)


def fit(text: str, within: str, limit: int = TEXT_MAX) -> str:
    """``text`` if it fits a VARCHAR field, else a refusal naming it."""
    size = len(text.encode("utf-8"))
    if size > limit:
        raise EngineLimit("too_long", within=within, found=size, limit=limit)
    return text


def blob_rows(name: str, text: str) -> list[dict]:
    """``text`` cut into catalog rows of at most ``BLOB_PIECE`` bytes (on character boundaries)."""
    rows, piece, size = [], [], 0
    for ch in text:
        n = len(ch.encode("utf-8"))
        if size + n > BLOB_PIECE:
            rows.append("".join(piece))
            piece, size = [], 0
        piece.append(ch)
        size += n
    rows.append("".join(piece))
    return [{"id": f"{name}#{i:06d}", "name": name, "part": i, "body": body, "vec": [0.0, 1.0]}
            for i, body in enumerate(rows)]


def read_blob(client, collection: str, name: str) -> str | None:
    rows = client.query(collection, filter=f"name == {json.dumps(name)}", output_fields=["part", "body"])
    if not rows:
        return None
    return "".join(r["body"] for r in sorted(rows, key=lambda r: r["part"]))


# ---------------------------------------------------------------- the connection
def connect(uri: str, token: str = "", timeout: float = 10.0):
    """A ``MilvusClient`` for ``uri`` (a ``.db`` file path for Milvus Lite, or ``http(s)://host:port``)."""
    try:
        from pymilvus import MilvusClient
        from pymilvus.exceptions import MilvusException
    except ImportError as exc:
        raise EngineUnreachable("missing_package", expected="pymilvus (and milvus-lite for a .db file)",
                                detail=str(exc)) from None
    logging.getLogger("pymilvus").setLevel(logging.CRITICAL)  # refusals are raised, not logged
    uri = str(uri)
    if not is_lite(uri) and not re.match(r"(?:https?|tcp|unix)://", uri):
        raise EngineUnreachable("bad_uri", path=uri, expected="a file path ending in .db (Milvus Lite) or "
                                "http://host:port")
    logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)  # its failure to open is raised below, not printed
    try:
        # Milvus Lite's in-process server refuses pymilvus's 10-second keepalive pings (GOAWAY too_many_pings)
        options = {"grpc_options": {"grpc.keepalive_time_ms": 600_000}} if is_lite(uri) else {}
        client = MilvusClient(uri=uri, token=token, timeout=timeout, **options)
        _opened(client, uri)
        try:
            client.list_aliases()
        except MilvusException:
            disconnect(client)
            raise
        return client
    except MilvusException as exc:
        if is_lite(uri) and lite_busy(uri):  # checked after the failure: this process's own lock is no refusal
            raise EngineUnreachable("lite_busy", path=uri) from None
        raise EngineUnreachable("unreachable", path=uri, detail=getattr(exc, "message", str(exc))) from None


_LITE_CLIENTS: dict[str, int] = {}  # Milvus Lite file -> this process's open clients of it (connect/disconnect)
_LITE_LOCK = threading.Lock()


def _opened(client, uri: str) -> None:
    if is_lite(uri):
        path = os.path.abspath(uri)
        with _LITE_LOCK:
            _LITE_CLIENTS[path] = _LITE_CLIENTS.get(path, 0) + 1
        client._qa_lite_path = path


def disconnect(client) -> None:
    """Close a client of ``connect``; the last one of a Milvus Lite file stops its in-process server, which
    frees the file for another process (pymilvus itself keeps it until the process ends)."""
    client.close()
    path = getattr(client, "_qa_lite_path", None)
    if path is None:
        return
    client._qa_lite_path = None
    with _LITE_LOCK:
        left = _LITE_CLIENTS.get(path, 1) - 1
        if left > 0:
            _LITE_CLIENTS[path] = left
            return
        _LITE_CLIENTS.pop(path, None)
    try:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(path)
    except ImportError:  # pragma: no cover - a Lite client exists, so milvus_lite does
        pass


def lite_busy(uri: str) -> bool:
    """Whether the Milvus Lite file ``uri`` is held open (its ``LOCK``, an advisory flock; this process's own
    open client holds it too, so ask only after opening failed)."""
    import fcntl

    lock = os.path.join(uri, "LOCK")
    if not os.path.isfile(lock):
        return False
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def server_kind(client) -> str:
    try:
        return "lite" if str(client.get_server_version()).startswith("milvus_lite") else "server"
    except Exception:  # noqa: BLE001 - an old server without the call is a server
        return "server"


# ---------------------------------------------------------------- collections
def _schema(client, description: str = ""):
    return client.create_schema(auto_id=False, enable_dynamic_field=False, description=description)


def _create(client, name: str, schema, params) -> None:
    """A collection with its indexes, loaded. The indexes are made on the empty collection, so waiting for
    them (pymilvus polls every half second) is skipped."""
    client.create_collection(name, schema=schema)
    client.create_index(name, params, sync=False)
    client.load_collection(name)


def _vector_index(params, field: str, n: int) -> None:
    """FLAT (exact, as the folder index) up to ``index.vectors.FLAT_MAX`` rows, HNSW above."""
    from index.vectors import FLAT_MAX

    if n <= FLAT_MAX:
        params.add_index(field, index_type="FLAT", metric_type="IP")
    else:
        params.add_index(field, index_type="HNSW", metric_type="IP", params=dict(HNSW))


def create_build(client, alias: str, build: str, dim: int, n_chunks: int, n_sentences: int, lexical: str,
                 analyzer: dict) -> dict[str, str]:
    """The four empty collections of a build, indexed and loaded; ``kind -> name``."""
    from pymilvus import DataType, Function, FunctionType

    names = {kind: collection_name(alias, build, kind) for kind in KINDS}
    text = {"datatype": DataType.VARCHAR, "max_length": TEXT_MAX}

    s = _schema(client)
    s.add_field("id", DataType.INT64, is_primary=True)
    for name in ("doc", "citation", "key"):
        s.add_field(name, DataType.VARCHAR, max_length=1024)
    for name in ("para", "first_sentence", "last_sentence", "start", "end", "prev", "next", "rows_first", "rows_count"):
        s.add_field(name, DataType.INT64)
    for name in ("text", "clean", "spans", "heading"):
        s.add_field(name, **text)
    s.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    p = client.prepare_index_params()
    _vector_index(p, "vector", n_chunks)
    p.add_index("key", index_type="INVERTED")
    for f in FIELDS:
        if lexical == "bm25":
            s.add_field(f, enable_analyzer=True, analyzer_params=analyzer, **text)
            s.add_field(f"{f}_bm25", DataType.SPARSE_FLOAT_VECTOR)
            s.add_function(Function(name=f"{f}_bm25_fn", function_type=FunctionType.BM25,
                                    input_field_names=[f], output_field_names=[f"{f}_bm25"]))
            p.add_index(f"{f}_bm25", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params=dict(BM25))
        else:
            s.add_field(f"{f}_w", DataType.SPARSE_FLOAT_VECTOR)
            p.add_index(f"{f}_w", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    _create(client, names["chunks"], s, p)

    s = _schema(client)
    s.add_field("id", DataType.INT64, is_primary=True)
    for name in ("doc", "citation", "key"):
        s.add_field(name, DataType.VARCHAR, max_length=1024)
    for name in ("para", "number", "start", "end", "chunk"):
        s.add_field(name, DataType.INT64)
    for name in ("spans", "text", "tokens"):
        s.add_field(name, **text)
    s.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    p = client.prepare_index_params()
    _vector_index(p, "vector", n_sentences)
    p.add_index("key", index_type="INVERTED")
    p.add_index("doc", index_type="INVERTED")
    _create(client, names["sentences"], s, p)

    s = _schema(client)
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("field", DataType.VARCHAR, max_length=16)
    s.add_field("term", DataType.VARCHAR, max_length=TEXT_MAX)
    s.add_field("idf", DataType.FLOAT)
    s.add_field("vec", DataType.FLOAT_VECTOR, dim=2)
    p = client.prepare_index_params()
    p.add_index("vec", index_type="FLAT", metric_type="IP")
    p.add_index("field", index_type="INVERTED")
    _create(client, names["terms"], s, p)

    s = _schema(client)
    s.add_field("id", DataType.VARCHAR, is_primary=True, max_length=256)
    s.add_field("name", DataType.VARCHAR, max_length=128)
    s.add_field("part", DataType.INT64)
    s.add_field("body", **text)
    s.add_field("vec", DataType.FLOAT_VECTOR, dim=2)
    p = client.prepare_index_params()
    p.add_index("vec", index_type="FLAT", metric_type="IP")
    _create(client, names["catalog"], s, p)
    return names


def create_lock(client, name: str, build: str, holder: str) -> None:
    """The lock collection of a build: its schema names the build (so no two builds' schemas are equal,
    and creating it is a mutex), its one row says who holds it."""
    from pymilvus import DataType

    s = _schema(client)
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("holder", DataType.VARCHAR, max_length=1024)
    s.add_field(f"owner_{build}", DataType.INT64)
    s.add_field("vec", DataType.FLOAT_VECTOR, dim=2)
    p = client.prepare_index_params()
    p.add_index("vec", index_type="FLAT", metric_type="IP")
    _create(client, name, s, p)
    client.insert(name, [{"id": 0, "holder": holder, f"owner_{build}": 0, "vec": [0.0, 1.0]}])


def lock_holder(client, name: str) -> tuple[str | None, str | None]:
    """(build, holder) of a lock collection; (None, None) when there is none."""
    try:
        fields = [f["name"] for f in client.describe_collection(name)["fields"]]
    except Exception:  # noqa: BLE001 - no lock collection
        return None, None
    build = next((f[len("owner_"):] for f in fields if f.startswith("owner_")), None)
    try:
        rows = client.query(name, filter="id == 0", output_fields=["holder"])
    except Exception:  # noqa: BLE001 - being created or dropped right now
        rows = []
    return build, (rows[0]["holder"] if rows else None)
