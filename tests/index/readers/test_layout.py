"""The pure layout steps on made-up pages: lines, reading order, furniture, paragraphs."""

from __future__ import annotations

import pytest

from index.readers.pdf.furniture import drop_furniture, is_page_number
from index.readers.pdf.lines import Char, Line, build_lines, join_char
from index.readers.pdf.order import reading_order
from index.readers.pdf.paragraphs import PageLayout, assemble

H = 10.0  # line height


def chars(text: str, x: float, y: float, w: float = H, gap: float = 0.0) -> list[Char]:
    out = []
    for c in text:
        if c == " ":
            x += 0.25 * H  # a space: a quarter of an em
            continue
        out.append(Char(c, x, y, x + w, y + H))
        x += w + gap
    return out


def line(text: str, x0: float, y0: float, width: float | None = None) -> Line:
    return Line(text, x0, y0, x0 + (width if width is not None else len(text) * H), y0 + H, H)


@pytest.mark.parametrize("a, b, sep", [
    ("量子科技的发", "展既有赖于", ""),
    ("of quantum", "technology", " "),
    ("Industry-", "university", ""),
    ("科研机构", "and 产业资本", ""),
    ("“北京科研院所的力量比较强,", "未来会有”", ""),
    ("reported in 2018", "年美国", ""),
])
def test_join_char(a, b, sep):
    assert join_char(a, b) == sep


def test_build_lines_spaces_latin_gaps_but_not_spread_chinese():
    latin = chars("quantum technology", 0, 0, w=5)
    spread = chars("立了中大西洋", 0, 30, gap=4)  # justified Chinese: wide gaps, no spaces
    lines = build_lines(latin + spread)
    assert [ln.text for ln in lines] == ["quantum technology", "立了中大西洋"]


def test_build_lines_breaks_at_a_column_gutter_in_drawing_order():
    row = chars("左栏文字", 0, 0) + chars("右栏文字", 4 * H + 3.5 * H, 0)
    assert [ln.text for ln in build_lines(row)] == ["左栏文字", "右栏文字"]


def two_column_page() -> list[Line]:
    title = [line("标题横跨两栏的一行文字标题横跨两栏", 40, 20, 500)]
    left = [line(f"左{i}" + "文" * 20, 40, 60 + i * 15, 240) for i in range(10)]
    right = [line(f"右{i}" + "文" * 20, 300, 64 + i * 15, 240) for i in range(8)]  # baselines offset
    caption = [line("图1 跨栏的图注", 200, 230, 150)]
    bottom_left = [line(f"下左{i}" + "文" * 20, 40, 260 + i * 15, 240) for i in range(3)]
    bottom_right = [line(f"下右{i}" + "文" * 20, 300, 260 + i * 15, 240) for i in range(3)]
    return title + right + left + caption + bottom_right + bottom_left  # drawn in a scrambled order


def test_reading_order_full_width_then_columns_then_full_width_then_columns():
    flows = reading_order(two_column_page())
    texts = [ln.text[:3] for f in flows for ln in f.lines]
    expected = (["标题横"] + [f"左{i}文" for i in range(10)] + [f"右{i}文" for i in range(8)] + ["图1 "]
                + [f"下左{i}" for i in range(3)] + [f"下右{i}" for i in range(3)])
    assert texts == expected


def test_headers_footers_and_page_numbers_across_pages():
    pages, heights = [], []
    for n in range(1, 5):
        body = [line("正文" * 10 + str(n), 40, 100 + i * 15, 400) for i in range(5)]
        head = line(f"{630 + n} 世界科技研究与发展" if n % 2 else "世界科技研究与发展 第44卷", 40, 20, 300)
        foot = line(f"— {n} —", 280, 800, 40)
        pages.append([head, *body, foot])
        heights.append(842)
    kept, dropped = drop_furniture(pages, heights)
    assert dropped == 8
    assert all(len(p) == 5 and all(ln.text.startswith("正文") for ln in p) for p in kept)


@pytest.mark.parametrize("text", ["12", "- 3 -", "第 5 页", "第5页 共12页", "Page 3 of 9", "xii", "7 / 20", "— 8 —"])
def test_page_numbers(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2018年", "表1", "图 3 结构", "Page layout"])
def test_not_page_numbers(text):
    assert not is_page_number(text)


def test_paragraphs_continue_across_columns_and_pages_and_boxes_slice_the_text():
    col = 240
    page1 = [line("量子科技属于战略性、基础性的前沿科技领域，对人类进", 60, 100, col - 20),
             line("步、国家安全、技术革命意义重大，随着量子科技进入深化", 40, 115, col),
             line("发展。", 40, 130, 30),
             line("产学研代表的是市场机构、教育机构、科研机构三类机构在", 60, 145, col - 20),
             line("功能上的协同配合、在资源上的集成优化，当前产学研合作", 40, 160, col)]
    page2 = [line("形式已经从传统的合作研究逐渐进阶为战略联盟。", 40, 100, col - 60)]
    layouts = [PageLayout(n, 595, 842, tuple(reading_order(p))) for n, p in ((1, page1), (2, page2))]
    text, pages, _ = assemble(layouts)
    paras = text.split("\n\n")
    assert len(paras) == 2
    assert paras[0].endswith("随着量子科技进入深化发展。")
    assert "当前产学研合作形式已经从传统的合作研究" in paras[1]  # joined across the page break, no space
    for page in pages:
        for b in page.boxes:
            assert text[b.start:b.end] in {ln.text for ln in page1 + page2}
    assert pages[1].start == text.index("形式已经")


def test_empty_or_garbage_text_layer_goes_to_ocr():
    from index.readers.pdf.chars import needs_ocr

    assert not needs_ocr(chars("量子科技属于战略性、基础性的前沿科技领域", 0, 0))
    assert needs_ocr(chars("图1", 0, 0))  # (almost) nothing: a scan with a stray caption
    garbage = chars("\ue001\ue002\ue003\ue004\ufffd\ufffd\x01\x02" * 3 + "量子", 0, 0)
    assert needs_ocr(garbage)


def test_a_line_drawn_without_spaces_in_a_file_that_draws_them_takes_its_gaps_as_spaces():
    # Chromium draws a bold heading's words without space characters, the body's with them
    heading = chars("Can unused leave", 0, 0, w=6.0)
    body = [*chars("Yes.", 0, 20, w=6.0), Char(" ", 24, 20, 26.5, 30), *chars("Leave", 26.5, 20, w=6.0)]
    spread = chars("请假常见问题", 0, 40, gap=3.0)  # spread Chinese: a gap, no space
    lines = build_lines(heading + body + spread, gap_spaces=False)
    assert [ln.text for ln in lines] == ["Can unused leave", "Yes. Leave", "请假常见问题"]


def test_a_short_line_printed_large_marks_a_heading_and_a_large_sentence_does_not():
    from index.readers.pdf.order import Flow

    big = 1.4 * H

    def tall(text: str, y: float) -> Line:
        return Line(text, 0, y, len(text) * big, y + big, big)

    rows = [tall("病假期间可以出国旅游吗？", 0), line("不可以。病假期间员工应当遵医嘱休息。", 0, 30),
            tall("这是放大排版的导语。", 60), line("正文从这里开始，写满一行又一行的文字。", 0, 90),
            line("第二段正文，也写满一行。", 0, 120), line("第三段正文，同样写满。", 0, 150)]
    text, _, headings = assemble([PageLayout(1, 595, 842, (Flow(tuple(rows)),))])
    assert [text[h:].split("\n")[0] for h in headings] == ["病假期间可以出国旅游吗？"]
