"""The quality table of ``qa bench``: seeds and the Debian set, per language, the assistant against its baselines.

    python bench/quality_table.py [--out bench/results] [--cache bench/.cache]
    qa bench --quality-only        # the same, from the console script (``qa bench`` runs it after the systems)

For each question set and question language: hit@1, hit@5, MRR@10 (a returned
passage in the answering section, or holding the answer for the seed sets),
answering-sentence accuracy, answerable questions flagged "not answered" and
unanswerable ones flagged, for the assistant and, in the same run, BM25 over
jieba and the index's embedding model alone over the corpus's paragraphs
(``bench/domains.py`` computes all of them; the baselines never flag).

Sets: the seeds' dev questions, their hand translations, the held-out ones and
the bundled off-topic questions (all unanswerable), over the seed articles;
``bench/data/debian`` over its Chinese and its English documents, and over three
Chinese chapters beside three English ones in one index (``bench/mixed.py``).

The four indexes are built with ``qa build``'s own calibration and kept in
``--cache`` (one folder per corpus), rebuilt only when the corpus, the model
or the code under ``index/`` and ``qa/`` changes (a rebuild reuses the vectors
of unchanged files, so only the first run pays for embedding).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import domains  # noqa: E402
from bench.mixed import write_mixed  # noqa: E402
from qa.pipeline.calibration import cell  # noqa: E402

DATA = ROOT / "bench" / "data"
DEBIAN = DATA / "debian"
CACHE = ROOT / "bench" / ".cache"
RESULTS = ROOT / "bench" / "results"
STAMP = "bench-key.txt"
COLUMNS = ("hit@1", "hit@5", "mrr@10", "sentence", "answerable_flagged", "unanswerable_flagged")
HEADS = ("hit@1", "hit@5", "MRR@10", "sentence", "answerable flagged", "unanswerable flagged")
SYSTEMS = {"assistant": "this assistant", "bm25": "BM25 (jieba, paragraphs)", "dense": "dense only (paragraphs)"}


@dataclass(frozen=True)
class QuestionSet:
    name: str
    corpus: str  # key of CORPORA
    path: Path
    all_unanswerable: bool = False


CORPORA = {"seeds": ROOT / "seeds", "debian-zh": DEBIAN / "corpus" / "zh", "debian-en": DEBIAN / "corpus" / "en"}
SETS = (
    QuestionSet("seeds dev", "seeds", DATA / "dev.jsonl"),
    QuestionSet("seeds dev_translated", "seeds", DATA / "dev_translated.jsonl"),
    QuestionSet("seeds holdout", "seeds", DATA / "holdout.jsonl"),
    QuestionSet("seeds off-topic", "seeds", DATA / "offtopic.jsonl", all_unanswerable=True),
    QuestionSet("debian, Chinese documents", "debian-zh", DEBIAN / "questions_zh_docs.jsonl"),
    QuestionSet("debian, English documents", "debian-en", DEBIAN / "questions_en_docs.jsonl"),
)


def _say(msg: str, quiet: bool) -> None:
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def build_key(corpus: Path, model_id: str) -> str:
    """SHA-256 over the corpus files, the model and the code that builds and calibrates an index."""
    h = hashlib.sha256(model_id.encode())
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    for package in ("index", "qa"):
        files += sorted(p for p in (ROOT / package).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        h.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name).encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def cached_index(name: str, corpus: Path, cache: Path, embedder, quiet: bool = False) -> Path:
    """The calibrated index of ``corpus`` in ``cache/<name>``, built (again) only when its key changed."""
    from index.build import build
    from qa.pipeline.calibrate import finish

    folder = cache / name
    key = build_key(corpus, embedder.model_id)
    stamp = folder / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == key:
        return folder
    shown = corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus  # --cache may lie elsewhere
    _say(f"bench: quality: building the index of {shown}…", quiet)
    t = time.perf_counter()
    build(corpus, folder, embedder=embedder, finish=lambda staged: finish(staged, embedder))
    stamp.write_text(key + "\n", encoding="utf-8")
    _say(f"bench: quality: built in {time.perf_counter() - t:.0f} s", quiet)
    return folder


def run(cache: Path = CACHE, quiet: bool = False) -> dict:
    """``{set name: {system: {lang: scores}}}`` for every set, plus the thresholds each index calibrated."""
    from index.embed import load_query_embedder
    from qa import Assistant

    embedder = load_query_embedder(None)
    cache.mkdir(parents=True, exist_ok=True)
    mixed_corpus, mixed_questions = write_mixed(cache / "debian-mixed-corpus")
    corpora = {**CORPORA, "debian-mixed": mixed_corpus}
    sets = (*SETS, QuestionSet("debian, mixed documents", "debian-mixed", mixed_questions))
    assistants = {}
    for name, corpus in corpora.items():
        folder = cached_index(name, corpus, cache, embedder, quiet)
        assistants[name] = Assistant.load(folder, embedder=embedder, check_corpus=False)
    tables, thresholds = {}, {}
    for qs in sets:
        _say(f"bench: quality: {qs.name}…", quiet)
        a = assistants[qs.corpus]
        table, _ = domains.measure(None, qs.path, corpora[qs.corpus], all_unanswerable=qs.all_unanswerable,
                                   baselines=not qs.all_unanswerable, assistant=a)
        tables[qs.name] = table
    for name, a in assistants.items():
        thresholds[name] = {lang: round(a.threshold(lang), 3) for lang in ("zh", "en")}
        for lang in ("zh", "en"):
            for doc_lang in ("zh", "en") if a.languages.bilingual else ():
                thresholds[name][cell(lang, doc_lang)] = round(a.threshold(lang, doc_lang), 3)
        thresholds[name]["calibrated"] = sorted(a.calibration.thresholds) if a.calibration else []
    return {"tables": tables, "thresholds": thresholds}


def _cell(v) -> str:
    return "–" if v is None else f"{v:.2f}"


def markdown(result: dict) -> str:
    lines = ["## Quality: seeds and a second domain (bench/quality_table.py)", "",
             "Per question language (zh/en), 10 passages a question. hit = a returned passage in the answering "
             "section (seed sets: holding the answer). Flagged = \"the documents do not answer this\"; the "
             "baselines never flag. Off-topic: 30 questions no article answers (bench/data/offtopic.jsonl; the build's "
             "calibration asks 120 others, qa/pipeline/data/offtopic.jsonl).", "",
             "| set | questions | system | n | " + " | ".join(HEADS) + " |",
             "|---|---|---|---|" + "---|" * len(HEADS)]
    for set_name, table in result["tables"].items():
        for system, langs in table.items():
            for lang, s in langs.items():
                n = f"{s['answerable']}+{s['unanswerable']}"
                lines.append(f"| {set_name} | {lang} | {SYSTEMS[system]} | {n} | "
                             + " | ".join(_cell(s.get(c)) for c in COLUMNS) + " |")
    lines += ["", "Answerable threshold each index calibrated at build time (qa.pipeline.calibrate; a language "
              "not calibrated keeps qa/retrieval.toml's):", ""]
    for name, t in result["thresholds"].items():
        cal = ", ".join(t["calibrated"]) or "none"
        cells = "".join(f", {k} {v:.2f}" for k, v in t.items() if ">" in k)  # by the first passage's language
        lines.append(f"- {name}: zh {t['zh']:.2f}, en {t['en']:.2f}{cells} (calibrated: {cal})")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/quality_table.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(RESULTS), help="folder for quality.md and quality.json")
    ap.add_argument("--cache", default=str(CACHE), help="folder of the cached indexes (default bench/.cache)")
    ap.add_argument("--quiet", "-q", action="store_true")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    result = run(Path(args.cache), args.quiet)
    write(result, Path(args.out))
    print(markdown(result))
    _say(f"bench: quality: done in {time.perf_counter() - t:.0f} s", args.quiet)
    return 0


def write(result: dict, out: Path) -> None:
    import json

    out.mkdir(parents=True, exist_ok=True)
    (out / "quality.md").write_text(markdown(result), encoding="utf-8")
    (out / "quality.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
