from __future__ import annotations

import json
import re

import pytest

from app.messages import sentence
from qa.errors import BadCitation, QAError
from qa.provenance.cite import CitationId, Source, cite, collect, parse_id, reference, romanise
from qa.provenance.references import bibtex_key, format_references

# ---------------------------------------------------------------- parsing (no index)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("001:p23", CitationId("001", 23)),
        ("001:p23.s2", CitationId("001", 23, 2)),
        ("001：P23.S2", CitationId("001", 23, 2)),
        (" 001 : p23 . s2 ", CitationId("001", 23, 2)),
        ("[001:p23]", CitationId("001", 23)),
        ("００１：ｐ２３", CitationId("001", 23)),
        ("001:p23s2", CitationId("001", 23, 2)),
        ("notes:p4.s1", CitationId("notes", 4, 1)),
    ],
)
def test_ids_are_parsed_tolerantly(raw, expected):
    assert parse_id(raw) == expected
    assert str(parse_id(raw)) == str(expected)


@pytest.mark.parametrize("raw", ["abc", "", "001", "001:23", "001:px", "001:p2.x3", ":p3"])
def test_malformed_ids_explain_the_format(raw):
    with pytest.raises(BadCitation) as err:
        parse_id(raw)
    msg = sentence(err.value)
    assert "e.g. 001:p23" in msg and "001:p23.s2" in msg
    assert "引用编号" in msg


def test_references_read_like_citations():
    src = Source("000", "000_x.txt", "锚定关键环节 系统布局量子产业", "Anchor the key links", ("申红艳", "张红"))
    assert reference(src, 12) == "申红艳、张红《锚定关键环节 系统布局量子产业》第12段"
    assert reference(src, 12, 3) == "申红艳、张红《锚定关键环节 系统布局量子产业》第12段第3句"
    assert reference(src, 12, None, "en") == "Shen Hongyan, Zhang Hong, \u201cAnchor the key links,\u201d paragraph 12"
    untitled = Source("001", "001_x.txt", "标题")
    assert reference(untitled, 2, 1, "en") == "\u201c标题,\u201d paragraph 2, sentence 1"
    assert romanise("欧阳修") == "Ouyang Xiu"
    assert romanise("小白创作中心") == "小白创作中心"  # an organisation is not a personal name


# ---------------------------------------------------------------- lookup in the real index


@pytest.fixture(scope="module")
def data(assistant):
    return assistant.data


def test_every_sentence_id_returns_its_sentence(data):
    texts = {k: data.document_text(k) for k in data.documents}
    for row in data.sentences:
        c = cite(data, row.citation, texts.__getitem__)
        assert "".join(c.unit.clean.split()) == "".join(row.text.split())  # as shown: a space may join two pieces
        assert c.unit.text == texts[row.doc][c.unit.start : c.unit.end]
        assert c.paragraph.start <= c.unit.start and c.unit.end <= c.paragraph.end


def test_paragraph_with_context_and_offsets(data):
    c = cite(data, "001：P24.S6")
    assert c.id == "001:p24.s6"
    original = data.document_text("001")
    assert c.unit.text == original[c.unit.start : c.unit.end]
    assert "专利申请的主体" in c.unit.clean
    assert c.before.citation == "001:p23" and c.after.citation == "001:p25"
    assert c.paragraph.citation == "001:p24"
    assert c.reference_zh.endswith("第24段第6句")
    assert "paragraph 24, sentence 6" in c.reference_en
    assert data.documents["001"].title_en in c.reference_en
    d = json.loads(json.dumps(c.to_dict(), ensure_ascii=False))
    assert d["unit"]["spans"] == [list(s) for s in c.unit.spans]


def test_first_and_last_paragraphs_have_one_sided_context(data):
    first = cite(data, "000:p1")
    assert first.before is None and first.after.citation == "000:p2"
    n = len(data.documents["000"].paragraphs)
    last = cite(data, f"000:p{n}")
    assert last.after is None and last.before.citation == f"000:p{n - 1}"


def test_short_document_numbers_and_case_are_resolved(data):
    assert cite(data, "1:p24").id == "001:p24"


def test_unknown_document_lists_the_documents(data):
    with pytest.raises(BadCitation) as err:
        cite(data, "999:p1")
    assert err.value.found == "999" and err.value.expected.startswith("000, 001, 002, 003, 004")
    msg = sentence(err.value)
    assert msg.startswith("no document 999; documents are 000, 001, 002, 003, 004")
    assert "qa info" in msg
    assert "没有编号为 999 的文档" in msg


def test_paragraph_out_of_range_names_the_range(data):
    n = len(data.documents["001"].paragraphs)
    with pytest.raises(BadCitation) as err:
        cite(data, "001:p999")
    assert (err.value.within, err.value.limit, err.value.expected) == ("001", n, f"001:p{n}")
    msg = str(err.value)
    assert f"001 has paragraphs p1–p{n}" in msg and f"001:p{n}" in msg
    with pytest.raises(BadCitation, match="p1–p"):
        cite(data, "001:p0")


def test_sentence_out_of_range_and_headings(data):
    rows = data.sentence_rows[("001", 24)]
    last = data.sentences[rows[-1]].number
    with pytest.raises(BadCitation, match=rf"sentences s1–s{last}.*001:p24\.s{last}"):
        cite(data, "001:p24.s99")
    heading = next(p for p in data.documents["000"].paragraphs if p.kind == "heading")
    with pytest.raises(BadCitation) as err:
        cite(data, f"{heading.citation}.s1")
    assert re.search(rf"heading without sentences; cite it as {heading.citation}", sentence(err.value))


# ---------------------------------------------------------------- export

_BIBTEX_ENTRY = re.compile(r"@misc\{([a-z0-9_-]+),\n((?:  [a-z]+ = \{.*\},?\n)+)\}", re.MULTILINE)


def test_export_formats_parse(data, assistant):
    answer = assistant.ask("IonQ是从哪两所大学孵化出来的?", k=3)
    items = collect(data, [answer, "000:p5", "001:p19.s4", "004:p25"])
    assert items[0].id == answer.passages[0].citation
    docs = {c.source.key for c in items}

    csl = json.loads(format_references(items, "csl-json"))
    assert {entry["id"] for entry in csl} == {bibtex_key(c.source) for c in items}
    assert len(csl) == len(docs)
    titles = {entry["title"] for entry in csl}
    assert "锚定关键环节 系统布局量子产业" in titles
    assert "\\u" not in format_references(items, "csl-json")  # Chinese kept as UTF-8

    bib = format_references(items, "bibtex")
    entries = _BIBTEX_ENTRY.findall(bib)
    assert len(entries) == len(docs) == bib.count("@misc{")
    assert "title = {{锚定关键环节 系统布局量子产业}}" in bib
    assert "author = {{申红艳} and {张红}}" in bib
    assert "doi = {10.16507/j.issn.1006-6055.2022.10.007}" in bib

    md = format_references(items, "markdown")
    assert md.count("\n- **[") + 1 == len(items)
    assert "**[001:p19.s4]**" in md and "第19段第4句" in md


def test_bibtex_keys_are_stable(data):
    a = format_references(collect(data, ["004:p25", "000:p5"]), "bibtex")
    b = format_references(collect(data, ["000:p6.s2", "004:p3"]), "bibtex")
    keys_a = set(re.findall(r"@misc\{([^,]+),", a))
    keys_b = set(re.findall(r"@misc\{([^,]+),", b))
    assert keys_a == keys_b == {"shen_000", "qin2022_004"}


def test_unknown_format_lists_the_choices(data):
    with pytest.raises(QAError, match="'bibtex', 'csl-json', 'markdown'"):
        format_references(collect(data, ["000:p5"]), "ris")
