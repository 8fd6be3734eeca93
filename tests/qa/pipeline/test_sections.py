"""Passages under a back-matter heading (references, credits) lose rank; body sections keep theirs."""

from __future__ import annotations

import pytest

from qa.pipeline.sections import demote_back_matter, is_back_matter


@pytest.mark.parametrize("heading", ["参考文献", "5 References", "作者贡献说明", "Acknowledgements:", "（三）致谢"])
def test_back_matter_headings_are_recognised(heading):
    assert is_back_matter(heading)


@pytest.mark.parametrize("heading", ["", "1.1 QED-C概况及成员构成", "Notes on installing", "文献综述", "注意事项"])
def test_body_headings_are_not_back_matter(heading):
    assert not is_back_matter(heading)


def test_a_reference_entry_gives_its_place_to_the_paragraph_that_states_the_fact():
    headings = {1: "参考文献", 2: "2.3 QuIC 工作组及任务", 3: ""}
    fused = [(1, 1.0), (2, 0.95), (3, 0.4)]
    out = demote_back_matter(fused, headings.__getitem__, keep=0.5, depth=20)
    assert [cid for cid, _ in out] == [2, 1, 3] and dict(out)[1] == 0.5


def test_keeping_the_whole_score_changes_nothing():
    fused = [(1, 1.0), (2, 0.95)]
    assert demote_back_matter(fused, lambda cid: "参考文献", keep=1.0, depth=20) == fused


def test_the_seed_reference_list_no_longer_answers_a_membership_question(assistant):
    answer = assistant.ask("How many members did QuIC have as of June 2022?", k=5)
    first = answer.passages[0]
    assert "[EB/OL]" not in first.text and "163" in first.text
