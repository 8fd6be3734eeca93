"""qa cite: show what a citation id points at, with a paragraph of context, or export references."""

from __future__ import annotations

import argparse
import json
import sys

from app.client import server_for
from app.commands.common import (
    add_engine_flags,
    add_index_flag,
    add_server_flags,
    check_default_corpus,
    engine_name,
    engine_of,
    index_dir,
    index_location,
    use_colour,
)
from index.clean import joint
from qa.provenance.cite import rows_around

YELLOW, DIM, BOLD, RESET = "\033[43;30m", "\033[2m", "\033[1m", "\033[0m"
CONTEXT_CHARS = 300  # of the paragraphs before and after; the cited paragraph is shown whole


def add_parser(sub) -> None:
    p = sub.add_parser(
        "cite", help="show the passage a citation id points at, or export references",
        description="Show the cited paragraph or sentence, marked, with one paragraph of context before and "
        "after, its offsets in the original file and its reference in Chinese and English. Ids are "
        "DOCUMENT:pPARAGRAPH or DOCUMENT:pPARAGRAPH.sSENTENCE (as `qa ask` and `qa find` print them); "
        "spaces, a full-width colon and upper case are accepted.",
        epilog="examples:\n  qa cite 001:p23\n  qa cite 001:p24.s6 --json\n"
        "  qa cite 000:p5 001:p19.s4 --format bibtex > refs.bib\n  qa cite '001：P24.S6' --format markdown",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("ids", nargs="+", metavar="ID", help="citation id(s), e.g. 001:p23 or 001:p23.s2")
    p.add_argument("--json", action="store_true", help="print one JSON object per id")
    p.add_argument("--format", choices=("bibtex", "csl-json", "markdown"), default=None,
                   help="print the references of the cited documents in this format instead")
    add_index_flag(p)
    add_engine_flags(p)
    add_server_flags(p)
    p.set_defaults(run=run)


def mark(text: str, spans, marked, opening: str, closing: str) -> str:
    """The pieces ``spans`` of ``text`` joined as shown (``index.clean.joint``), with the parts inside ``marked``
    wrapped (once across a break)."""
    joined, ranges, pos, last = [], [], 0, ""
    for s, e in spans:
        gap = joint(last, text[s:e])
        joined.append(gap)
        pos += len(gap)
        last = text[s:e] or last
        for ms, me in marked:
            lo, hi = max(ms, s), min(me, e)
            if lo < hi:
                start, end = pos + lo - s, pos + hi - s
                if ranges and ranges[-1][1] == start - (len(gap) if lo == s else 0):  # marked across the joint
                    ranges[-1] = (ranges[-1][0], end)
                else:
                    ranges.append((start, end))
        joined.append(text[s:e])
        pos += e - s
    flat = "".join(joined)
    out, pos = [], 0
    for lo, hi in ranges:
        out += [flat[pos:lo], opening, flat[lo:hi], closing]
        pos = hi
    out.append(flat[pos:])
    return "".join(out)


def _clip(text: str, head: bool) -> str:
    text = " ".join(text.split())
    if len(text) <= CONTEXT_CHARS:
        return text
    return text[:CONTEXT_CHARS] + "…" if head else "…" + text[-CONTEXT_CHARS:]


def render(cited, colour: bool) -> str:
    """The cited passage for a person: reference, context, the cited part marked, offsets."""
    opening, closing = (YELLOW, RESET) if colour else ("»", "«")
    dim, reset = (DIM, RESET) if colour else ("", "")
    u, para = cited.unit, cited.paragraph
    head = f"{BOLD}[{cited.id}]{RESET}" if colour else f"[{cited.id}]"
    lines = [f"{head} {cited.reference_zh}", f"{' ' * (len(cited.id) + 3)}{cited.reference_en}", ""]
    if cited.before:
        lines.append(f"  {dim}{cited.before.citation}  {_clip(cited.before.clean, head=False)}{reset}")
    # the paragraph's own text is original[para.start:para.end]: offsets shifted into it mark the same characters
    shift = para.start
    marked = [(a - shift, b - shift) for a, b in u.spans]
    body = "\n…\n".join(mark(para.text, [(a - shift, b - shift) for a, b in run], marked, opening, closing)
                         for run in rows_around(para, u.spans)).rstrip("\n")
    indent = "\n" + " " * (len(para.citation) + 4)  # a table's rows one a line, under each other
    lines.append(f"  {para.citation}  " + indent.join(" ".join(line.split()) for line in body.splitlines()))
    if cited.after:
        lines.append(f"  {dim}{cited.after.citation}  {_clip(cited.after.clean, head=True)}{reset}")
    lines.append("")
    pieces = ", ".join(f"{s}–{e}" for s, e in u.spans)
    page = getattr(cited, "page", None)
    lines.append(f"  characters {pieces} of {cited.source.path}" + (f", page {page} 第{page}页" if page else ""))
    return "\n".join(lines)


def _ids(raw: list[str]) -> list[str]:
    """The ids as given; an id typed with spaces and left unquoted (001 : p23) is joined back."""
    from qa.errors import BadCitation
    from qa.provenance.cite import parse_id

    try:
        return [str(parse_id(r)) for r in raw]
    except BadCitation:
        if len(raw) > 1:
            try:
                return [str(parse_id(" ".join(raw)))]
            except BadCitation:
                pass
        raise


def run(args) -> int:
    ids = _ids(args.ids)
    server = server_for(args, index_location(args))
    if server is not None:
        from app.client import record
        from qa.provenance.cite import Cited

        objs = server.call("cite", ids=ids)["cited"]
        cited = [record(Cited, o) for o in objs]
    else:
        from qa.provenance.cite import collect

        if engine_name(args) == "faiss":
            check_default_corpus(args, index_dir(args))
        cited = collect(engine_of(args).open(), ids)
        objs = [c.to_dict() for c in cited]
    if args.format:
        from qa.provenance.references import format_references

        print(format_references(cited, args.format), end="")
        return 0
    if args.json:
        for obj in objs:
            print(json.dumps(obj, ensure_ascii=False))
        return 0
    colour = use_colour(sys.stdout)  # passed: the default was bound at import time
    print("\n\n".join(render(c, colour) for c in cited))
    return 0
