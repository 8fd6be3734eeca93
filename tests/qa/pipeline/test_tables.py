"""A table's row answers: it is found with its table's column names and shown a row a line."""

from __future__ import annotations

from tests.conftest import assistant_over

MANUAL = (
    "3.3. 内核消息\n\n"
    "在控制台上显示的内核错误信息，能够通过设置他们的阈值水平来配置。\n\n"
    "错误级别值 | 错误级别名称 | 说明\n"
    "0 | KERN_EMERG | 系统不可用\n"
    "3 | KERN_ERR | 错误条件\n"
    "4 | KERN_WARNING | 警告条件\n\n"
    "3.4. 系统消息\n\n"
    "在 systemd 下，内核和系统的信息都通过日志服务来记录。\n"
)


def test_the_row_a_question_names_by_its_columns_is_the_answering_sentence(tmp_path, fake_embedder):
    a = assistant_over(tmp_path, fake_embedder, {"03_init.txt": MANUAL})
    # the row holds only "3" of the question; the column names 错误级别, 名称 are the header row's
    top = a.ask("内核错误级别 3 的名称是什么?", k=3).passages[0]
    sentence = next(h for h in top.highlights if h.kind == "sentence")
    assert sentence.text == "3 | KERN_ERR | 错误条件"
    assert top.clean_text.splitlines()[0] == "错误级别值 | 错误级别名称 | 说明"  # a row a line, as in the table
    assert "0 | KERN_EMERG | 系统不可用" in top.clean_text.splitlines()
