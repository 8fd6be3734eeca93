"""The index on disk: a folder of plain named files, switched atomically.

Layout of ``DIR``::

    DIR/current -> builds/<stamp>     (a symlink, replaced atomically)
    DIR/builds/<stamp>/meta.json      format, model, chunking, corpus hashes, checksums
                       documents.json documents and their paragraphs
                       chunks.jsonl   one chunk per line
                       embeddings.npy the chunk vectors (reused by the next build)
                       sentences.jsonl / sentences.npy   sentences and their vectors
                       vectors.faiss  the FAISS index (inner product on unit vectors)
                       vectors.ivfdata  its inverted lists, for an on-disk IVF (large corpora)
                       lexical-*.{data,indices,indptr,idf,shape}.npy, .vocab.json   BM25 fields
                       pairs.json     English terms the corpus pairs with Chinese
                       text/<sha256>.txt   each document's text, which every offset refers to
                       pages/<sha256>.json a PDF's page map: pages and line boxes (index.kept)
    DIR/.lock                         held by a running build

A build writes a new ``builds/<stamp>`` folder and only then moves ``current``,
so a crash mid-build leaves the previous index as it was (the next build
removes the ``builds/.tmp-*`` folder it left). ``meta.json`` holds the
SHA-256 of every other file and of its own fields, so a truncated or
damaged file is refused on load with the command that rebuilds it.

This module holds the locations, ``meta.json`` and the checks against it;
how the records are rows of their files is ``index.record_rows``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.errors import CorruptIndex, IndexNotFound, StaleIndex

FORMAT_VERSION = 4  # 2: BM25 fields as streamed .npy files; 3: every format read, its text and page map kept;
# 4: records read by row (offset tables), views as arrays, past FLAT_MAX sentences their own ANN index
APP = "zh-source-qa"


def default_index_dir() -> Path:
    """``$QA_INDEX_DIR``, else the index of the bundled corpus (``bundled_index_dir``)."""
    env = os.environ.get("QA_INDEX_DIR")
    if env:
        return Path(env).expanduser()
    return bundled_index_dir()


def bundled_index_dir() -> Path:
    """Where the index of the bundled ``seeds/`` lives: beside it, in the checkout (``.index/``, git-ignored).

    The index belongs to the corpus it was built from, not to the user: each
    clone builds and keeps its own, and deleting the clone deletes it. A
    checkout that cannot be written to keeps it in the user's data folder
    instead, under a name keyed by the corpus path, so two checkouts still
    never share one.
    """
    corpus = default_corpus_dir()
    root = corpus.parent
    if (root / ".index").is_dir() or (corpus.is_dir() and os.access(root, os.W_OK)):
        return root / ".index"
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / APP / f"index-{hashlib.sha256(str(corpus).encode()).hexdigest()[:12]}"


def default_corpus_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "seeds"


def check_built_from(meta: Meta, corpus_dir: Path, index_dir: Path) -> None:
    """Refuse an index built from another corpus folder than ``corpus_dir`` (facts: both paths)."""
    if Path(meta.corpus_dir).resolve() != Path(corpus_dir).resolve():
        raise StaleIndex("other_corpus", index_dir=index_dir, corpus_dir=meta.corpus_dir, expected=str(corpus_dir))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Meta:
    format_version: int
    app: str
    model_id: str
    dimension: int
    chunk_size: int
    chunk_overlap: int
    corpus_dir: str
    files: dict[str, dict]  # name -> {"sha256", "size", "mtime_ns", "key", "format"}
    built_at: str
    build_seconds: float
    n_chunks: int
    faiss_type: str
    checksums: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, dict] = field(default_factory=dict)  # name -> {"reason", "facts", "size", "mtime_ns"}
    follow_symlinks: bool = False  # built with --follow-symlinks: links out of the corpus were read
    meta_sha256: str = ""  # of the fields above, so damage to meta.json itself is detected too

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def meta_digest(data: dict) -> str:
    """SHA-256 of a meta.json's fields other than ``meta_sha256``, in a canonical form."""
    fields = {k: v for k, v in data.items() if k != "meta_sha256"}
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def write_meta(folder: Path, meta: Meta) -> None:
    meta.meta_sha256 = meta_digest(asdict(meta))
    (Path(folder) / "meta.json").write_text(meta.to_json(), encoding="utf-8")


def current_dir(index_dir: Path) -> Path:
    return Path(index_dir) / "current"


def current_folder(index_dir: Path) -> Path:
    """The build folder ``current`` points at; a ``current`` that loops is no index (``IndexNotFound``)."""
    try:
        return current_dir(index_dir).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        raise IndexNotFound("not_an_index", index_dir=index_dir) from None


def read_meta(index_dir: Path) -> Meta:
    """The meta.json of the build ``current`` points at."""
    return read_meta_in(current_dir(index_dir), index_dir)


def read_meta_in(folder: Path, index_dir: Path) -> Meta:
    """The meta.json of one build folder of ``index_dir``, checked (app, format version, its own digest)."""
    index_dir = Path(index_dir)
    if not index_dir.exists():
        raise IndexNotFound("missing", index_dir=index_dir)
    meta_path = Path(folder) / "meta.json"
    if not meta_path.exists():
        raise IndexNotFound("not_an_index", index_dir=index_dir)
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("app") != APP:
            raise ValueError("foreign meta.json")
        if data.get("format_version") != FORMAT_VERSION:
            raise StaleIndex("format", index_dir=index_dir, found=data.get("format_version"), expected=FORMAT_VERSION)
        if data.get("meta_sha256") and data["meta_sha256"] != meta_digest(data):
            raise ValueError("meta.json damaged")
        meta = Meta(**data)
        if not isinstance(meta.checksums, dict) or not isinstance(meta.files, dict):
            raise ValueError("meta.json fields have the wrong type")
        return meta
    except StaleIndex:
        raise
    except (ValueError, TypeError, UnicodeDecodeError, OSError):
        raise CorruptIndex("meta_damaged", index_dir=index_dir, path=meta_path) from None


def verify_checksums(folder: Path, meta: Meta, index_dir: Path | None = None) -> None:
    for name, digest in meta.checksums.items():
        path = Path(folder) / name
        try:
            intact = path.is_file() and sha256_file(path) == digest
        except OSError:  # removed while being read
            intact = False
        if not intact:
            raise CorruptIndex("checksum", path=name, index_dir=index_dir)


def corpus_changes(meta: Meta, corpus_dir: Path | None = None) -> list[str]:
    """Names of corpus files added, removed or edited since the build."""
    from index.corpus import corpus_listing

    folder = Path(corpus_dir or meta.corpus_dir)
    try:
        listing = corpus_listing(folder, meta.follow_symlinks)
    except Exception:  # noqa: BLE001 - a vanished corpus is reported as a change below
        listing = None
    now = {p.relative_to(folder).as_posix(): p for p in (listing.files if listing else [])}
    refused = {s.path for s in (listing.skipped if listing else [])}  # by the walk, never opened: by name only
    known = {**meta.skipped, **meta.files}  # a file skipped, unchanged, is no change either
    changed = sorted((set(now) | refused) ^ set(known))
    changed += [name for name in refused if name in meta.files]  # read by an older build, refused now
    for name, info in known.items():
        path = now.get(name)
        if path is None:
            continue
        try:
            st = path.stat()
            if st.st_size == info.get("size") and st.st_mtime_ns == info.get("mtime_ns"):
                continue
            if st.st_size != info.get("size") or not info.get("sha256") or sha256_file(path) != info["sha256"]:
                changed.append(name)
        except OSError:  # unreadable now: the index cannot show it
            changed.append(name)
    return sorted(set(changed))
