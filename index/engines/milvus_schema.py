"""How an index is laid out in Milvus: names, the token encoding, text fields and blobs.

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
exists while a build runs. The collections are created by
``milvus_collections``, the client opened by ``milvus_client``.

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
import re
from collections.abc import Iterable

from index.engines.errors import EngineLimit

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
