"""Each document's language is decided once, at build time, and kept in documents.json."""

from __future__ import annotations

import json

from index import record_rows, store
from index.text.script import document_lang


def test_a_chinese_manual_full_of_commands_is_chinese():
    text = "使用 apt-get install package 安装软件包。配置文件在 /etc/apt/sources.list 中。" * 3
    assert document_lang(text) == "zh"
    assert document_lang("The package manager installs packages from the archive.") == "en"
    assert document_lang("An English text quoting one word, 量子, is still English text.") == "en"
    assert document_lang("12345 ... !!!") == "other"


def test_the_build_records_each_documents_language(small_corpus, fake_embedder, tmp_path):
    from index.build import build

    (small_corpus / "004_delta.txt").write_text(
        "Network setup\n\nThe network is configured with ifupdown in /etc/network/interfaces.\n", encoding="utf-8")
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    folder = store.current_dir(tmp_path / "idx")
    langs = {r["key"]: r["lang"] for r in record_rows.read_document_rows(folder)}
    assert langs == {"001": "zh", "002": "zh", "003": "zh", "004": "en"}
    assert {d.key: d.lang for d in record_rows.read_documents(folder)} == langs


def test_an_index_built_before_the_language_was_kept_reads_as_chinese(small_corpus, fake_embedder, tmp_path):
    from index.build import build

    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    folder = store.current_dir(tmp_path / "idx")
    rows = record_rows.read_document_rows(folder)
    old = [{k: v for k, v in r.items() if k != "lang"} for r in rows]
    assert all(record_rows.document_from_row(json.loads(json.dumps(r))).lang == "zh" for r in old)
