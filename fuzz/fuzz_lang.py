"""Fuzz language detection (questions, and question-file rows)."""

from __future__ import annotations

from common import instrumented, main, text_of

with instrumented():
    from index.text.script import LANGS, detect_lang
    from qa.eval.questions import QuestionRow


def test_one_input(data: bytes) -> None:
    text = text_of(data)
    if detect_lang(text) not in LANGS:
        raise RuntimeError("unknown language label")
    if QuestionRow("q", 1, text).group not in LANGS:
        raise RuntimeError("unknown row language")


if __name__ == "__main__":
    main(test_one_input)
