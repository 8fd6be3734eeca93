"""The generated speed set: deterministic, big enough, answers kept only where they still apply."""

from __future__ import annotations

from bench import qsets
from qa.eval.questions import QuestionRow
from tests.conftest import DEV

BASES = [
    QuestionRow(id="a", line=1, question="IonQ是从哪两所大学孵化出来的?", lang="zh", answer="马里兰大学"),
    QuestionRow(id="b", line=2, question="美国共有多少个量子生态中心?", lang="zh", answer="6个"),
    QuestionRow(id="c", line=3, question="Which two universities was IonQ incubated from?", lang="en",
                answer="马里兰大学"),
    QuestionRow(id="d", line=4, question="How many hubs does the US have?", lang="en", answer="6个"),
]


def test_generate_is_deterministic_and_of_the_asked_size():
    one, two = qsets.generate(BASES, n=60, seed=3), qsets.generate(BASES, n=60, seed=3)
    assert [r.question for r in one.rows] == [r.question for r in two.rows]
    assert len(one.rows) == 60
    assert len({r.question for r in one.rows}) == 60


def test_variants_keep_the_answer_and_combined_questions_have_none():
    qs = qsets.generate(BASES, n=10_000)
    by_base = {b.id: b for b in BASES}
    for r in qs.rows:
        base = by_base[qs.kinds[r.id].split(":")[0]]
        if "combined" in qs.kinds[r.id]:
            assert r.answer is None
        else:
            assert r.answer == base.answer and r.lang == base.lang


def test_english_variants_include_casing_and_question_word_swaps():
    questions = {r.question for r in qsets.generate(BASES, n=10_000).rows}
    assert "which two universities was ionq incubated from?" in questions
    assert "What number of hubs does the US have?" in questions
    assert any(q.startswith("请问") for q in questions)


def test_parity_set_pairs_every_translation_with_a_dev_question():
    p = qsets.parity_set(DEV)  # the in-repo copy: a fresh clone has no ../shared
    ids = {r.id for r in p.rows}
    assert p.pairs and all(t in ids and d in ids for t, d in p.pairs.items())
    langs = {r.id: r.lang for r in p.rows}
    assert all(langs[t] != langs[d] for t, d in p.pairs.items())
