"""What an index holds: its documents, chunks, model, size on disk and build time, as one record.

``qa info`` reads it from the files of the current build without loading any
vectors (``read_summary``); the app takes it from the index it has open
(``summarize``), so the Library tab describes the build that answers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index import record_rows, store
from index.errors import CorruptIndex

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Mapping

    from index.load import IndexData


@dataclass(frozen=True)
class DocumentSummary:
    key: str
    file: str  # the path in the corpus folder
    title: str
    authors: tuple[str, ...]
    source: str
    date: str
    paragraphs: int
    chunks: int
    format: str = "txt"  # txt | md | pdf | docx | html
    pages: int = 0  # a PDF's pages (0: not paginated)
    encoding: str | None = None  # the codec a text or HTML file was decoded with
    ocr_pages: tuple[int, ...] = ()  # the pages read by OCR
    warnings: tuple[str, ...] = ()  # what the reader noted (furniture dropped, pages OCR'd)
    traditional: bool = False  # written in traditional characters (indexed as simplified)

    @property
    def ocr(self) -> bool:
        return bool(self.ocr_pages)


@dataclass(frozen=True)
class SkippedFile:
    """A corpus file the build did not index: ``reason`` and its ``facts`` (``index.records.Skipped``)."""

    file: str
    reason: str
    facts: dict


@dataclass(frozen=True)
class IndexSummary:
    index: str  # the index folder
    model: str
    dimension: int
    built_at: str
    build_seconds: float
    faiss: str
    chunk_size: int
    chunk_overlap: int
    corpus: str  # the corpus folder it was built from
    chunks: int
    bytes_on_disk: int  # of the build folder
    stale_files: tuple[str, ...]  # corpus files added, removed or edited since the build
    documents: tuple[DocumentSummary, ...]
    skipped: tuple[SkippedFile, ...] = ()

    @property
    def formats(self) -> dict[str, int]:
        """Documents indexed per format."""
        return dict(Counter(d.format for d in self.documents))

    def to_dict(self) -> dict:
        """The ``qa info --json`` object (also the app's ``/library`` endpoint)."""
        return {
            "index": self.index, "model": self.model, "dimension": self.dimension, "built_at": self.built_at,
            "build_seconds": self.build_seconds, "faiss": self.faiss, "chunk_size": self.chunk_size,
            "chunk_overlap": self.chunk_overlap, "corpus": self.corpus, "chunks": self.chunks,
            "bytes_on_disk": self.bytes_on_disk, "stale_files": list(self.stale_files),
            "documents": [
                {"key": d.key, "file": d.file, "title": d.title, "authors": list(d.authors), "source": d.source,
                 "date": d.date, "paragraphs": d.paragraphs, "chunks": d.chunks, "format": d.format,
                 "pages": d.pages, "encoding": d.encoding, "ocr": d.ocr, "ocr_pages": list(d.ocr_pages),
                 "warnings": list(d.warnings), "traditional": d.traditional}
                for d in self.documents
            ],
            "formats": self.formats,
            "skipped": [{"file": s.file, "reason": s.reason, "facts": s.facts} for s in self.skipped],
        }  # fmt: skip


def summarize(data: IndexData) -> IndexSummary:
    """The summary of an opened index (the build it read, even if ``current`` has moved since): a folder's
    ``IndexData``, or any engine's reader (``index.engines.base.IndexReader``; Milvus has no folder size)."""
    from index.engines.folder import as_reader

    reader = as_reader(data)
    folder = reader.data.folder if reader.engine == "faiss" else None
    where = reader.data.index_dir if reader.engine == "faiss" else reader.location
    return _summary(where, folder, reader.meta, reader.documents.values(), reader.chunk_counts())


def read_summary(index_dir: Path) -> IndexSummary:
    """The summary of the build ``current`` points at, read from its files (no vectors are loaded).

    Checked as the loader checks it, so what it reports is what is there: meta.json's own digest, every
    file's checksum, the documents and chunks readable, and as many chunks as meta.json says.
    """
    meta = store.read_meta(index_dir)
    folder = store.current_folder(index_dir)
    store.verify_checksums(folder, meta, index_dir)
    try:
        documents, chunks = record_rows.read_documents(folder), record_rows.read_chunks(folder)
    except (OSError, ValueError, KeyError, TypeError, IndexError, RuntimeError) as exc:
        raise CorruptIndex("unreadable", index_dir=index_dir, detail=type(exc).__name__) from None
    if len(chunks) != meta.n_chunks:
        raise CorruptIndex("inconsistent", index_dir=index_dir)
    return _summary(index_dir, folder, meta, documents, Counter(c.doc for c in chunks))


def _summary(index_dir, folder: Path | None, meta: store.Meta, documents: Iterable[record_rows.DocumentInfo],
             counts: Mapping[str, int]) -> IndexSummary:
    size = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file()) if folder is not None else 0
    return IndexSummary(
        index=str(index_dir), model=meta.model_id, dimension=meta.dimension, built_at=meta.built_at,
        build_seconds=meta.build_seconds, faiss=meta.faiss_type, chunk_size=meta.chunk_size,
        chunk_overlap=meta.chunk_overlap, corpus=meta.corpus_dir, chunks=meta.n_chunks, bytes_on_disk=size,
        stale_files=tuple(store.corpus_changes(meta)),
        documents=tuple(
            DocumentSummary(d.key, d.path, d.title, tuple(d.authors), d.source, d.date, len(d.paragraphs),
                            counts.get(d.key, 0), getattr(d, "format", "txt"), getattr(d, "pages", 0),
                            getattr(d, "encoding", None), tuple(getattr(d, "ocr_pages", ())),
                            tuple(getattr(d, "warnings", ())), bool(getattr(d, "traditional", False)))
            for d in documents
        ),
        skipped=tuple(SkippedFile(name, str(info.get("reason", "")), dict(info.get("facts", {})))
                      for name, info in sorted(getattr(meta, "skipped", {}).items())),
    )  # fmt: skip
