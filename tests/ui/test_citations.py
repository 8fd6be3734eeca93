"""The Citations tab's cards: the cited characters marked by their offsets, the context around them, all escaped."""

from __future__ import annotations

from qa.provenance.cite import Cited, Source, Unit
from qa.provenance.records import Match
from ui.citations import cited_html, match_html, verdict_label

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">'
ORIGINAL = "标题\n\n前一段。\n\n第一句。第二句<b>。\n\n后一段。\n"
P2, P3, P4 = ORIGINAL.index("前一段"), ORIGINAL.index("第一句"), ORIGINAL.index("后一段")
S2 = ORIGINAL.index("第二句")
END3 = ORIGINAL.index("。\n\n后") + 1


def _unit(citation: str, start: int, end: int, kind: str = "body") -> Unit:
    text = ORIGINAL[start:end]
    return Unit(citation, start, end, ((start, end),), text, text, kind)


def _cited(sentence: int | None = 2, title: str = "量子<测试>") -> Cited:
    para = _unit("001:p3", P3, END3)
    unit = _unit("001:p3.s2", S2, END3) if sentence == 2 else para
    source = Source("001", "001_test.txt", title, "", ("王五",), "测试日报", "2024-01-01")
    before, after = _unit("001:p2", P2, P2 + 4), _unit("001:p4", P4, P4 + 4)
    return Cited(unit.citation, source, 3, sentence, unit, para, before, after, "王五《量子<测试>》第3段第2句",
                 "Wang Wu, “Quantum,” paragraph 3, sentence 2")


def test_cited_sentence_is_marked_inside_its_paragraph_between_its_neighbours():
    html = cited_html(_cited())
    assert 'data-citation="001:p3.s2"' in html
    assert '<div class="ctx-para ctx-current">第一句。<mark class="hl-cited">第二句&lt;b&gt;。</mark></div>' in html
    assert '<div class="ctx-para ctx-before">前一段。</div>' in html
    assert '<div class="ctx-para ctx-after">后一段。</div>' in html
    assert f"字符 characters {P3}–{END3}" in html and "测试日报" in html and "2024-01-01" in html
    assert html.index("ctx-before") < html.index("ctx-current") < html.index("ctx-after")


def test_cited_paragraph_is_marked_whole_and_a_first_paragraph_has_no_before():
    c = _cited(sentence=None)
    c = Cited(c.id, c.source, c.para, None, c.paragraph, c.paragraph, None, c.after, c.reference_zh, c.reference_en)
    html = cited_html(c)
    assert '<mark class="hl-cited">第一句。第二句&lt;b&gt;。</mark>' in html
    assert "ctx-before" not in html and "ctx-after" in html


def test_cited_text_and_metadata_are_escaped():
    html = cited_html(_cited(title=EVIL))
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "量子&lt;测试&gt;" in html


def _match(start: int, end: int, spans, citation: str = "001:p3.s2") -> Match:
    return Match(citation, (citation,), "001", "001_test.txt", EVIL, start, end, tuple(spans), ORIGINAL[start:end],
                 ORIGINAL[start:end], 0.873, "王五《量子》第3段", "Wang Wu, paragraph 3")


def test_match_is_marked_by_its_spans_inside_its_paragraph():
    html = match_html(_match(S2, S2 + 4, [(S2, S2 + 4)]), ORIGINAL, (P3, END3))
    assert '<div class="ctx-para ctx-current">第一句。<mark class="hl-match">第二句&lt;</mark>b&gt;。</div>' in html
    assert "得分 score 0.87" in html and f"字符 characters {S2}–{S2 + 4}" in html
    assert "<script>" not in html and "&lt;script&gt;" in html  # the title


def test_a_quote_running_past_its_paragraph_widens_the_shown_region():
    lt = ORIGINAL.index("<b>")
    html = match_html(_match(lt, P4 + 3, [(lt, END3), (P4, P4 + 3)]), ORIGINAL, (P3, END3))
    current = html[html.index("ctx-current"):]
    assert '<mark class="hl-match">&lt;b&gt;。</mark>\n\n<mark class="hl-match">后一段</mark>' in current
    assert current.split(">", 1)[1].startswith("第一句。")  # from the start of the cited paragraph


def test_a_match_outside_indexed_text_shows_a_dash_and_only_itself():
    html = match_html(_match(0, 2, [(0, 2)], citation=""), ORIGINAL, None)
    assert '<code class="qa-cite">—</code>' in html and '<mark class="hl-match">标题</mark></div>' in html


def test_verdict_labels():
    assert verdict_label("exact") == ("原文照录 Exact quote", "qa-ok")
    assert verdict_label("not found")[1] == "qa-none"
    assert verdict_label("other") == ("other", "qa-info")
