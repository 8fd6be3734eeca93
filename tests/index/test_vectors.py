"""FAISS types: chosen by size, added in batches from a memory map, on-disk lists that follow their folder."""

from __future__ import annotations

import numpy as np
import pytest

from index import vectors
from index.vectors import IVF_DATA, build_faiss, choose_type, load_faiss, save_faiss, search


def unit_rows(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_type_follows_size():
    assert choose_type(10) == "flat"
    assert choose_type(vectors.FLAT_MAX + 1) == "hnsw"
    assert choose_type(vectors.HNSW_MAX + 1) == "ivf", "past the in-memory graph, the lists go to disk"


def test_batched_add_from_a_memory_map_finds_what_flat_finds(tmp_path, monkeypatch):
    monkeypatch.setattr(vectors, "ADD_BATCH", 100)  # many batches
    x = unit_rows(1000)
    np.save(tmp_path / "e.npy", x)
    mapped = np.load(tmp_path / "e.npy", mmap_mode="r")
    index, kind = build_faiss(mapped, "flat")
    assert kind == "flat" and index.ntotal == 1000
    assert (search(index, x[:20], 1)[1][:, 0] == np.arange(20)).all()


def test_on_disk_ivf_follows_its_folder_and_prints_nothing(tmp_path, capfd):
    x = unit_rows(3000)
    built = tmp_path / "build"
    built.mkdir()
    index, kind = build_faiss(x, "ivf", folder=built)
    assert kind == "ivf" and index.ntotal == 3000
    save_faiss(index, built / "vectors.faiss")
    del index
    assert sorted(p.name for p in built.iterdir()) == sorted([IVF_DATA, "vectors.faiss"]), "no growing file left"
    assert (built / IVF_DATA).stat().st_size == 3000 * (32 * 4 + 8), "compacted: vectors and ids, no spare room"
    moved = tmp_path / "elsewhere" / "build"
    moved.parent.mkdir()
    built.rename(moved)  # as a build folder is renamed into place, or a user moves the index
    loaded = load_faiss(moved / "vectors.faiss")
    assert capfd.readouterr().out == "", "FAISS's progress lines must not reach a command's JSON output"
    loaded.nprobe = loaded.nlist  # every list: exact
    flat, _ = build_faiss(x, "flat")
    assert (search(loaded, x[:50], 10)[1] == search(flat, x[:50], 10)[1]).all()


def test_ivf_needs_a_folder_and_vectors():
    with pytest.raises(ValueError, match="folder"):
        build_faiss(unit_rows(100), "ivf")
    with pytest.raises(ValueError, match="unknown FAISS index type"):
        build_faiss(unit_rows(10), "lsh")
