"""Fuzz language detection (questions, and question-file rows)."""

from __future__ import annotations

from common import instrumented, main, text_of

with instrumented():
    from qa.eval import questions
    from qa.lang import detect_lang


def test_one_input(data: bytes) -> None:
    text = text_of(data)
    if detect_lang(text) not in ("zh", "en", "mixed", "other"):
        raise RuntimeError("unknown language label")
    if questions.detect_lang(text) not in ("zh", "en"):
        raise RuntimeError("unknown row language")


if __name__ == "__main__":
    main(test_one_input)
