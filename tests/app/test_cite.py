"""`qa cite`: the cited part marked with its context and offsets, JSON and reference formats, one-line errors."""

from __future__ import annotations

import json
import re

import pytest

from app.cli import main


def test_cli_cite_marks_the_sentence(seed_index, capsys):
    assert main(["cite", "001：P24.S6", "--index", str(seed_index)]) == 0
    out = capsys.readouterr().out
    assert "[001:p24.s6]" in out and "001:p23" in out and "001:p25" in out
    assert re.search(r"»同时,美国\s*量子信息专利申请的主体.*?«", out)
    assert "characters 4995–5000, 5004–5073 of 001_a65c3c0023acbc18.txt" in out


def test_a_cited_table_is_shown_a_row_a_line_and_english_with_its_spaces():
    from app.commands.cite import mark

    text = "key | key binding\nF1 | help menu\nF10 | exit Midnight Commander\n"
    rows = [(0, 17), (18, 32), (33, 62)]
    assert mark(text, rows, rows[2:], "»", "«").splitlines() == [
        "key | key binding", "F1 | help menu", "»F10 | exit Midnight Commander«"]
    whole = mark(text, rows, rows, "»", "«")
    assert whole.startswith("»key") and whole.endswith("Commander«") and whole.count("»") == 1  # marked once
    # rows had been run together ("key | key bindingF1 | help menu"), as English sentences were ("invoke it.You")
    prose = "Then invoke it.\n\nYou can change it."
    assert mark(prose, [(0, 15), (17, 35)], [], "»", "«") == "Then invoke it. You can change it."


def test_a_row_of_a_long_table_is_shown_with_its_header_and_its_neighbours_not_the_whole_table():
    from types import SimpleNamespace

    from app.commands.cite import mark
    from qa.provenance.cite import ROWS_AROUND, rows_around

    lines = ["name | value"] + [f"row{i} | {i}" for i in range(1, 200)]
    text = "\n".join(lines)
    spans, pos = [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    table = SimpleNamespace(kind="table", spans=tuple(spans))
    runs = rows_around(table, [spans[100]])
    shown = "\n…\n".join(mark(text, run, [spans[100]], "»", "«") for run in runs).rstrip("\n").splitlines()
    assert shown[:2] == ["name | value", "…"] and shown[-1] == "…"
    assert "»row100 | 100«" in shown and len(shown) == 2 + 2 * ROWS_AROUND + 1 + 1
    assert rows_around(table, spans) == [spans]  # the whole table cited: all of it
    assert rows_around(SimpleNamespace(kind="body", spans=tuple(spans)), [spans[5]]) == [spans]


def test_cli_cite_json_and_formats(seed_index, capsys):
    assert main(["cite", "000:p5", "001:p19.s4", "--json", "--index", str(seed_index)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == ["000:p5", "001:p19.s4"]
    assert main(["cite", "000:p5", "--format", "csl-json", "--index", str(seed_index)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == "shen_000"
    assert main(["cite", "001", ":", "p24", "--index", str(seed_index)]) == 0  # typed with spaces, unquoted
    assert "[001:p24]" in capsys.readouterr().out


@pytest.mark.parametrize("bad, words", [("999:p1", "no document 999"), ("abc", "not a citation id"),
                                         ("001:p999", "001 has paragraphs p1–p")])
def test_cli_cite_errors_are_one_clear_line(seed_index, capsys, bad, words):
    assert main(["cite", bad, "--index", str(seed_index)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("qa: ") and words in err and err.count("\n") == 1
