"""`qa ask`: JSON lines, questions from standard input, a bad question as one line and a non-zero exit."""

from __future__ import annotations

import json

from app.cli import main


def test_cli_json_and_stdin(seed_index, capsys, monkeypatch):
    import io

    assert main(["ask", "段路明院士创办了哪家量子公司?", "--json", "--index", str(seed_index), "-k", "2"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert len(obj["passages"]) == 2 and obj["lang"] == "zh"
    lines_in = "IonQ是从哪两所大学孵化出来的?\n\nHow many universities are members of QED-C?\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(lines_in.encode("utf-8"))))  # read as bytes
    assert main(["ask", "--json", "--index", str(seed_index)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["lang"] for x in lines] == ["zh", "en"]


def test_cli_bad_question_is_one_line_with_nonzero_exit(seed_index, capsys):
    assert main(["ask", "", "--index", str(seed_index)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "empty" in err
    assert main(["ask", "q", "-k", "0", "--index", str(seed_index)]) != 0
    assert "k must be between" in capsys.readouterr().err
