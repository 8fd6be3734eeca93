"""Pass 1 of a build: each document read, cleaned, chunked, split into sentences and tokenised once.

Documents come one at a time (``index.corpus.iter_documents``) and their
rows are appended to the staged build's files as they come: chunks.jsonl,
sentences.jsonl, documents.json, the kept text and page map of each
(``index.kept``), the English-Chinese term pairs mined from the text
(pairs.json) and each chunk's lexical tokens (``TOKENS``, scratch for the
BM25 fields, not part of the index).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from index import kept, record_rows
from index.chunk import body_paragraphs, chunk_paragraph, has_header
from index.clean import paragraphs as find_paragraphs
from index.clean import span_text
from index.corpus import iter_documents
from index.extract import READER_VERSION, Reused, skip_info
from index.pairs import mine_pairs
from index.records import Document, SentenceRow, Skipped
from index.streams import JsonArrayWriter, JsonlWriter
from index.text.fold import is_traditional, to_simplified
from index.text.script import document_lang
from index.tokenize import tokenize

TOKENS = ".tokens.jsonl"  # scratch file of the build: each chunk's lexical tokens, not part of the index


@dataclass
class _Read:
    documents: int = 0
    chunks: int = 0
    sentences: int = 0
    files: dict[str, dict] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    skipped_files: dict[str, dict] = field(default_factory=dict)
    formats: Counter = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)  # the kept text and page-map files written


def _keep(folder: Path, doc: Document, out: _Read) -> dict:
    """Write the document's text (and page map) into the build folder; what documents.json records of them."""
    row = {"text_sha256": kept.write_text(folder, doc.sha256, doc.text), "reader": READER_VERSION}
    if doc.headings:
        row["headings"] = list(doc.headings)
    out.kept.append(kept.text_name(doc.sha256))
    if doc.pages:
        row["pages_sha256"] = kept.write_pages(folder, doc.sha256, doc.pages)
        out.kept.append(kept.pages_name(doc.sha256))
    return row


def read_corpus(corpus_dir: Path, folder: Path, chunk_size: int, chunk_overlap: int, keep_keys: dict[str, str],
                note, previous: dict[str, Reused] | None = None, follow_symlinks: bool = False) -> _Read:
    """Pass 1: each document cleaned, chunked and split, its rows appended to the build folder's files."""
    out = _Read()
    chunks = JsonlWriter(folder / "chunks.jsonl")
    tokens = JsonlWriter(folder / TOKENS)
    sents = JsonlWriter(folder / "sentences.jsonl")
    docs = JsonArrayWriter(folder / "documents.json")
    seen_pairs: dict[tuple[str, str], None] = {}
    try:
        for doc in iter_documents(corpus_dir, keep_keys=keep_keys, previous=previous,
                                  follow_symlinks=follow_symlinks):
            if not isinstance(doc, Skipped):
                try:  # the file as it was read; one deleted or made unreadable meanwhile is listed, not fatal
                    stat = (corpus_dir / doc.path).stat()
                except OSError as exc:
                    doc = Skipped(doc.path, "unreadable", {"detail": type(exc).__name__})
            if isinstance(doc, Skipped):
                out.skipped.append(doc)
                out.skipped_files[doc.path] = skip_info(corpus_dir, doc)
                note("read", docs.n, 0)
                continue
            paras = find_paragraphs(doc.text, doc.key, frozenset(doc.headings))
            # traditional characters are indexed as simplified (one character for one: offsets do not move),
            # so simplified questions and the English gloss find them; a simplified text is left as it is
            traditional = is_traditional(doc.text)
            as_indexed = to_simplified if traditional else _same
            for para, found, heading in body_paragraphs(doc.text, paras):
                heading_tokens = list(dict.fromkeys(tokenize(as_indexed(heading))))
                words = []  # each sentence tokenized once: a chunk's words are its sentences' words
                header = has_header(para, found)
                for st in found:
                    joined = span_text(doc.text, st.spans)
                    words.append(tokenize(as_indexed(joined)))
                    if header and len(words) > 1:  # a row is read with its table's column names
                        words[-1] = words[-1] + [w for w in words[0] if w not in words[-1]]
                    row = record_rows.sentence_to_row(
                        SentenceRow(st.doc, st.para, st.number, st.spans, joined, tuple(sorted(set(words[-1])))))
                    sents.write(row + [1] if traditional else row)
                for c in chunk_paragraph(doc.text, para, found, chunk_size, chunk_overlap, heading):
                    row = record_rows.chunk_to_row(c)
                    chunks.write({**row, "fold": True} if traditional else row)
                    tokens.write(with_heading(
                        [t for ws in words[c.first_sentence - 1 : c.last_sentence] for t in ws], heading_tokens))
            out.files[doc.path] = {"sha256": doc.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                                   "key": doc.key, "format": doc.format}
            out.formats[doc.format] += 1
            kept_row = {**_keep(folder, doc, out), "extracted_title": doc.reader_title, "traditional": traditional,
                        "lang": document_lang(doc.text)}
            docs.write(record_rows.document_to_row(doc, paras, kept_row))
            for pair in _mine(as_indexed(doc.text)):
                seen_pairs.setdefault(tuple(pair), None)
            note("read", docs.n, 0)
    finally:
        for w in (chunks, tokens, sents, docs):
            w.close()
    (folder / "pairs.json").write_text(json.dumps([list(p) for p in seen_pairs], ensure_ascii=False),
                                       encoding="utf-8")
    out.documents, out.chunks, out.sentences = docs.n, chunks.n, sents.n
    return out


def _same(text: str) -> str:
    return text


def _mine(text: str) -> list:
    return [[p.en, p.zh] for p in mine_pairs(text)]


def with_heading(tokens: list[str], heading_tokens: list[str]) -> list[str]:
    """A chunk's words, plus each word of its section heading once (the topic a paragraph omits)."""
    have = set(tokens)
    return tokens + [t for t in heading_tokens if t not in have]

