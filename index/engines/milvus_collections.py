"""The collections of a Milvus build created: their fields and indexes, and the lock collection of a build.

The four collections a build is written into (``milvus_schema`` names
them and says what their rows hold), made empty, indexed and loaded, and
``{alias}__lock``, whose schema names the build that holds it.
"""

from __future__ import annotations

from index.engines.milvus_schema import BM25, FIELDS, HNSW, KINDS, TEXT_MAX, collection_name


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
