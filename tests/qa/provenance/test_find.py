from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from index.text.fold import key, to_traditional
from qa.errors import BadQuestion
from qa.provenance.find import MAX_FIND_CHARS, find, find_many

ROOT = Path(__file__).resolve().parents[3]
DEV = ROOT / "bench" / "data" / "dev.jsonl"  # a copy of shared/eval/dev.jsonl, so a fresh clone has it
CLAIMS = ROOT / "bench" / "data" / "claims.jsonl"
_FULL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000", ",": "，", ".": "。"}


def full_width(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms (，。 for , .)."""
    return "".join(_FULL.get(c, c) for c in text)


def _check_quote(assistant, quote: str, wanted: str) -> str | None:
    """None when ``find`` reports ``quote`` as an exact match whose first citation is ``wanted``'s text."""
    r = find(assistant.finder, quote)
    if r.verdict != "exact":
        return f"{r.verdict}: {quote[:40]}"
    best = r.matches[0]
    if key(best.cited) != key(wanted):  # a sentence repeated verbatim elsewhere may come first: same text
        return f"cited {best.citation} {best.cited[:30]!r} for {quote[:30]!r}"
    original = assistant.texts.text(best.doc)
    if best.text != original[best.start : best.end]:
        return f"offsets of {best.citation} do not slice the original"
    if key("".join(original[s:e] for s, e in best.spans)) != key(quote):
        return f"spans of {best.citation} do not hold the quote"
    return None


# ---------------------------------------------------------------- quotes


@pytest.mark.parametrize("variant", ["plain", "traditional", "full-width"])
def test_every_sentence_is_found_exactly(assistant, variant):
    convert = {"plain": str, "traditional": to_traditional, "full-width": full_width}[variant]
    failures, n = [], 0
    for row in assistant.data.sentences:
        if not key(row.text):
            continue
        n += 1
        problem = _check_quote(assistant, convert(row.text), row.text)
        if problem:
            failures.append(problem)
    assert n > 700
    assert failures == [], f"{len(failures)}/{n} sentences not found exactly ({variant}): {failures[:5]}"


def test_traditional_variant_really_differs():
    s = "我国专利申请量2017年超过美国,位居全球第一位"
    assert to_traditional(s) != s and full_width(s) != s


def test_dev_answers_are_found_in_the_top_citation(assistant):
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    answers = [r for r in rows if r.get("answer")]
    assert len(answers) >= 25
    for r in answers:
        result = find(assistant.finder, r["answer"])
        assert result.verdict == "exact", r["id"]
        best = result.matches[0]
        assert key(r["answer"]) in key(best.cited), (r["id"], best.citation)
        assert best.path == r["doc"], r["id"]


def test_quote_with_line_breaks_and_other_punctuation(assistant):
    r = find(assistant.finder, "我国已建成京沪干线\n武合干线等骨干量子通信基础设施网络！")
    assert r.verdict == "exact" and r.matches[0].citation == "001:p7.s2"
    assert r.matches[0].text == "我国已建成京沪干线、武合干线等骨干量子通信基础设施网络"


def test_quote_across_two_paragraphs(assistant):
    data = assistant.data
    paras = data.documents["002"].paragraphs
    text = assistant.texts.text("002")
    a, b = paras[2], paras[3]  # two body paragraphs in a row
    tail = text[a.end - 12 : a.end]
    head = text[b.start : b.start + 12]
    r = find(assistant.finder, tail + "\n" + head)
    assert r.verdict == "exact"
    best = r.matches[0]
    assert best.citation == a.citation
    assert {c.split(".")[0] for c in best.citations} == {a.citation, b.citation}
    assert best.spans[0][0] == a.end - 12 and best.spans[-1] == (b.start, b.start + 12)
    assert best.spans[0][1] <= a.end  # a closing 。 is not part of the match: punctuation does not count
    assert key("".join(text[s:e] for s, e in best.spans)) == key(tail + head)


def test_quote_as_laid_out_in_the_file_with_a_caption_inside(assistant):
    text = assistant.texts.text("000")
    start = text.index("已进入世界第一方")
    end = text.index("展。", start) + 2
    r = find(assistant.finder, text[start:end])  # runs through the photo caption between the halves
    assert r.verdict == "exact"
    best = r.matches[0]
    assert best.start == start and best.end == end - 1  # the final 。 does not count
    assert best.citations[0] == "000:p11.s1" and best.citation == "000:p11"


def test_short_quote_reports_all_occurrences(assistant):
    r = find(assistant.finder, "量子生态中心", k=3)
    assert r.verdict == "exact" and len(r.matches) == 3 and r.occurrences > 3


# ---------------------------------------------------------------- claims


def test_english_claim_is_supported_by_the_right_sentence(assistant):
    r = find(assistant.finder, "China overtook the US in quantum patent filings in 2017.")
    assert r.verdict == "supported"
    assert r.matches[0].citation == "001:p19.s4"
    assert r.score >= r.threshold


def test_chinese_paraphrase_is_supported(assistant):
    r = find(assistant.finder, "中国已经建成了京沪、武合等量子通信骨干网络。")
    assert r.verdict == "supported" and r.matches[0].citation == "001:p7.s2"


@pytest.mark.parametrize("claim", ["Argentina won the 2022 FIFA World Cup.", "今天北京天气晴朗，最高气温25度。",
                                   "Haidian plans a 20 billion yuan quantum industry fund."])
def test_off_topic_or_wrong_number_claims_are_not_found(assistant, claim):
    r = find(assistant.finder, claim)
    assert r.verdict == "not found"
    assert r.matches and r.score < r.threshold


def test_calibration_claims_are_mostly_separated(assistant):
    rows = [json.loads(line) for line in CLAIMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = find_many(assistant.finder, [r["claim"] for r in rows], k=5)
    correct = sum((res.verdict == "supported") == (r["label"] == "supported") for r, res in zip(rows, results))
    assert correct / len(rows) >= 0.85
    found = [r["citation"] in [m.citation for m in res.matches] for r, res in zip(rows, results) if r["citation"]]
    assert sum(found) / len(found) >= 0.9


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad, words", [("", "empty"), ("   \n", "empty"), ("，。！？ …", "only punctuation"),
                                         ("x" * (MAX_FIND_CHARS + 1), f"{MAX_FIND_CHARS:,}-character limit")])
def test_bad_text_is_refused_clearly(assistant, bad, words):
    with pytest.raises(BadQuestion, match=words):
        find(assistant.finder, bad)


def test_a_megabyte_is_refused_quickly(assistant):
    t0 = time.perf_counter()
    with pytest.raises(BadQuestion, match="5,000-character limit"):
        find(assistant.finder, "量" * 1_000_000)
    assert time.perf_counter() - t0 < 1.0


def test_k_out_of_range(assistant):
    with pytest.raises(BadQuestion, match="between 1 and 50"):
        find(assistant.finder, "济南一号", k=0)


def test_find_many_keeps_order_and_reports_bad_lines(assistant):
    out = find_many(assistant.finder, ["济南一号", "。。", "Argentina won the 2022 FIFA World Cup."])
    assert out[0].verdict == "exact"
    assert isinstance(out[1], BadQuestion)
    assert out[2].verdict == "not found"
