"""Cleaning decides which characters are indexed and never moves them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from index.chunk import chunk_document, has_header
from index.clean import paragraphs, span_text
from index.sentences import sentences
from tests.conftest import SEEDS


def _seed_texts():
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def check_invariants(text: str, size: int = 300, overlap: int = 60) -> None:
    paras = paragraphs(text, "d")
    assert [p.number for p in paras] == list(range(1, len(paras) + 1))
    last = 0
    for s, e in sorted(sp for p in paras for sp in p.spans):
        assert 0 <= last <= s < e <= len(text), "spans lie inside the text and never overlap"
        assert text[s:e] == text[s:e].strip(" \t\r\n\u3000\u00a0"), "a span never starts or ends in blank"
        last = e
    for p in paras:
        assert list(p.spans) == sorted(p.spans), "a paragraph's pieces are in reading order"
    for p in paras:
        joined = "".join(st_.spans and span_text(text, st_.spans) for st_ in sentences(text, p))
        assert "".join(joined.split()) == "".join(span_text(text, p.spans).split())
    for c in chunk_document(text, paras, size, overlap):
        assert text[c.start : c.end] == c.text
        rows = [text[s:e] for s, e in c.spans]
        assert c.clean == ("\n".join(rows) if c.clean.count("\n") else span_text(text, c.spans))
        assert all(c.start <= s < e <= c.end for s, e in c.spans)


def test_every_chunk_of_every_seed_points_at_its_original_text():
    for name, text in _seed_texts().items():
        check_invariants(text)
        check_invariants(text, size=80, overlap=20)


def test_paragraph_broken_by_layout_is_joined_and_caption_kept():
    text = _seed_texts()["000_99709ec6112ad673.txt"]
    paras = paragraphs(text, "000")
    joined = [span_text(text, p.spans) for p in paras]
    assert any("其发展既有赖于" in j for j in joined), "其发 / 展既有赖于 read as one paragraph"
    assert any("世界第一方展。但整体来看" in j for j in joined), "the half after a photo caption is joined too"
    assert any(j.startswith("图为中国科学院—阿里巴巴量子计算实验室") for j in joined), "the caption stays, answerable"
    assert any("钢铁工业碳排放约占全国碳排放总量的16%" in j for j in joined), "other articles in the file stay"


def test_web_debris_is_not_indexed():
    texts = _seed_texts()
    indexed = {name: "".join(span_text(t, p.spans) for p in paragraphs(t, "x")) for name, t in texts.items()}
    assert "0898-08980898" not in indexed["001_a65c3c0023acbc18.txt"], "phone numbers dropped"
    assert "扫一扫" not in indexed["001_a65c3c0023acbc18.txt"], "QR-code lines dropped"
    assert "admin@whenbot" not in indexed["001_a65c3c0023acbc18.txt"], "link lists after 友情链接 dropped"
    assert "星座命理" not in indexed["002_cbd0f7ac5fa4a03a.txt"], "navigation menus dropped"
    assert "登录后可以发言" not in indexed["003_d9fd685520b31bc1.txt"], "comment boxes dropped"
    assert "热点视频" not in indexed["003_d9fd685520b31bc1.txt"], "recommended lists dropped"
    assert "中关村量子科技孵化器总经理顾成建" in indexed["003_d9fd685520b31bc1.txt"], "the article itself stays"


def test_sentences_split_on_chinese_and_ascii_punctuation():
    text = "第一句。第二句！Third one? 第四句；第五句 1.2亿美元 Fig.1 不断开"
    para = paragraphs(text, "d")[0]
    got = [span_text(text, s.spans) for s in sentences(text, para)]
    assert got == ["第一句。", "第二句！", "Third one?", "第四句；", "第五句 1.2亿美元 Fig.1 不断开"]


_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
_alphabet = st.one_of(_cjk, st.sampled_from(list("。！？；，、 \n\n\t\u3000abcXYZ0123456789.:：()（）《》-•*")))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_alphabet, max_size=400), st.integers(20, 200), st.integers(0, 19))
def test_offset_invariant_holds_on_random_text(text, size, overlap):
    check_invariants(text, size, overlap)


ENGLISH = (
    "Chapter 1. GNU/Linux tutorials\n\n"
    "I think learning a computer system is like learning a new foreign language. Although tutorial books and\n"
    "documentation are helpful, you have to practice it yourself, and this chapter helps you get started\n\n"
    "Each user of the system has an account with a name and a password, and files owned by that account\n\n"
    "and the packages it installs are kept apart from those of the other users of the same machine.\n\n"
    "1.1. Console basics\n\n"
    "The shell prompt is where you type the commands that the system runs for you, one line at a time\n\n"
    "Debian keeps the system configuration under /etc, and the logs of the services it runs under /var/log\n\n"
    "$ sudo apt-get update\n"
)


def test_english_paragraphs_split_on_blank_lines_and_a_chapter_title_stays_apart():
    paras = paragraphs(ENGLISH, "en")
    texts = [span_text(ENGLISH, p.spans) for p in paras]
    assert texts[0] == "Chapter 1. GNU/Linux tutorials", "the chapter title is not glued to its first paragraph"
    assert texts[1].startswith("I think learning") and texts[1].endswith("get started"), "a line break is mended"
    assert "1.1. Console basics" in texts
    assert any(t.startswith("Each user") and t.endswith("same machine.") for t in texts), (
        "a sentence going on in lower case over a blank line is still one paragraph")
    assert not any("one line at a time" in t and "Debian keeps" in t for t in texts), "a blank line ends a paragraph"
    assert not any("/var/log" in t and "sudo" in t for t in texts), "a command line is not the end of the prose"
    check_invariants(ENGLISH)
    check_invariants(ENGLISH, size=80, overlap=20)


def test_chinese_broken_lines_still_join_beside_numbers_and_latin_words():
    text = (
        "量子计算的产业化进程正在加快，各国政府与企业在硬件、软件和应用三个方向上同时投入，其发\n\n"
        "展既有赖于基础研究的突破，也有赖于产业链上下游的协同与人才培养，这一点已成为业内共识。\n\n"
        "据统计，截至2018\n\n"
        "年底，全球已有超过一百家企业与研究机构参与量子计算的研发工作，其中包括IBM、谷歌等公司。\n"
    )
    texts = [span_text(text, p.spans) for p in paragraphs(text, "zh")]
    assert any("其发展既有赖于" in t for t in texts), texts
    assert any("截至2018年底" in t for t in texts), texts
    check_invariants(text)


def test_a_short_sentence_or_a_setting_is_text_that_can_be_cited_not_a_heading():
    text = (
        "1.2.3. Restoring the package state\n\n"
        "Answer all questions.\n\n"
        "The old file is kept as a backup by the package manager, so nothing is lost.\n\n"
        "ListenStream=22\n\n"
        "它和 Apple Bonjour 相当.\n\n"
        "网络设置\n\n"
        "这一节说明如何配置网络接口，以及怎样检查它们是否已经正常工作。\n"
    )
    kinds = {span_text(text, p.spans): p.kind for p in paragraphs(text, "en")}
    assert kinds["1.2.3. Restoring the package state"] == "heading"
    assert kinds["网络设置"] == "heading"
    for line in ("Answer all questions.", "ListenStream=22", "它和 Apple Bonjour 相当."):
        assert kinds[line] == "body", line
    check_invariants(text)


def test_a_numbered_question_titles_its_answer():
    # a manual's FAQ: "2.7.11. 上传软件包的是谁？" was read as a paragraph of its own, which matched the
    # question word for word and ranked above the paragraph under it that answers (who-uploads)
    text = (
        "2.7.11. 上传软件包的是谁？\n\n"
        "devscripts 软件包中的 who-uploads(1) 可以识别 Debian 源软件包的实际上传者。\n\n"
        "2.7.12. Who uploaded the package?\n\n"
        "The who-uploads(1) command in the devscripts package identifies the actual uploader.\n\n"
        "你知道吗？\n\n"
        "这一节说明如何配置网络接口。\n"
    )
    kinds = {span_text(text, p.spans): p.kind for p in paragraphs(text, "zh")}
    assert kinds["2.7.11. 上传软件包的是谁？"] == kinds["2.7.12. Who uploaded the package?"] == "heading"
    assert kinds["你知道吗？"] == "body"  # a question without a section number stays a sentence
    check_invariants(text)


def test_a_period_after_an_abbreviation_does_not_end_an_english_sentence():
    from index.sentences import split_offsets

    text = ("Use a pager, e.g. less(1). See Fig. 2 and Dr. Smith's notes. Logs, files, etc. are kept. "
            "It ends, etc. Next.")
    assert [text[s:e] for s, e in split_offsets(text)] == [
        "Use a pager, e.g. less(1).", "See Fig. 2 and Dr. Smith's notes.", "Logs, files, etc. are kept.",
        "It ends, etc.", "Next."]


def test_a_sentence_that_is_only_a_parenthesis_belongs_to_the_one_before():
    from index.sentences import split_offsets

    text = 'Some wonder about it. "Debian will remain 100% free". (First term of Debian Social Contract)'
    assert [text[s:e] for s, e in split_offsets(text)] == [
        "Some wonder about it.", '"Debian will remain 100% free". (First term of Debian Social Contract)']


def _kinds(text: str, paras) -> list[tuple[str, list[str]]]:
    return [(p.kind, [text[s:e] for s, e in p.spans]) for p in paras]


def test_a_table_is_one_paragraph_whose_rows_are_its_sentences_and_never_headings():
    # Debian Reference's tables, as the HTML reader writes them (a row a line, cells split by " | "): a short
    # row had been taken for a heading, so "/var/log/dpkg.log | dpkg 级的软件包活动日志" could not be found
    # or cited, and its words went to every chunk under it
    text = (
        "2.2.9. 软件包活动日志\n\n"
        "你可以在日志文件里查询到软件包活动历史。\n\n"
        "文件 | 内容\n"
        "/var/log/dpkg.log | dpkg 级的软件包活动日志\n"
        "/var/log/apt/term.log | 通用 APT 活动日志\n\n"
        "a | b\n"
        "c | d\n"
    )
    table = ["文件 | 内容", "/var/log/dpkg.log | dpkg 级的软件包活动日志", "/var/log/apt/term.log | 通用 APT 活动日志"]
    paras = paragraphs(text, "zh")
    assert _kinds(text, paras) == [
        ("heading", ["2.2.9. 软件包活动日志"]),
        ("body", ["你可以在日志文件里查询到软件包活动历史。"]),
        ("table", table),
        ("table", ["a | b", "c | d"]),  # a blank line ends a table; short rows are not a menu to drop
    ]
    rows = [span_text(text, st_.spans) for st_ in sentences(text, paras[2])]
    assert rows == table
    assert has_header(paras[2], sentences(text, paras[2]))
    chunks = chunk_document(text, paras)
    assert chunks[1].heading == "2.2.9. 软件包活动日志"
    assert chunks[1].clean.splitlines() == rows  # shown and embedded a row a line, not run together
    check_invariants(text)


def test_a_markdown_table_is_one_table_its_rule_no_heading():
    # the rule under a Markdown table's header (|---|---|) had been read as a heading, cutting the table in two
    text = ("# 软件包日志\n\n你可以在日志文件里查询到软件包活动历史。\n\n| 文件 | 内容 |\n|---|:---:|\n"
            "| /var/log/dpkg.log | dpkg 级的软件包活动日志 |\n| /var/log/apt/term.log | 通用 APT 活动日志 |\n\n"
            "后面的段落。\n")
    paras = paragraphs(text, "md")
    assert [(kind, len(pieces)) for kind, pieces in _kinds(text, paras)] == [
        ("heading", 1), ("body", 1), ("table", 3), ("body", 1)]  # three rows: the rule is none of them
    assert _kinds(text, paras)[2][1][0] == "| 文件 | 内容 |" and has_header(paras[2], sentences(text, paras[2]))
    check_invariants(text)


def test_a_caption_above_a_table_titles_its_chunks():
    # "Table 2.7. Notable command options for aptitude(8)" ranked first for "which aptitude option simulates",
    # while the rows, that answer, knew nothing of aptitude
    text = ("2.2. Basic package management\n\nSome text about aptitude comes first here.\n\n"
            "Table 2.7. Notable command options for aptitude(8)\n\n"
            "command option | effect\n-s | simulate the result of the command\n\nAfter the table, more text.\n")
    paras = paragraphs(text, "en")
    assert [p.kind for p in paras] == ["heading", "body", "caption", "table", "body"]
    headings = {c.clean.split("\n")[0]: c.heading for c in chunk_document(text, paras)}
    assert headings["command option | effect"] == "2.2. Basic package management Table 2.7. Notable command options " \
                                                 "for aptitude(8)"
    assert headings["After the table, more text."] == "2.2. Basic package management"
    check_invariants(text)


def test_a_table_row_of_prose_is_split_into_its_sentences_and_is_no_header():
    # a Word document laid out in a table: a cell holds a paragraph, whose sentences must stay sentences
    text = "第一步 | 打开设置。选择网络。\n第二步 | 输入密码。保存设置。\n"
    para = paragraphs(text, "zh")[0]
    found = [span_text(text, st_.spans) for st_ in sentences(text, para)]
    assert para.kind == "table"
    assert found == ["第一步 | 打开设置。", "选择网络。", "第二步 | 输入密码。", "保存设置。"]
    assert not has_header(para, sentences(text, para))
    check_invariants(text)


def test_an_example_file_and_a_repeated_table_header_are_text_not_debris():
    # Debian Reference's systemd-networkd examples: four short lines had been dropped as a menu, and the second
    # example's repeated lines and the second table's header as repeated page furniture, so the file a question
    # asks about could not be shown, and the sentence after "E.g.:" was taken for what follows it
    text = (
        "A DHCP client configuration can be set up by creating \"/etc/systemd/network/dhcp.network\". E.g.:\n\n"
        "[Match]\nName=en*\n[Network]\nDHCP=yes\n\n"
        "A static network configuration can be set up by creating \"/etc/systemd/network/static.network\". E.g.:\n\n"
        "[Match]\nName=en*\n[Network]\nAddress=192.168.0.15/24\n\n"
        "package | popcon | size | description\nbash | V:821 | 7163 | the GNU Bourne Again SHell\n\n"
        "package | popcon | size | description\ndash | V:894 | 191 | Debian Almquist Shell\n\n"
        "首页\n新闻\n体育\n\n首页\n"
    )
    paras = paragraphs(text, "en")
    shown = [span_text(text, p.spans) for p in paras]
    assert shown.count("[Match]") == 2 and shown.count("Name=en*") == 2 and "DHCP=yes" in shown
    assert all(p.kind != "heading" for p in paras if span_text(text, p.spans) in ("[Match]", "[Network]"))
    tables = [p for p in paras if p.kind == "table"]
    assert [text[s:e] for s, e in tables[1].spans][0] == "package | popcon | size | description"
    assert not any(s in ("首页", "新闻", "体育") for s in shown)  # a web menu is still dropped
    check_invariants(text)
