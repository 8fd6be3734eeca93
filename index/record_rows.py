"""How each record of a build is a row of its file, and the files read back whole.

``chunks.jsonl`` (a dict a chunk), ``documents.json`` (a dict a document,
with its paragraphs), ``sentences.jsonl`` (a list a sentence) and the
``.npy`` vectors, in the build folder ``index.store`` lays out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.records import Chunk, Document, Paragraph, SentenceRow


def write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def chunk_to_row(c: Chunk) -> dict:
    return {
        "doc": c.doc, "para": c.para, "start": c.start, "end": c.end, "text": c.text, "clean": c.clean,
        "spans": [list(s) for s in c.spans], "first_sentence": c.first_sentence,
        "last_sentence": c.last_sentence, "heading": c.heading,
    }


def chunk_from_row(r: dict) -> Chunk:
    return Chunk(
        doc=r["doc"], para=r["para"], start=r["start"], end=r["end"], text=r["text"], clean=r["clean"],
        spans=tuple(tuple(s) for s in r["spans"]), first_sentence=r["first_sentence"],
        last_sentence=r["last_sentence"], heading=r.get("heading", ""),
    )


def read_chunks(folder: Path) -> list[Chunk]:
    with open(folder / "chunks.jsonl", encoding="utf-8") as fh:
        return [chunk_from_row(json.loads(line)) for line in fh if line.strip()]


def document_to_row(d: Document, paragraphs: list[Paragraph], kept: dict | None = None) -> dict:
    """A row of documents.json; ``kept`` adds what ``index.kept`` wrote (``text_sha256``, ``pages_sha256``)
    and the reader's own title and version (so the next build can reuse the extraction)."""
    return {
        "key": d.key, "path": d.path, "title": d.title, "title_en": d.title_en, "authors": list(d.authors),
        "source": d.source, "date": d.date, "sha256": d.sha256, "chars": len(d.text),
        "format": d.format, "encoding": d.encoding, "pages": len(d.pages), "ocr": d.ocr,
        "ocr_pages": [p.number for p in d.pages if p.ocr], "warnings": list(d.warnings), **(kept or {}),
        "paragraphs": [[p.number, p.kind, [list(s) for s in p.spans]] for p in paragraphs],
    }


@dataclass
class DocumentInfo:
    """A document as the index knows it: its text is kept in the build folder (``index.kept``), read on demand."""

    key: str
    path: str
    title: str
    title_en: str
    authors: tuple[str, ...]
    source: str
    date: str
    sha256: str  # of the original file
    chars: int
    paragraphs: list[Paragraph]
    format: str = "txt"
    encoding: str | None = None
    pages: int = 0  # a PDF's page count (0: not paginated)
    ocr_pages: tuple[int, ...] = ()  # the pages read by OCR
    warnings: tuple[str, ...] = ()
    text_sha256: str = ""  # of the kept text
    pages_sha256: str = ""  # of the kept page map
    traditional: bool = False  # written in traditional characters (indexed as simplified)
    lang: str = "zh"  # index.text.script.document_lang of its text (an index built before it was recorded: zh)

    @property
    def ocr(self) -> bool:
        return bool(self.ocr_pages)


def document_from_row(r: dict) -> DocumentInfo:
    paras = [Paragraph(doc=r["key"], number=n, kind=k, spans=tuple(tuple(s) for s in sp))
             for n, k, sp in r["paragraphs"]]
    return DocumentInfo(r["key"], r["path"], r["title"], r.get("title_en", ""), tuple(r["authors"]), r["source"],
                        r["date"], r["sha256"], r["chars"], paras, r.get("format", "txt"), r.get("encoding"),
                        int(r.get("pages", 0)), tuple(r.get("ocr_pages", ())), tuple(r.get("warnings", ())),
                        r.get("text_sha256", ""), r.get("pages_sha256", ""), bool(r.get("traditional", False)),
                        r.get("lang", "zh"))


def read_document_rows(folder: Path) -> list[dict]:
    return json.loads((Path(folder) / "documents.json").read_text(encoding="utf-8"))


def read_documents(folder: Path) -> list[DocumentInfo]:
    return [document_from_row(r) for r in read_document_rows(folder)]


def load_embeddings(folder: Path, name: str = "embeddings.npy") -> np.ndarray:
    return np.load(folder / name, allow_pickle=False)


def sentence_to_row(s: SentenceRow) -> list:
    """A line of sentences.jsonl: ``[doc, para, number, spans, text, tokens]`` (a list keeps the file small;
    a sentence of a document in traditional characters has a seventh item, ``1``: it is embedded as simplified)."""
    return [s.doc, s.para, s.number, [list(sp) for sp in s.spans], s.text, list(s.tokens)]


def sentence_from_row(r: list) -> SentenceRow:
    doc, para, number, spans, text, tokens = r[:6]
    return SentenceRow(doc, para, number, tuple((a, b) for a, b in spans), text, tuple(tokens))


def read_sentences(folder: Path) -> list[SentenceRow]:
    """Every indexed sentence, in the order of sentences.npy."""
    with open(folder / "sentences.jsonl", encoding="utf-8") as fh:
        return [sentence_from_row(json.loads(line)) for line in fh if line.strip()]
