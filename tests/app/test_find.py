"""`qa find`: one text or a file of them, as a table, CSV or JSONL; bad input as one line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from app.cli import main


@pytest.fixture
def claims_file(tmp_path):
    path = tmp_path / "claims.txt"
    path.write_text("济南一号\n\n。。。\nChina overtook the US in quantum patent filings in 2017.\n"
                    "我國已建成京滬幹線、武合幹線\n", encoding="utf-8")
    return path


def test_cli_find_file_csv(seed_index, claims_file, capsys):
    assert main(["find", "--file", str(claims_file), "--format", "csv", "--index", str(seed_index)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["line"] for r in rows] == ["1", "3", "4", "5"]
    assert [r["verdict"] for r in rows] == ["exact", "error", "supported", "exact"]
    assert rows[0]["citation"] == "001:p7.s4" and rows[3]["citation"] == "001:p7.s2"
    assert "only punctuation" in rows[1]["error"]


def test_cli_find_file_jsonl_to_out(seed_index, claims_file, tmp_path, capsys):
    out = tmp_path / "found.jsonl"
    assert main(["find", "--file", str(claims_file), "--out", str(out), "--index", str(seed_index)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4 and rows[2]["citation"] == "001:p19.s4"
    assert "wrote" in capsys.readouterr().err


def test_cli_find_one_text(seed_index, capsys):
    assert main(["find", "我國專利申請量2017年超過美國", "--json", "--index", str(seed_index)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == "exact" and d["matches"][0]["citation"] == "001:p19.s4"
    assert main(["find", "我国已建成京沪干线", "--index", str(seed_index)]) == 0
    out = capsys.readouterr().out
    assert "»我国已建成京沪干线«" in out and "[001:p7.s2]" in out


def test_cli_find_refuses_bad_input(seed_index, capsys):
    assert main(["find", "。。。", "--index", str(seed_index)]) == 1
    assert "only punctuation" in capsys.readouterr().err
    assert main(["find", "--index", str(seed_index)]) == 1
    assert "nothing to find" in capsys.readouterr().err
