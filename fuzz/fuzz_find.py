"""Fuzz ``qa find`` (quotes and claims) and ``ask`` on a tiny index: answers cite exact offsets."""

from __future__ import annotations

from common import instrumented, main, text_of

with instrumented():
    from common import tiny_assistant

    from index.citation import Citation
    from qa.errors import QAError
    from qa.provenance.find import find

    ASSISTANT = tiny_assistant()  # imports the assistant's modules inside the block


def test_one_input(data: bytes) -> None:
    text = text_of(data)
    try:
        result = find(ASSISTANT.finder, text, k=3)
    except QAError:
        result = None
    for m in result.matches if result else ():
        if ASSISTANT.texts.text(m.doc)[m.start : m.end] != m.text:
            raise RuntimeError(f"find: {m.citation} does not slice the original")
    try:
        answer = ASSISTANT.ask(text, k=3)
    except QAError:
        return
    for p in answer.passages:
        original = ASSISTANT.texts.text(Citation.parse(p.citation).doc)
        if original[p.start : p.end] != p.text or any(original[h.start : h.end] != h.text for h in p.highlights):
            raise RuntimeError(f"ask: {p.citation} does not slice the original")


if __name__ == "__main__":
    main(test_one_input)
