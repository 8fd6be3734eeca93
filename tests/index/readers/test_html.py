"""A saved news page reads as its article: navigation, link lists, comments, footer and scripts dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lhtml

from index.readers import NoText, read_document
from index.readers.html import _from_rules, read_bytes

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "seeds" / "003_d9fd685520b31bc1.txt"
FURNITURE = ("首页", "要闻", "为你推荐", "时报热榜", "网友评论", "登录后可以发言", "写得很好", "申请入驻", "ICP备",
             "版权所有", "关于我们", "分享到", "微博", "gtag", "搜索", "半导体设备国产化率")


def seed_paragraphs(n: int = 34) -> list[str]:
    paras = [p.strip() for p in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8")) if p.strip()]
    return paras[1:n]


@pytest.fixture(scope="module")
def page(docs):
    return read_document(docs / "page.html")


def test_main_content_is_every_paragraph_of_the_article_in_order(page):
    paragraphs = page.text.split("\n\n")
    expected = seed_paragraphs()
    assert [p for p in paragraphs if p in expected] == expected
    assert paragraphs[0] == "北京海淀发力量子信息产业 争夺量子产业第一城"  # the <h1>
    assert "后起之秀海淀的优势" in paragraphs  # a heading is its own paragraph


def test_navigation_comments_footer_and_scripts_are_dropped(page):
    for word in FURNITURE:
        assert word not in page.text, word


def test_title_is_the_h1_not_the_site_suffixed_title(page):
    assert page.title == "北京海淀发力量子信息产业 争夺量子产业第一城"
    assert page.format == "html" and page.encoding == "utf-8"


def test_own_rules_also_drop_the_furniture(docs):
    """The fallback when trafilatura finds nothing: lxml and our rules."""
    tree = lhtml.document_fromstring((docs / "page.html").read_text(encoding="utf-8"))
    paragraphs = [p for p, _ in _from_rules(tree)]
    text = "\n\n".join(paragraphs)
    for p in seed_paragraphs():
        assert p in paragraphs
    for word in FURNITURE:
        assert word not in text, word


def test_declared_gbk_charset_and_title_without_h1(tmp_path):
    markup = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
              "<title>量子科技产业发展报告 - 新华网</title></head><body>"
              + "".join(f"<p>{p}</p>" for p in seed_paragraphs(8)) + "</body></html>")
    doc = read_bytes(markup.encode("gbk"), tmp_path / "x.htm")
    assert doc.encoding == "gb18030"
    assert doc.title == "量子科技产业发展报告"
    assert seed_paragraphs(8)[3] in doc.text


def test_xhtml_with_xml_declaration(tmp_path):
    f = tmp_path / "a.xhtml"
    body = "".join(f"<p>{p}</p>" for p in seed_paragraphs(6))
    f.write_text('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                 f"<head><title>海淀量子</title></head><body><h1>海淀量子</h1>{body}</body></html>",
                 encoding="utf-8")
    doc = read_document(f)
    assert doc.title == "海淀量子" and seed_paragraphs(6)[2] in doc.text


def test_page_without_text_is_refused(tmp_path):
    f = tmp_path / "empty.html"
    f.write_text("<html><head><script>var a=1;</script></head><body><nav><a href='/'>首页</a></nav></body></html>")
    with pytest.raises(NoText):
        read_document(f)
