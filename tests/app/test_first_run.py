"""The default index belongs to the bundled corpus: built on first use, and refused when built from elsewhere."""

from __future__ import annotations

import pytest

from app.cli import main
from index import store
from tests.conftest import ROOT, SEEDS


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv("QA_INDEX_DIR", raising=False)


def test_the_default_index_lives_beside_the_bundled_articles(no_env):
    assert store.default_corpus_dir() == SEEDS
    assert store.default_index_dir() == ROOT / ".index"
    assert ".index/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_qa_index_dir_still_chooses_the_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("QA_INDEX_DIR", str(tmp_path / "mine"))
    assert store.default_index_dir() == tmp_path / "mine"


def test_a_checkout_that_cannot_be_written_keeps_it_in_a_folder_keyed_by_its_corpus(no_env, monkeypatch, tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "seeds").mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(store.os, "access", lambda path, mode: False)
    found = []
    for name in ("a", "b"):
        monkeypatch.setattr(store, "default_corpus_dir", lambda name=name: tmp_path / name / "seeds")
        found.append(store.default_index_dir())
    assert all(f.parent == tmp_path / "data" / "zh-source-qa" for f in found) and found[0] != found[1]


def _built_elsewhere(tmp_path, small_corpus, fake_embedder):
    from index.build import build

    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    return tmp_path / "idx"


@pytest.mark.parametrize("command", [["ask", "量子计算机有多少个量子比特?"], ["find", "京沪干线"], ["cite", "001:p1"]])
def test_a_default_index_built_from_another_corpus_is_refused(no_env, monkeypatch, tmp_path, small_corpus,
                                                             fake_embedder, capsys, command):  # fmt: skip
    idx = _built_elsewhere(tmp_path, small_corpus, fake_embedder)
    monkeypatch.setattr(store, "bundled_index_dir", lambda: idx)  # as if another checkout's index were ours
    assert main([*command, "--no-server"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(idx) in err and str(small_corpus) in err and str(SEEDS) in err
    assert "`qa build`" in err and "语料" in err
    if command[0] == "cite":  # named with --index, the same index is used as it is
        assert main([*command, "--no-server", "--index", str(idx)]) == 0
        assert "[001:p1]" in capsys.readouterr().out


def test_building_another_corpus_into_the_default_index_is_refused(no_env, monkeypatch, tmp_path, small_corpus, capsys):
    monkeypatch.setattr(store, "bundled_index_dir", lambda: tmp_path / "default")
    assert main(["build", "--corpus", str(small_corpus), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path / "default") in err and str(small_corpus) in err and "--index" in err
    assert not (tmp_path / "default").exists()


def test_the_first_qa_ask_builds_the_bundled_index_and_says_so(no_env, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(store, "bundled_index_dir", lambda: tmp_path / "fresh")
    calls = []

    def build(corpus, index, model, quiet, chunk_size=None, overlap=None):
        calls.append((corpus, index, model))
        raise KeyboardInterrupt  # stop here: the real build is the integration tests' (seed_index)

    monkeypatch.setattr("app.commands.common.run_build", build)
    assert main(["ask", "段路明院士创办了哪家量子公司?", "--no-server"]) == 130
    err = capsys.readouterr().err
    assert calls == [(None, tmp_path / "fresh", None)]  # the bundled corpus, into the default folder
    assert "no index at" in err and str(tmp_path / "fresh") in err and str(SEEDS) in err and "首次" in err


def test_every_build_the_app_runs_is_calibrated(tmp_path):
    # the first run's build of the bundled articles and a library's first build go through run_build as
    # `qa build` does; each used to publish without calibration.json, so answered from the TOML's 0.6
    from app.commands.common import run_build
    from qa.pipeline import calibrate

    got = {}

    class Engine:
        def build(self, corpus, **options):
            got.update(options)
            return "built"

    assert run_build(None, tmp_path / "index", None, quiet=True, engine=Engine()) == "built"
    assert got["finish"] is calibrate.finish
