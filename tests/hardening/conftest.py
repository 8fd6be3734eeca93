"""A tiny index built with the fake embedder, shared by the hardening tests, and helpers to compare indexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FakeEmbedder

# Four short articles: Chinese, Chinese with English terms in parentheses, numbers and units, a heading.
ARTICLES = {
    "001_alpha.txt": "量子计算新进展\n\n某研究院发布了新的量子计算机，拥有 72 个量子比特。"
    "该机器由张三教授团队研制。\n\n研究人员表示，其发\n\n展既有赖于政策支持，也离不开资金。\n\n服务热线:0898-08980898\n",
    "002_beta.txt": "量子通信网络\n\n2018年，美国通过《国家量子倡议法案》(National Quantum Initiative Act, NQI)。\n\n"
    "京沪干线全长两千多公里，是世界上第一条量子保密通信干线。\n",
    "003_gamma.md": "# 钢铁工业低碳发展\n\n中国钢铁工业碳排放约占全国碳排放总量的16%。绿色低碳发展已成为核心命题。\n\n"
    "宝武集团投资1.2亿美元建设氢冶金示范项目，预计2025年投产。\n",
    "004_delta.txt": "风险投资与初创企业\n\n2021年，中关村的量子初创企业获得风险投资(venture capital)共计3.5亿元。\n\n"
    "段路明院士创办了华翊量子公司，公司位于北京。\n",
}
QUESTIONS = ["量子计算机有多少个量子比特?", "京沪干线有多长?", "How much did Baowu invest in hydrogen?",
             "Who founded the quantum company?", "钢铁工业碳排放占比是多少?",
             "合肥的量子实验室有多少名研究人员?"]


def write_corpus(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def snapshot(index_dir: Path, questions: list[str] = QUESTIONS) -> dict:
    """What a user of the index sees: every chunk, and the ranked passages of a few questions."""
    from qa.pipeline.assistant import Assistant

    a = Assistant.load(index_dir, embedder=FakeEmbedder(), check_corpus=False)
    return {
        "chunks": [(c.citation, c.start, c.end, c.text) for c in a.data.chunks],
        "sentences": [(r.doc, r.para, r.number, r.text) for r in a.data.sentences],
        "answers": [[(p.citation, p.start, p.end, p.score) for p in ans.passages] for ans in a.ask_many(questions)],
    }


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("hardening") / "corpus")


@pytest.fixture(scope="session")
def tiny_index(tiny_corpus, tmp_path_factory) -> Path:
    from index.build import build

    folder = tmp_path_factory.mktemp("hardening-index")
    build(tiny_corpus, folder, embedder=FakeEmbedder())
    return folder


@pytest.fixture(scope="session")
def tiny_assistant(tiny_index):
    from qa.pipeline.assistant import Assistant

    return Assistant.load(tiny_index, embedder=FakeEmbedder())
