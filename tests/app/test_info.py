"""`qa info`: what an index holds, the same record the app's Library tab shows."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from index.build import build
from index.load import open_index
from index.summary import read_summary, summarize
from qa.settings import load_settings


@pytest.fixture
def small_index(small_corpus, fake_embedder, tmp_path):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    return tmp_path / "idx"


def test_json_is_the_summary_of_the_opened_index(small_index, capsys):
    assert main(["info", "--json", "--index", str(small_index)]) == 0
    printed = json.loads(capsys.readouterr().out)
    opened = summarize(open_index(small_index))
    assert {k: printed[k] for k in opened.to_dict()} == opened.to_dict() == read_summary(small_index).to_dict()
    assert printed["engine"] == "faiss" and printed["format"] == {"index": 4}
    toml = load_settings().answerable_threshold  # no calibration: the TOML's threshold
    assert printed["calibration"] is None and printed["answerable_from"] == {"zh": toml, "en": toml}
    assert [d["key"] for d in printed["documents"]] == ["001", "002", "003"]
    assert printed["model"] == "fake-bigram-64" and printed["stale_files"] == []
    assert sum(d["chunks"] for d in printed["documents"]) == printed["chunks"] > 0
    assert printed["documents"][0]["authors"] == ["王五"] and printed["bytes_on_disk"] > 0


def test_text_names_the_documents_and_a_changed_corpus(small_index, small_corpus, capsys):
    (small_corpus / "003_gamma.md").write_text("# 改了\n\n新的内容。\n", encoding="utf-8")
    assert main(["info", "--index", str(small_index)]) == 0
    out = capsys.readouterr().out
    assert "fake-bigram-64 (64 dims)" in out and "量子计算新进展 — 王五" in out
    assert "changed since: 003_gamma.md" in out


def test_no_index_is_one_line_saying_what_to_run(tmp_path, capsys):
    assert main(["info", "--index", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "qa build" in err


def test_an_index_calibrated_under_other_coefficients_is_named_once_on_stderr(small_corpus, fake_embedder,
                                                                               tmp_path, capsys):
    # answers then come from the TOML's line: the user is told why, and what brings the build's own back
    from app.commands.common import noted
    from qa.pipeline import calibrate
    from qa.pipeline.assistant import Assistant
    from tests.conftest import calibrated_elsewhere

    folder = tmp_path / "idx"
    build(small_corpus, folder, embedder=fake_embedder, finish=lambda f: calibrate.finish(f, fake_embedder))
    fresh = noted(Assistant.load(folder, embedder=fake_embedder, check_corpus=False))
    assert not fresh.calibration_stale and capsys.readouterr().err == ""
    calibrated_elsewhere(folder)
    older = noted(Assistant.load(folder, embedder=fake_embedder, check_corpus=False))
    err = capsys.readouterr().err
    assert older.calibration_stale and older.calibration is None
    assert "other confidence coefficients" in err and "qa build" in err and err.count("\n") == 1
    assert main(["info", "--index", str(folder)]) == 0
    assert "calibrated under other confidence coefficients" in capsys.readouterr().out
