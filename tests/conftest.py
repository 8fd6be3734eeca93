"""Shared fixtures: a fake deterministic embedder for unit tests, the real seeds index for integration."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "bench" / "data" / "dev.jsonl"  # a copy of ../shared/eval/dev.jsonl, so a fresh clone has it


class FakeEmbedder:
    """Hashed character bigrams: similar texts get similar vectors, no model needed."""

    model_id = "fake-bigram-64"
    dimension = 64

    def __init__(self):
        self.calls = 0
        self.texts = 0

    def encode(self, texts, batch_size: int = 64):
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, t in enumerate(texts):
            for a, b in zip(t, t[1:] + " "):
                h = int(hashlib.md5((a + b).encode()).hexdigest()[:8], 16)
                out[i, h % self.dimension] += 1.0
            n = np.linalg.norm(out[i])
            out[i] = out[i] / n if n else out[i]
        return out


@pytest.fixture
def fake_embedder():
    return FakeEmbedder()


def assistant_over(folder: Path, embedder, files: dict[str, str] | None = None):
    """An assistant over a faiss index built at ``folder/idx`` from ``folder/corpus``, where ``files`` (name ->
    text) are written first; files already in the corpus folder are indexed as they are."""
    from index.engines import engine_for
    from qa.pipeline.assistant import Assistant
    from qa.settings import load_settings

    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in (files or {}).items():
        (corpus / name).write_text(text, encoding="utf-8")
    engine = engine_for("faiss", index_dir=folder / "idx")
    engine.build(corpus, embedder=embedder)
    return Assistant(engine.open(), embedder, load_settings(), engine)


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """Three short articles: two Chinese, one with English terms, and a catalog."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "001_alpha.txt").write_text(
        "量子计算新进展\n\n某研究院发布了新的量子计算机，拥有 72 个量子比特。该机器由张三教授团队研制。\n\n"
        "研究人员表示，其发\n\n展既有赖于政策支持，也离不开资金。\n\n服务热线:0898-08980898\n",
        encoding="utf-8",
    )
    (folder / "002_beta.txt").write_text(
        "量子通信网络\n\n2018年，美国通过《国家量子倡议法案》(National Quantum Initiative Act, NQI)。\n\n"
        "京沪干线全长两千多公里，是世界上第一条量子保密通信干线。\n",
        encoding="utf-8",
    )
    (folder / "003_gamma.md").write_text(
        "# 钢铁工业低碳发展\n\n中国钢铁工业碳排放约占全国碳排放总量的16%。绿色低碳发展已成为核心命题。\n",
        encoding="utf-8",
    )
    (folder / "catalog.toml").write_text(
        '["001_alpha.txt"]\ntitle = "量子计算新进展"\nauthors = ["王五"]\nsource = "测试日报"\ndate = "2024-01-01"\n',
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """The real index of seeds/ with the bundled model, built once per test session."""
    from index.build import build

    folder = tmp_path_factory.mktemp("seed-index")
    build(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def assistant(seed_index):
    from qa.pipeline.assistant import Assistant

    return Assistant.load(seed_index)


@pytest.fixture
def copy_corpus(tmp_path):
    def _copy(src: Path) -> Path:
        dst = tmp_path / f"copy-{src.name}"
        shutil.copytree(src, dst)
        return dst

    return _copy


def calibrated_elsewhere(index_dir: Path) -> None:
    """Make the folder build at ``index_dir`` look calibrated by an older version of qa: its calibration.json
    records other coefficients, rewritten as a build would have written it (its checksum in meta.json too)."""
    import json

    from index import store
    from qa.pipeline.calibration import CALIBRATION

    folder = store.current_dir(index_dir)
    path = folder / CALIBRATION
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), "coefficients": "0" * 16}),
                    encoding="utf-8")
    meta = store.read_meta(index_dir)
    meta.checksums[CALIBRATION] = store.sha256_file(path)
    store.write_meta(folder, meta)
