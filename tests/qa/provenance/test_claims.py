"""Claim scoring without an index: quantities in both languages, and the score of a sentence from its features."""

from __future__ import annotations

import numpy as np

from qa.provenance.claims import ClaimFeatures, claim_scores, coverage
from qa.provenance.numbers import numbers_agree, numbers_in
from qa.settings import FindSettings


def test_numbers_in_both_languages():
    assert numbers_in("筹集资金约1.06亿英镑") == numbers_in("raised about 106 million pounds")
    assert 200_000_000 in numbers_in("规模两亿元") and 10 in numbers_in("十余家医院")
    assert numbers_in("二是加强") == frozenset() and numbers_in("2) 明确") == frozenset()
    assert numbers_agree(numbers_in("20 billion yuan"), numbers_in("规模2亿元")) == 0.0
    assert numbers_agree(frozenset(), numbers_in("2亿元")) == 1.0


def test_coverage_is_the_idf_weighted_share_of_the_terms():
    sets = [frozenset({"量子", "通信"}), frozenset({"量子"}), frozenset()]
    idf = {"量子": 1.0, "通信": 3.0}.get
    assert coverage(sets, {"量子": 1.0, "通信": 1.0}, idf).tolist() == [1.0, 0.25, 0.0]
    assert coverage(sets, {"天气": 1.0}, lambda t: 0.0).tolist() == [0.0, 0.0, 0.0]  # unknown terms do not count


def test_claim_scores_combine_the_features_as_find_toml_says():
    s = FindSettings(dense=2.0, lexical=1.0, english_gloss=0.5, number_penalty=0.75, number_bonus=0.75,
                    threshold=1.665)
    one = np.ones(2, dtype=np.float32)
    f = ClaimFeatures("zh", dense=np.array([0.5, 0.5]), lex_zh=np.array([1.0, 0.0]), lex_en=np.array([0.0, 1.0]),
                      numbers=np.array([1.0, 0.0]), quantities=np.array([1.0, 0.0]))
    # zh: 2*0.5 + 1.0 + 0.75 = 2.75 kept whole; the second: 2*0.5 + 0 + 0, times 0.75 for its wrong number
    assert np.allclose(claim_scores(f, s), [2.75, 0.75])
    en = ClaimFeatures("en", f.dense, f.lex_zh, f.lex_en, one, 0 * one)
    assert np.allclose(claim_scores(en, s), [1.5, 1.5])  # half of the lexical score from the English gloss
