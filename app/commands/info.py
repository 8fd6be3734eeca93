"""qa info: what an index holds."""

from __future__ import annotations

import json

from app.commands.common import add_index_flag, index_dir


def add_parser(sub) -> None:
    p = sub.add_parser("info", help="show what an index holds", epilog="example: qa info --json")
    add_index_flag(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run)


def run(args) -> int:
    from index.summary import read_summary

    info = read_summary(index_dir(args))
    if args.json:
        print(json.dumps(info.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"index   {info.index}")
    print(f"model   {info.model} ({info.dimension} dims), FAISS {info.faiss}")
    print(f"built   {info.built_at} in {info.build_seconds:.1f} s; "
          f"{info.chunks} chunks, {info.bytes_on_disk / 1e6:.1f} MB on disk")
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
