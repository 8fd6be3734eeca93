"""Paragraph-aware chunking: whole sentences of one paragraph, up to ``size`` characters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from index.clean import span_text
from index.records import Chunk, Paragraph, Sentence
from index.sentences import sentences as split_sentences

DEFAULT_SIZE = 300
DEFAULT_OVERLAP = 60


def chunk_paragraph(
    text: str,
    para: Paragraph,
    sents: list[Sentence],
    size: int = DEFAULT_SIZE,
    overlap: int = DEFAULT_OVERLAP,
    heading: str = "",
) -> list[Chunk]:
    """Group consecutive sentences into chunks of at most ``size`` characters.

    A sentence longer than ``size`` is a chunk of its own; consecutive chunks
    share trailing sentences of up to ``overlap`` characters.
    """
    if size < 1 or overlap < 0:
        raise ValueError("chunk size must be positive and overlap non-negative")
    lengths = [sum(e - s for s, e in st.spans) for st in sents]
    chunks = []
    i = 0
    while i < len(sents):
        j, total = i, 0
        while j < len(sents) and (j == i or total + lengths[j] <= size):
            total += lengths[j]
            j += 1
        group = sents[i:j]
        spans = tuple(sp for st in group for sp in st.spans)
        start, end = group[0].start, group[-1].end
        chunks.append(
            Chunk(
                doc=para.doc,
                para=para.number,
                start=start,
                end=end,
                text=text[start:end],
                clean="\n".join(text[s:e] for s, e in spans) if para.kind == "table" else span_text(text, spans),
                spans=spans,
                first_sentence=group[0].number,
                last_sentence=group[-1].number,
                heading=heading,
            )
        )
        if j >= len(sents):
            break
        # step back over trailing sentences that fit in the overlap, but always advance
        back, k = 0, j
        while k - 1 > i + 0 and back + lengths[k - 1] <= overlap:
            back += lengths[k - 1]
            k -= 1
        i = max(k, i + 1)
    return chunks


def has_header(para: Paragraph, sents: list[Sentence]) -> bool:
    """Whether ``para`` is a table whose first row names its columns: a row that is one sentence (a first
    row of prose, a layout table's, is no header)."""
    return para.kind == "table" and len(para.spans) > 1 and bool(sents) and sents[0].spans == para.spans[:1]


def body_paragraphs(text: str, paragraphs: Iterable[Paragraph]) -> Iterator[tuple[Paragraph, list[Sentence], str]]:
    """Each body paragraph and caption with its sentences and the nearest heading above it; a table's heading
    is followed by its caption, when one titles it ("Table 2.7. Notable command options for aptitude(8)")."""
    heading, before = "", None
    for para in paragraphs:
        if para.kind == "heading":
            heading, before = span_text(text, para.spans), None
            continue
        titled = para.kind == "table" and before is not None and before.kind == "caption"
        yield para, split_sentences(text, para), f"{heading} {span_text(text, before.spans)}" if titled else heading
        before = para


def chunk_document(
    text: str,
    paragraphs: Iterable[Paragraph],
    size: int = DEFAULT_SIZE,
    overlap: int = DEFAULT_OVERLAP,
) -> list[Chunk]:
    """Chunks of every body paragraph and caption; headings become their context."""
    out: list[Chunk] = []
    for para, sents, heading in body_paragraphs(text, paragraphs):
        out.extend(chunk_paragraph(text, para, sents, size, overlap, heading))
    return out
