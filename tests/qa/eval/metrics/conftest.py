from __future__ import annotations

import pytest

from qa.eval.metrics.judged import Judged


def make(**kw) -> Judged:
    base = dict(
        id="q",
        lang="zh",
        gold_answer="答案",
        gold_doc=None,
        hits=(),
        relevant=(),
        sentence=None,
        span=None,
        answerable=True,
        confidence=0.5,
    )
    base.update(kw)
    return Judged(**base)


@pytest.fixture
def judged():
    """Factory of ``Judged`` records with harmless defaults."""
    return make
