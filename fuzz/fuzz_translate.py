"""Fuzz English query translation and question analysis on a tiny index."""

from __future__ import annotations

import math

from common import instrumented, main, text_of

with instrumented():
    from common import tiny_assistant

    from qa.pipeline.analyse import analyse_question

    ASSISTANT = tiny_assistant()  # imports the assistant's modules inside the block
TRANSLATOR = ASSISTANT.translator


def test_one_input(data: bytes) -> None:
    text = text_of(data)
    for term in TRANSLATOR.translate(text):
        if term.token not in TRANSLATOR.idf or not (math.isfinite(term.weight) and term.weight > 0):
            raise RuntimeError(f"bad query term {term}")
    analyse_question(text, TRANSLATOR.translate)


if __name__ == "__main__":
    main(test_one_input)
