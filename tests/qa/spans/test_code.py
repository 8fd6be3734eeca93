"""Commands, files and packages: the answers a manual gives, found by their typography."""

from __future__ import annotations

from qa.spans import answer_spans, best_span, question_type


def _best(sentence: str, question: str, terms=frozenset()) -> str:
    found = answer_spans(sentence, question_type(question), terms)
    return found[0].text if found else ""


def test_command_file_and_package_questions_ask_for_code():
    for q in ("单用户模式下用什么命令关机?", "APT 把自动安装的软件包记录在哪个文件里?", "哪个软件包提供 mkpasswd 命令?",
              "Which package ships the mkpasswd command?", "What's the command to make a symlink?"):
        assert question_type(q).kind == "code", q
    assert question_type("哪家公司成立最早?").kind == "org"  # not every 哪个 is code
    assert question_type("How many packages does main hold?").kind == "number"


def test_the_command_path_or_package_is_the_span():
    quoted = "在单用户模式下，可以使用 “poweroff -i -f” 关闭系统。"
    assert _best(quoted, "单用户模式下用什么命令关机?") == "poweroff -i -f"
    assert _best("APT 把自动安装的软件包记录在 /var/lib/apt/extended_states 中。", "APT 的记录在哪个文件里?") == \
        "/var/lib/apt/extended_states"
    assert _best("# deluser --remove-home fish", "用什么命令删除账号?") == "deluser --remove-home fish"
    assert _best("Use journalctl -b to read the log.", "Which command reads the log?") == "journalctl -b"


def test_the_name_the_question_spells_out_is_not_its_answer():
    question, terms = "哪个软件包提供 mkpasswd 命令?", {"mkpasswd", "软件包"}
    assert _best("mkpasswd 命令由 whois 软件包提供。", question, terms) == "whois"


def test_prose_holds_no_code():
    assert answer_spans("量子产业发展面临多重挑战。", question_type("用什么命令关机?")) == []
    assert answer_spans("The system starts in the usual way.", question_type("Which command starts it?")) == []


def test_where_in_a_manual_is_answered_by_a_path_and_not_by_the_one_the_question_names() -> None:
    sentence = 'Look for the old "/var/lib/dpkg/status" file at "/var/lib/dpkg/status-old" or "/var/backups/".'
    question = "My /var/lib/dpkg/status got corrupted. Where can I find an older copy?"
    found = best_span(sentence, question_type(question), {"var", "lib", "dpkg", "status", "older", "copy"})
    assert found is not None and found.text == "/var/lib/dpkg/status-old"
    # a place in prose is still found as a place
    assert best_span("该公司总部位于合肥高新区。", question_type("这家公司的总部设在哪里?")).text == "合肥高新区"


def test_a_question_for_a_key_gets_the_key_not_the_command_beside_it() -> None:
    sentence = "如果你处于 GUI 环境中，你可以通过 Ctrl-Alt-F3 键前往字符控制台 3，或者运行 chvt 3 命令。"
    question = "在图形界面下按什么组合键可以切换到第 3 个字符控制台?"
    assert best_span(sentence, question_type(question)).text == "Ctrl-Alt-F3"
    assert best_span("Press F10 to leave mc(1).", question_type("Which function key quits Midnight Commander?")).text \
        == "F10"
