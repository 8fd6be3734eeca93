"""Fuzz citation ids: parsing, and lookup in a tiny index (offsets must slice the original)."""

from __future__ import annotations

from common import instrumented, main, text_of

with instrumented():
    from common import tiny_assistant

    from qa.errors import QAError
    from qa.provenance.cite import cite

    ASSISTANT = tiny_assistant()  # imports the assistant's modules inside the block


def test_one_input(data: bytes) -> None:
    raw = text_of(data)
    try:
        c = cite(ASSISTANT.data, raw, ASSISTANT.texts.text)
    except QAError:
        return
    if ASSISTANT.texts.text(c.source.key)[c.unit.start : c.unit.end] != c.unit.text:
        raise RuntimeError(f"{c.id} does not slice the original")


if __name__ == "__main__":
    main(test_one_input)
