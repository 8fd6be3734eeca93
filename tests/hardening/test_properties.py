"""Every input surface, fed random input: it answers, or refuses with a QAError, and offsets stay exact.

The coverage-guided version of these (atheris, long runs) is in ``fuzz/``; a
crash either finds becomes a regression test at the bottom of this file.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from index.chunk import chunk_document
from index.citation import Citation
from index.clean import paragraphs, span_text
from index.corpus import doc_keys
from index.errors import QAError
from index.sentences import sentences
from index.text.script import detect_lang
from qa.errors import BadCitation, BadQuestion, BadQuestionFile
from qa.eval.questions import MAX_QUESTION_CHARS, decode, parse_questions
from qa.provenance.cite import CitationId, cite, parse_id, resolve_doc

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that break naive text handling: every line break str.splitlines knows, zero-width and
# combining characters, full-width forms, surrogate-free astral characters, and the punctuation the
# cleaner and splitter look for.
NASTY = list(
    "\r\n\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\t \u3000\u00a0\u200b\u200c\u200d\ufeff\u0301\u0300\u20dd"
    "。！？；，、.!?;:：…“”「」()（）《》【】-•*#>0123456789.%％ＡＢＣ１２３aZ"
) + ["\U0001f600", "\U00020000", "İ", "ß", "ﬁ"]
_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
nasty_text = st.text(alphabet=st.one_of(_cjk, st.sampled_from(NASTY)), max_size=600)
long_lines = st.builds(
    lambda a, n, b: a + "量子" * n + b, nasty_text, st.integers(200, 3000), nasty_text
)


# ---------------------------------------------------------------- cleaner, splitter, chunker
def assert_offsets(text: str, size: int, overlap: int) -> None:
    """The offset contract of DESIGN.md, and no gaps beyond what cleaning drops."""
    paras = paragraphs(text, "d")
    assert [p.number for p in paras] == list(range(1, len(paras) + 1))
    pieces = sorted(sp for p in paras for sp in p.spans)
    for (s1, e1), (s2, _) in zip(pieces, pieces[1:]):
        assert e1 <= s2, "paragraph spans never overlap"
    assert all(0 <= s < e <= len(text) for s, e in pieces)
    for p in paras:
        inside = set()
        sents = sentences(text, p)
        for st_ in sents:
            assert all(any(ps <= s < e <= pe for ps, pe in p.spans) for s, e in st_.spans)
            inside.update(st_.spans)
        joined = "".join(span_text(text, st_.spans) for st_ in sents)
        assert "".join(joined.split()) == "".join(span_text(text, p.spans).split()), "sentences cover the paragraph"
    chunks = chunk_document(text, paras, size, overlap)
    by_para = {p.number: p for p in paras}
    covered: dict[int, set] = {}
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert c.clean == span_text(text, c.spans)
        para = by_para[c.para]
        assert all(any(ps <= s < e <= pe for ps, pe in para.spans) for s, e in c.spans)
        covered.setdefault(c.para, set()).update(range(c.first_sentence, c.last_sentence + 1))
    for p in paras:
        if p.kind != "heading":
            n = len(sentences(text, p))
            assert covered.get(p.number, set()) == set(range(1, n + 1)), "every sentence is in some chunk"


@FAST
@given(nasty_text, st.integers(20, 300), st.integers(0, 19))
@example("第一段\r\n\r\n第二段。\u2028第三段！\x85第四\u200b段", 20, 5)
@example("a\u0301\u0301。" * 50, 20, 0)
def test_offsets_hold_on_nasty_text(text, size, overlap):
    assert_offsets(text, size, overlap)


@SLOWER
@given(long_lines, st.integers(20, 400), st.integers(0, 19))
def test_offsets_hold_on_very_long_lines(text, size, overlap):
    assert_offsets(text, size, overlap)


# ---------------------------------------------------------------- language detection
@FAST
@given(st.text(max_size=300))
def test_language_detection_always_answers(text):
    assert detect_lang(text) in ("zh", "en", "mixed", "other")


@FAST
@given(st.text(alphabet=_cjk, min_size=1, max_size=50), st.sampled_from(["", "IBM", "QED-C", "2018"]))
def test_chinese_with_an_acronym_is_chinese(zh, acronym):
    assert detect_lang(zh + acronym) == "zh"


# ---------------------------------------------------------------- query translation and asking
english_ish = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'’.,?$£€¥%")),
        st.sampled_from(NASTY),
        _cjk,
    ),
    max_size=200,
)
english_words = st.lists(
    st.sampled_from("who what how much many quantum venture capital company founded Beijing Duan Luming "
                    "million billion dollars pounds 1.2 120 2018 NQI the of in hydrogen steel percent"
                    " İstanbul straße ﬁnance 2.0.1 3,5.5".split()),
    max_size=25,
).map(" ".join)


@FAST
@given(st.one_of(english_ish, english_words))
def test_translation_returns_only_index_tokens(tiny_assistant, question):
    tr = tiny_assistant.translator
    for term in tr.translate(question):
        assert term.token in tr.idf
        assert math.isfinite(term.weight) and term.weight > 0


@SLOWER
@given(st.one_of(english_ish, english_words, nasty_text, st.text(max_size=100)))
def test_ask_answers_or_refuses(tiny_assistant, question):
    try:
        answer = tiny_assistant.ask(question, k=3)
    except BadQuestion:
        return
    assert 0.0 <= answer.confidence <= 1.0
    for p in answer.passages:
        original = tiny_assistant.texts.text(Citation.parse(p.citation).doc)
        assert original[p.start : p.end] == p.text
        for h in p.highlights:
            assert original[h.start : h.end] == h.text


# ---------------------------------------------------------------- question files
@FAST
@given(st.binary(max_size=400))
def test_question_file_bytes_parse_or_refuse(data):
    try:
        parse_questions(decode(data, "q.jsonl"), fmt=None, name="q.jsonl")
    except BadQuestionFile:
        pass


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
question_objects = st.dictionaries(
    st.sampled_from(["question", "问题", "id", "lang", "answer", "doc", "Question ", "x"]), json_values, max_size=5
)


@FAST
@given(st.lists(st.one_of(question_objects, json_values), max_size=8), st.sampled_from(["jsonl", None]),
       st.booleans())
def test_jsonl_of_random_values_parses_or_refuses(objects, fmt, ascii_only):
    text = "\n".join(json.dumps(o, ensure_ascii=ascii_only) for o in objects)
    try:
        qf = parse_questions(text, fmt=fmt)
    except BadQuestionFile:
        return
    for row in qf.rows:
        assert row.question and len(row.question) <= MAX_QUESTION_CHARS
        assert row.lang in (None, "zh", "en")


cell = st.text(alphabet=st.one_of(_cjk, st.sampled_from(list(',"\t\r\n ;\'ab1?\u3000'))), max_size=30)


@FAST
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=8), st.sampled_from([",", "\t"]))
def test_csv_round_trip(rows, delimiter):
    """Whatever a spreadsheet writes (quotes, delimiters and line breaks inside cells) reads back."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(["id", "question", "answer"])
    for i, (q, a) in enumerate(rows):
        w.writerow([f"q{i}", q, a])
    def read(cell: str) -> str:  # CR LF and CR inside a cell are line breaks (qa.intext.visible)
        return cell.replace("\r\n", "\n").replace("\r", "\n").strip()

    wanted = [(f"q{i}", read(q), read(a)) for i, (q, a) in enumerate(rows) if read(q)]
    try:
        qf = parse_questions(buf.getvalue(), fmt="tsv" if delimiter == "\t" else "csv")
    except BadQuestionFile:
        assert not wanted
        return
    assert [(r.id, r.question, r.answer) for r in qf.rows] == wanted


# ---------------------------------------------------------------- citation ids
@FAST
@given(st.text(max_size=60))
def test_citation_parser_parses_or_refuses(raw):
    try:
        cid = parse_id(raw)
    except BadCitation:
        return
    assert cid.para >= 0 and ":" not in cid.doc


file_names = st.lists(
    st.text(alphabet=st.one_of(_cjk, st.sampled_from(list("abc 001_-.:()【】《》ＡＢ１\u3000\t:'\"[]"))), min_size=1,
            max_size=12).map(lambda s: s + ".txt"),
    min_size=1, max_size=6, unique=True,
)


@FAST
@given(file_names)
@example(["１２_x.txt", "12-y.txt", "a.txt", "a.md", "a b.txt", "a-b.txt", "【报告】.txt", "ＡＢ.txt", "().txt"])
def test_document_keys_are_unique_and_cite_back(names):
    keys = doc_keys(names)
    assert len(set(keys.values())) == len(names)
    for k in keys.values():
        assert k and parse_id(f"{k}:p3.s2") == CitationId(k, 3, 2), k
        assert resolve_doc(parse_id(f"{k}:p1").doc, keys.values()) == k


citation_like = st.one_of(
    st.text(max_size=30),
    st.builds(lambda d, p, s: f"{d}:p{p}" + (f".s{s}" if s is not None else ""),
              st.one_of(st.sampled_from(["001", "1", "002", "004", "999", "delta", "ALPHA"]),
                        st.text(alphabet="0123456789١٢፩²①", min_size=1, max_size=4)),
              st.integers(0, 10**12), st.none() | st.integers(0, 10**6)),
)


@FAST
@given(citation_like)
def test_citation_lookup_cites_or_refuses(tiny_assistant, raw):
    data = tiny_assistant.data
    try:
        c = cite(data, raw, tiny_assistant.texts.text)
    except BadCitation:
        return
    original = tiny_assistant.texts.text(c.source.key)
    assert original[c.unit.start : c.unit.end] == c.unit.text


# ---------------------------------------------------------------- find (quotes and claims)
def _corpus_fragments(assistant) -> list[str]:
    return [row.text for row in assistant.data.sentences]


@SLOWER
@given(st.data())
def test_find_cites_or_refuses(tiny_assistant, data):
    from qa.provenance.find import find

    fragments = _corpus_fragments(tiny_assistant)
    quote = data.draw(st.sampled_from(fragments))
    i = data.draw(st.integers(0, len(quote)))
    j = data.draw(st.integers(i, len(quote)))
    text = data.draw(st.one_of(st.just(quote[i:j]), nasty_text, english_words, st.text(max_size=80),
                               st.builds(lambda a, b: a + quote[i:j] + b, st.sampled_from(NASTY), nasty_text)))
    try:
        result = find(tiny_assistant.finder, text, k=3)
    except BadQuestion:
        return
    assert result.verdict in ("exact", "supported", "not found")
    for m in result.matches:
        original = tiny_assistant.texts.text(m.doc)
        assert original[m.start : m.end] == m.text
        assert all(m.start <= s <= e <= m.end for s, e in m.spans)


@SLOWER
@given(st.sampled_from(range(200)), st.integers(1, 30))
def test_every_corpus_substring_is_found_exactly(tiny_assistant, n, length):
    from index.text.fold import key
    from qa.provenance.find import find

    fragments = _corpus_fragments(tiny_assistant)
    sentence = fragments[n % len(fragments)]
    start = (n * 7) % max(1, len(sentence))
    quote = sentence[start : start + length]
    assume(key(quote))
    result = find(tiny_assistant.finder, quote, k=1)
    assert result.verdict == "exact", quote


# ---------------------------------------------------------------- regressions found by fuzzing
# Each was found by the property tests above or by fuzz/ (see fuzz/RESULTS.md), and fixed.


def test_regression_citation_with_a_non_decimal_digit_is_refused(tiny_assistant):
    with pytest.raises(BadCitation):
        cite(tiny_assistant.data, "፩:p1", tiny_assistant.texts.text)


def test_regression_jsonl_with_a_line_separator_inside_a_question():
    text = json.dumps({"question": "量子\u2028通信是什么?"}, ensure_ascii=False) + "\n" + \
        json.dumps({"question": "NEL\x85inside"}, ensure_ascii=False) + "\n"
    qf = parse_questions(text, fmt="jsonl")
    assert [r.question for r in qf.rows] == ["量子\u2028通信是什么?", "NEL\ninside"]  # NEL: a line break


@pytest.mark.parametrize("question", ["What happened on 2021.03.05?", "Which quantum SDK reached version 2.0.1?",
                                      "1.2,3.4 million dollars"])
def test_regression_english_question_with_a_dotted_number(tiny_assistant, question):
    """A dotted date, version or list once crashed the number translation (``float('2021.03.05')``) in ask,
    find and qa eval: each is now translated to index tokens, answered with exact offsets and looked up."""
    from qa.provenance.find import find

    tr = tiny_assistant.translator
    for term in tr.translate(question):
        assert term.token in tr.idf and math.isfinite(term.weight) and term.weight > 0
    answer = tiny_assistant.ask(question, k=3)
    assert answer.lang == "en" and 0.0 <= answer.confidence <= 1.0 and len(answer.passages) == 3
    for p in answer.passages:
        original = tiny_assistant.texts.text(Citation.parse(p.citation).doc)
        assert original[p.start : p.end] == p.text
        assert all(original[h.start : h.end] == h.text for h in p.highlights)
    result = find(tiny_assistant.finder, question, k=2)
    assert result.verdict in ("supported", "not found") and 1 <= len(result.matches) <= 2


def test_every_error_here_is_a_qa_error():
    """The tests above accept only these; they are what the CLI and UI turn into one sentence."""
    for exc in (BadQuestion, BadQuestionFile, BadCitation):
        assert issubclass(exc, QAError)
