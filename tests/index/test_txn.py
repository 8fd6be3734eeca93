from __future__ import annotations

import os

import pytest

from index import store, txn
from index.errors import IndexLocked


def test_a_second_build_lock_is_refused_at_once(tmp_path):
    with txn.build_lock(tmp_path):
        with pytest.raises(IndexLocked) as err:
            with txn.build_lock(tmp_path):
                pass
        assert err.value.reason == "busy" and err.value.index_dir == tmp_path
    with txn.build_lock(tmp_path):  # released: the next build may take it
        pass
    assert (tmp_path / ".lock").is_file()


def test_a_lock_path_that_is_a_folder_is_reported(tmp_path):
    (tmp_path / ".lock").mkdir()
    with pytest.raises(txn.LockUnusable) as err:
        with txn.build_lock(tmp_path):
            pass
    assert isinstance(err.value, IndexLocked) and err.value.path == tmp_path / ".lock"
    assert str(tmp_path / ".lock") in str(err.value)


def test_switch_publish_and_prune(tmp_path):
    builds = tmp_path / "builds"
    builds.mkdir()
    old, tmp = builds / "1", builds / f"{txn.TMP_PREFIX}2"
    for folder in (old, tmp):
        folder.mkdir()
        (folder / "meta.json").write_text(folder.name, encoding="utf-8")
    txn.switch(tmp_path, old)
    txn.fsync_files(tmp, ["meta.json"])
    txn.publish(tmp, builds / "2")
    txn.switch(tmp_path, builds / "2")
    assert os.readlink(store.current_dir(tmp_path)) == os.path.join("builds", "2")
    assert not list(tmp_path.glob(".current.*"))
    txn.prune(tmp_path, builds / "2")
    assert [p.name for p in builds.iterdir()] == ["2"]


def test_leftovers_of_a_killed_build_are_removed(tmp_path):
    (tmp_path / "builds" / f"{txn.TMP_PREFIX}x").mkdir(parents=True)
    os.symlink("builds/x", tmp_path / ".current.123")
    (tmp_path / "builds" / "kept").mkdir()
    txn.remove_leftovers(tmp_path)
    assert [p.name for p in (tmp_path / "builds").iterdir()] == ["kept"]
    assert not list(tmp_path.glob(".current.*"))


def test_write_atomic(tmp_path):
    path = tmp_path / "f.bin"
    txn.write_atomic(path, b"one")
    txn.write_atomic(path, b"two")
    assert path.read_bytes() == b"two" and [p.name for p in tmp_path.iterdir()] == ["f.bin"]
