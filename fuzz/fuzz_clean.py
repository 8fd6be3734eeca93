"""Fuzz the cleaner, sentence splitter and chunker: offsets must point at the original text."""

from __future__ import annotations

from common import instrumented, main, text_of

with instrumented():
    from index.chunk import chunk_document
    from index.clean import paragraphs, span_text
    from index.sentences import sentences


def test_one_input(data: bytes) -> None:
    text = text_of(data)
    size = 20 + (data[0] if data else 0)
    paras = paragraphs(text, "d")
    last = 0
    for s, e in sorted(sp for p in paras for sp in p.spans):
        if not 0 <= last <= s < e <= len(text):
            raise RuntimeError(f"paragraph spans overlap or leave the text: {(s, e)}")
        last = e
    for p in paras:
        for st in sentences(text, p):
            if not all(any(ps <= s < e <= pe for ps, pe in p.spans) for s, e in st.spans):
                raise RuntimeError("a sentence leaves its paragraph")
    for c in chunk_document(text, paras, size, size // 5):
        if text[c.start : c.end] != c.text or c.clean != span_text(text, c.spans):
            raise RuntimeError("a chunk's offsets do not slice the original")


if __name__ == "__main__":
    main(test_one_input)
