"""A command set apart after the sentence that introduces it is the answer, and the passage runs on to it."""

from __future__ import annotations

from index.build import build
from index.line_kinds import is_code_line, is_heading
from qa.pipeline.follow import code_like, follows, follows_paragraph
from tests.conftest import FakeEmbedder


def test_a_command_line_is_text_not_a_heading():
    for line in ("# poweroff -i -f", "journalctl -b", "$ sudo apt full-upgrade", "deluser --remove-home fish"):
        assert is_code_line(line) and not is_heading(line)
    for title in ("2.1.3. 持续升级的生活", "Chapter 2. Debian package management", "# 标题", "1.5.3 The -h flag"):
        assert is_heading(title) and not is_code_line(title)


def test_only_code_after_an_announcement_or_for_a_how_question_is_followed():
    intro = "在你练习完成后，你可以使用下面的命令删除这个用户账号。"
    assert follows("怎样删除这个账号?", intro, "# deluser --remove-home fish")
    assert follows("How do I read the log?", "The log is read with journalctl.", "journalctl -b")
    # prose or a list item after 如下 is not code: the announcing sentence keeps the answer
    listed = "1) 市场趋势和用例工作组的任务是识别市场趋势。"
    assert not follows("QuIC设有多少个工作组?", "这些小组的具体负责人及任务如下。", listed)
    assert not follows("谁是负责人?", "负责人是张三。", "# deluser --remove-home fish")  # neither announced nor how
    assert not code_like("不是。") and not code_like("No.")
    # an English sentence naming a path is prose, even when its full stop comes after a closing quote
    static = 'A static network configuration can be set up by creating "/etc/systemd/network/static.network".'
    assert not code_like(static) and not code_like(static + " E.g.:")
    assert not follows_paragraph("Which file do I create for a DHCP client?", "E.g.:", static + " E.g.:")


def _first_passage(tmp_path, guide: str, question: str):
    """The first passage for ``question`` over a corpus of one file, ``guide``; and the file's text."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "guide.txt").write_text(guide, encoding="utf-8")
    build(corpus, tmp_path / "index", embedder=FakeEmbedder())
    from qa.pipeline.assistant import Assistant

    a = Assistant.load(tmp_path / "index", embedder=FakeEmbedder(), check_corpus=False)
    return a.ask(question, k=1).passages[0], guide


def test_the_passage_shows_the_command_that_follows(tmp_path):
    p, text = _first_passage(
        tmp_path,
        "# 账号管理\n\n练习用的账号叫 fish。练习结束后，可以使用下面的命令删除这个用户账号和它的主目录。\n\n"
        "# deluser --remove-home fish\n\n# 其他\n\n系统时间由时钟同步服务维护。\n",
        "练习结束后怎样删除用户账号 fish 和主目录?")
    answer = [h for h in p.highlights if h.kind == "answer"]
    assert answer and answer[0].text == "# deluser --remove-home fish"
    assert p.text.endswith("# deluser --remove-home fish") and p.text.startswith("练习用的账号")
    assert text[p.start:p.end] == p.text and text[answer[0].start:answer[0].end] == answer[0].text


def test_a_setting_line_is_code_and_a_how_question_follows_a_paragraph_that_ends_announcing_it():
    assert code_like('APT::Acquire::http::Dl-Limit "800";')
    setting = 'APT::Acquire::http::Dl-Limit "800";'
    assert follows("怎样限制 APT 的下载速度?", "你应该像下面那样设置 APT 的配置参数。", setting)
    # an earlier sentence of the paragraph was chosen: the paragraph's last one must announce the block
    how = "How do I change the default editor?"
    assert follows_paragraph(how, "You can change it by the following.", "$ sudo update-alternatives --config editor")
    assert not follows_paragraph(how, "Other programs can invoke it.", "$ sudo update-alternatives --config editor")
    assert not follows_paragraph("Which editor is the default?", "You can change it by the following.",
                                 "$ sudo update-alternatives --config editor")


def test_the_command_after_a_paragraph_that_announces_it_is_the_answer(tmp_path):
    p, _ = _first_passage(
        tmp_path,
        "Editors\n\nDebian provides the default editor through the command /usr/bin/editor so that other "
        "programs can start it. You can change it by the following.\n\n$ sudo update-alternatives --config editor"
        "\n\nTime\n\nThe clock is kept right by a time service.\n",
        "How do I change the default editor that other programs start?")
    answer = [h for h in p.highlights if h.kind == "answer"]
    assert answer and answer[0].text.endswith("update-alternatives --config editor")
    assert p.text.endswith("$ sudo update-alternatives --config editor")
