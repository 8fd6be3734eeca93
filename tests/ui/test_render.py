"""Answer cards: marks placed by offsets (qa.markup), and every piece of text escaped."""

from __future__ import annotations

from index.summary import DocumentSummary, IndexSummary
from qa.records import Answer, Highlight, Passage
from ui.cards import answer_html, card_html, confidence_words
from ui.library import library_html
from ui.messages import FIND_HEADINGS, message_for
from ui.render import alert

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _passage(text: str, start: int = 100, highlights=(), rank: int = 1, title: str = "标题") -> Passage:
    return Passage(rank, "d.txt", title, "001:p3", start, start + len(text), 1.0, text, tuple(highlights), "ref")


def test_highlight_whose_offsets_disagree_with_its_text_is_dropped_not_searched():
    p = _passage(
        "甲乙丙丁", highlights=[Highlight(101, 103, "乙丙", "sentence"), Highlight(500, 502, "甲乙", "answer")]
    )
    html = card_html(p, None)
    assert '<mark class="hl-sentence">乙丙</mark>' in html
    assert "hl-answer" not in html  # its offsets point elsewhere: no guessed mark


def test_card_shows_rank_citation_reference_and_context_with_passage_marked():
    p = _passage("中句。", start=11, highlights=[Highlight(11, 14, "中句。", "sentence", "001:p3.s1")], rank=2)
    html = card_html(p, ((0, 5, "前一段。"), (8, 15, "段首，中句。尾"), (16, 20, "后一段。")))
    assert 'data-rank="2"' in html and "#2" in html and "001:p3" in html and "ref" in html
    assert "001:p3.s1" in html
    assert '<details class="qa-context">' in html
    assert '段首，<mark class="ctx-passage"><mark class="hl-sentence">中句。</mark></mark>尾' in html
    assert "前一段。" in html and "后一段。" in html


def test_user_and_source_text_is_escaped_everywhere():
    p = _passage(EVIL, highlights=[Highlight(100, 108, "<script>", "sentence", "001:p3.s1")], title=EVIL)
    answer = Answer(EVIL, "en", False, 0.1, (p,))
    html = answer_html(answer, 0.5, lambda _p: (None, (p.start, p.end, EVIL), None))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img" in html
    assert "<script" not in alert(EVIL) and "&lt;img" in alert(EVIL)


def test_unanswerable_is_said_plainly():
    answer = Answer("谁赢得了2022年世界杯?", "zh", False, 0.12, (_passage("无关。"),))
    html = answer_html(answer, 0.5, lambda _p: None)
    assert "文章中没有答案" in html and "do not answer this" in html
    assert 'data-answerable="false"' in html
    assert "0.12" in html and "低 low" in html
    assert "原文上下文不可用" in html  # no context: said, not a crash
    assert "qa-missing" not in html
    told = Answer("怎样用 xrandr 调整分辨率?", "zh", False, 0.12, (_passage("无关。"),), missing=("xrandr", "<b>"))
    html = answer_html(told, 0.5, lambda _p: None)
    assert "Not found in the articles: <q>xrandr</q>, <q>&lt;b&gt;</q>" in html and "文章中找不到" in html


def test_answerable_shows_the_answer_span_and_confidence_words():
    p = _passage(
        "发射了济南一号。",
        highlights=[
            Highlight(100, 108, "发射了济南一号。", "sentence", "001:p3.s2"),
            Highlight(103, 107, "济南一号", "answer"),
        ],
    )
    html = answer_html(Answer("卫星叫什么?", "zh", True, 0.93, (p,)), 0.5, lambda _p: None)
    assert "找到答案" in html and "答案 Answer: <strong>济南一号</strong>" in html
    assert '<strong class="hl-answer">济南一号</strong>' in html
    assert confidence_words(0.93, 0.5) == "高 high"
    assert confidence_words(0.6, 0.5) == "中 medium"
    assert confidence_words(0.2, 0.5) == "低 low"


def test_messages_are_bilingual_and_name_what_to_do():
    from qa.errors import BadCitation, BadQuestion, BadQuestionFile

    assert message_for(BadQuestion("the question is empty")).startswith("无法回答这个问题 Cannot ask this question: ")
    assert message_for(BadQuestionFile("x.csv looks binary")).startswith("无法读取问题文件")
    assert message_for(BadCitation("abc is not an id")).startswith("无效的引用编号")
    assert message_for(BadQuestion("empty"), FIND_HEADINGS).startswith("无法查找出处")


def test_library_lists_documents_escaped():
    info = IndexSummary(
        index="/x", model="m", dimension=8, built_at="now", build_seconds=1.5, faiss="flat", chunk_size=300,
        chunk_overlap=60, corpus="/c", chunks=2, bytes_on_disk=1000, stale_files=("a.txt",),
        documents=(DocumentSummary("001", "001.txt", EVIL, ("甲", "乙"), "", "", 3, 2),),
    )
    html = library_html(info)
    assert "<script>" not in html and "甲、乙" in html and 'data-doc="001"' in html
    assert "1.5 s" in html and "a.txt" in html
