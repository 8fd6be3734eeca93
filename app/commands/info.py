"""qa info: what an index holds."""

from __future__ import annotations

import json

from app.commands.common import add_index_flag, index_dir


def add_parser(sub) -> None:
    p = sub.add_parser("info", help="show what an index holds", epilog="example: qa info --json")
    add_index_flag(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run)


def summary(folder) -> dict:
    from index import store

    meta = store.read_meta(folder)
    current = store.current_dir(folder).resolve()
    docs = store.read_documents(current)
    size = sum(f.stat().st_size for f in current.iterdir() if f.is_file())
    counts: dict[str, int] = {}
    for c in store.read_chunks(current):
        counts[c.doc] = counts.get(c.doc, 0) + 1
    return {
        "index": str(folder), "model": meta.model_id, "dimension": meta.dimension,
        "built_at": meta.built_at, "build_seconds": meta.build_seconds, "faiss": meta.faiss_type,
        "chunk_size": meta.chunk_size, "chunk_overlap": meta.chunk_overlap, "corpus": meta.corpus_dir,
        "chunks": meta.n_chunks, "bytes_on_disk": size,
        "stale_files": store.corpus_changes(meta),
        "documents": [
            {"key": d.key, "file": d.path, "title": d.title, "authors": list(d.authors), "source": d.source,
             "date": d.date, "paragraphs": len(d.paragraphs), "chunks": counts.get(d.key, 0)}
            for d in docs
        ],
    }


def run(args) -> int:
    info = summary(index_dir(args))
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"index   {info['index']}")
    print(f"model   {info['model']} ({info['dimension']} dims), FAISS {info['faiss']}")
    print(f"built   {info['built_at']} in {info['build_seconds']:.1f} s; "
          f"{info['chunks']} chunks, {info['bytes_on_disk'] / 1e6:.1f} MB on disk")
    print(f"corpus  {info['corpus']}" + (f"  (changed since: {', '.join(info['stale_files'])})"
                                          if info["stale_files"] else ""))
    for d in info["documents"]:
        authors = "、".join(d["authors"])
        print(f"  {d['key']:>5}  {d['paragraphs']:3d} paragraphs {d['chunks']:3d} chunks  {d['title']}"
              + (f" — {authors}" if authors else ""))
    return 0
