"""qa info: what an index holds (the folder index, or a Milvus build with --engine milvus --uri)."""

from __future__ import annotations

import json

from app.commands.common import add_engine_flags, add_index_flag, engine_name, engine_of, index_dir


def add_parser(sub) -> None:
    p = sub.add_parser("info", help="show what an index holds",
                       epilog="examples:\n  qa info --json\n  qa info --engine milvus --uri ./qa.db --alias articles",
                       formatter_class=__import__("argparse").RawDescriptionHelpFormatter)
    add_index_flag(p)
    add_engine_flags(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run)


def _folder(args):
    """The folder index's summary, format and calibration, read from its files (no vectors loaded)."""
    from index import store
    from index.summary import read_summary
    from qa.pipeline.calibration import CALIBRATION, parse_calibration

    folder = index_dir(args)
    info = read_summary(folder)  # checks every file's checksum, calibration.json's too
    meta = store.read_meta(folder)
    body = None
    if CALIBRATION in meta.checksums:
        path = store.current_folder(folder) / CALIBRATION
        body = path.read_bytes() if path.is_file() else None
    return info, {"engine": "faiss", "format": {"index": meta.format_version}}, parse_calibration(body)


def _milvus(args):
    """A Milvus build's summary, format and calibration, read through its reader (opened unchecked against
    the corpus, so a changed corpus is reported, not refused)."""
    from index.summary import summarize
    from qa.pipeline.calibration import read_calibration

    reader = engine_of(args).open(check_corpus=False)
    try:
        engine = reader.opened.engine
        extra = {"engine": "milvus", "build": reader.build_id, "sentences": reader.n_sentences,
                 "lexical": engine.get("lexical"),
                 "format": {"index": reader.meta.format_version, "engine": engine.get("format")}}
        return summarize(reader), extra, read_calibration(reader)
    finally:
        reader.close()  # a Milvus Lite file is free for the next process at once


def run(args) -> int:
    from qa.pipeline.calibration import cell, in_force
    from qa.pipeline.calibration import describe as describe_calibration
    from qa.settings import load_settings

    if engine_name(args) == "milvus":
        info, extra, cal = _milvus(args)
    else:
        if args.uri or args.alias:
            engine_of(args)  # --engine faiss with --uri or --alias: refused, one sentence
        info, extra, cal = _folder(args)
    settings = load_settings()
    default = settings.answerable_threshold
    fitted = describe_calibration(cal, settings.confidence)
    used = in_force(cal, settings.confidence)
    thresholds = {lang: round(used.threshold(lang, default) if used else default, 4) for lang in ("zh", "en")}
    # an index of both languages: the line by the first passage's document language, where the build fitted one
    pairs = [(q, d) for d in ("zh", "en") for q in ("zh", "en") if used is not None and cell(q, d) in used.thresholds]
    cells = {cell(q, d): round(used.threshold(q, default, d), 4) for q, d in pairs}
    if args.json:
        calibration = None if cal is None else {"thresholds_log_odds": cal.thresholds, "counts": cal.counts,
                                                 "offtopic_median": cal.offtopic_median,
                                                 "pseudo_mean": cal.pseudo_mean, "share": cal.share,
                                                 "fits_coefficients": used is not None}
        print(json.dumps({**info.to_dict(), **extra, "answerable_from": {**thresholds, **cells},
                          "calibration": calibration}, ensure_ascii=False, indent=2))
        return 0
    where = (f"  (Milvus build {extra['build']}, lexical {extra['lexical']})" if extra["engine"] == "milvus" else "")
    print(f"index   {info.index}{where}")
    print(f"model   {info.model} ({info.dimension} dims), " + (f"vectors {info.faiss}" if extra["engine"] == "milvus"
                                                             else f"FAISS {info.faiss}"))
    fmt = extra["format"]
    print(f"format  index {fmt['index']}" + (f", Milvus collections {fmt['engine']}" if "engine" in fmt else ""))
    size = (f"{extra['sentences']} sentences" if extra["engine"] == "milvus"
            else f"{info.bytes_on_disk / 1e6:.1f} MB on disk")
    print(f"built   {info.built_at} in {info.build_seconds:.1f} s; {info.chunks} chunks, {size}")
    print(f"corpus  {info.corpus}" + (f"  (changed since: {', '.join(info.stale_files)})" if info.stale_files else ""))
    formats = ", ".join(f"{n} {fmt}" for fmt, n in sorted(info.formats.items()))
    print(f"documents {len(info.documents)} ({formats})" if formats else "documents 0")
    for d in info.documents:
        authors = "、".join(d.authors)
        print(f"  {d.key:>5}  {d.paragraphs:3d} paragraphs {d.chunks:3d} chunks  {d.title}"
              + (f" — {authors}" if authors else ""))
        print(f"         {describe(d)}  {d.file}")
    if info.skipped:
        from ui.messages import skipped_reason

        print(f"skipped {len(info.skipped)} file(s), not indexed 未编入索引:")
        for s in info.skipped:
            print(f"  {s.file}: {skipped_reason(s.reason, s.facts)}")
    print(f"answers from confidence zh {thresholds['zh']:.3f}, en {thresholds['en']:.3f} ({fitted})")
    for doc_lang, name in (("zh", "Chinese"), ("en", "English")):
        got = [f"{q} {cells[cell(q, d)]:.3f}" for q, d in pairs if d == doc_lang]
        if got:
            print(f"  when the first passage is {name}: " + ", ".join(got))
    return 0


def describe(d) -> str:
    """``pdf, 3 pages, OCR pages 2-3`` / ``txt, gb18030``: how a document was read."""
    parts = [d.format]
    if d.pages:
        parts.append(f"{d.pages} page{'s' if d.pages != 1 else ''}")
    if d.encoding:
        parts.append(d.encoding)
    if getattr(d, "traditional", False):
        parts.append("traditional characters 繁体")
    if d.ocr_pages:
        parts.append("OCR'd page" + ("s " if len(d.ocr_pages) > 1 else " ") + ", ".join(map(str, d.ocr_pages)))
    return ", ".join(parts)
