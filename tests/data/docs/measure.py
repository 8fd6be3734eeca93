"""Measure the PDF readers on Chinese PDFs made from the seeds: quality and pages per second.

    .venv/bin/python tests/data/docs/measure.py [--ocr-pages N]

Prints, for the two-column fixture (seed 004, 3 pages), each candidate
library's plain text extraction against the page it was printed from
(character similarity, whitespace ignored; share of paragraphs found intact,
which fails when columns interleave) and its speed; then our reader (text
layer with layout) over all five seeds printed as PDFs; then OCR speed and
accuracy per DPI on rasterised pages. Numbers go to index/readers/README.md.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import os
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
spec = importlib.util.spec_from_file_location("docs_make", HERE / "make.py")
make = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make)


def norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


def best_of(f, n: int = 3):
    best, out = float("inf"), None
    for _ in range(n):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return out, best


def libraries(pdf: Path) -> None:
    import logging

    import pdfplumber
    import pypdf
    import pypdfium2 as pdfium
    from lxml import html as lhtml

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    tree = lhtml.fromstring(make.pdf_html())
    truth_paras = [norm(e.text_content()) for e in tree.iter("h1", "h2", "h3", "p")]
    truth = "".join(truth_paras)

    def f_pdfium():
        d = pdfium.PdfDocument(pdf)
        out = [d[i].get_textpage().get_text_range() for i in range(len(d))]
        d.close()
        return out

    def f_plumber():
        with pdfplumber.open(pdf) as d:
            return [p.extract_text() or "" for p in d.pages]

    def f_pypdf():
        return [p.extract_text() for p in pypdf.PdfReader(pdf).pages]

    def f_ours():
        from index.readers.pdf import read

        return [read(pdf, ocr=False).text]

    print(f"\n{pdf.name}: plain text against the page it was printed from")
    print(f"{'reader':40s} {'pages/s':>8s} {'similarity':>10s} {'paragraphs intact':>18s} {'headers left':>12s}")
    for name, f in (("pypdfium2 get_text_range", f_pdfium), ("pdfplumber extract_text", f_plumber),
                    ("pypdf extract_text", f_pypdf), ("index.readers.pdf (pypdfium2 + layout)", f_ours)):
        pages, dt = best_of(f)
        text = norm("".join(pages))
        intact = sum(p in text for p in truth_paras) / len(truth_paras)
        ratio = difflib.SequenceMatcher(None, truth, text, autojunk=False).ratio()
        left = text.count(norm(make.HEADER))
        print(f"{name:40s} {3 / dt:8.1f} {ratio:10.3f} {intact:18.2f} {left:12d}")


def seeds_as_pdfs(tmp: Path) -> list[Path]:
    out = []
    for seed in sorted((HERE.parents[2] / "seeds").glob("*.txt")):
        out.append(make.make_pdf(tmp / f"{seed.stem}.pdf", make.seed_html(seed)))
    return out


def reader_speed(pdfs: list[Path]) -> None:
    import pypdfium2 as pdfium

    from index.readers.pdf import read

    pages = sum(len(pdfium.PdfDocument(p)) for p in pdfs)
    _, dt = best_of(lambda: [read(p, ocr=False) for p in pdfs])
    print(f"\nthe five seeds printed as PDFs: {pages} pages, text layer read in {dt:.2f} s = {pages / dt:.0f} pages/s")


def ocr_speed(pdf: Path, tmp: Path, pages: int) -> None:
    from index.readers.pdf import ocr, read

    truth_doc = read(pdf, ocr=False)
    truth = truth_doc.text[truth_doc.pages[0].start:truth_doc.pages[pages - 1].end]
    scan = make.make_scan(pdf, tmp / "scan.pdf", dpi=200, first=1, last=pages)
    t = time.perf_counter()
    ocr.engine()
    print(f"\nOCR (RapidOCR, PP-OCRv4 in the wheel): engine loaded in {time.perf_counter() - t:.1f} s; "
          f"pages 1-{pages} scanned at 200 dpi, read (OCR + layout) at:")
    for dpi in (100, 150, 200):
        ocr.DPI = dpi
        t = time.perf_counter()
        got = read(scan).text
        dt = time.perf_counter() - t
        print(f"  {dpi} dpi: {pages / dt:.2f} pages/s ({dt / pages:.1f} s/page), "
              f"similarity to the text layer {similarity(truth, got):.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ocr-pages", type=int, default=2)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pdf = make.make_pdf(tmp / "article.pdf")
        libraries(pdf)
        reader_speed(seeds_as_pdfs(tmp))
        if args.ocr_pages:
            ocr_speed(pdf, tmp, args.ocr_pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
