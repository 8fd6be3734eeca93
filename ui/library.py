"""The Library tab's HTML: the documents of the index and how the index was built (``qa info``)."""

from __future__ import annotations

from index.summary import IndexSummary
from ui.render import esc


def read_as(d) -> str:
    """How a document was read: ``PDF · 3 页 pages · OCR 第2页`` / ``文本 text · gb18030 · 繁体 traditional``."""
    parts = [FORMATS.get(d.format, d.format)]
    if d.pages:
        parts.append(f"{d.pages} 页 pages")
    if d.ocr_pages:
        parts.append("文字识别 OCR " + ", ".join(f"p. {n}" for n in d.ocr_pages))
    if d.encoding and d.encoding not in ("utf-8", "ascii"):
        parts.append(d.encoding)
    if getattr(d, "traditional", False):
        parts.append("繁体 traditional")
    return " · ".join(parts)


FORMATS = {"txt": "文本 text", "md": "Markdown", "pdf": "PDF", "docx": "Word", "html": "网页 HTML"}


def skipped_html(info: IndexSummary) -> str:
    """The files the build did not index, each with the reason."""
    if not info.skipped:
        return ""
    from ui.messages import skipped_reason

    items = "".join(f'<li data-file="{esc(s.file)}" data-reason="{esc(s.reason)}"><code>{esc(s.file)}</code>: '
                    f"{esc(skipped_reason(s.reason, s.facts))}</li>" for s in info.skipped)
    return (f'<div class="qa-alert qa-alert-warn" id="library-skipped">未编入索引的文件 Files not indexed '
            f"({len(info.skipped)}):<ul>{items}</ul></div>")


def library_html(info: IndexSummary) -> str:
    rows = "".join(
        f'<tr data-doc="{esc(d.key)}" data-format="{esc(d.format)}" data-pages="{d.pages}"><td><code>{esc(d.key)}'
        f'</code></td><td>{esc(d.title)}<br><span class="qa-muted">{esc(d.file)}</span></td>'
        f'<td>{esc(read_as(d))}</td><td>{esc("、".join(d.authors) or "—")}</td>'
        f"<td>{esc(d.source or '—')}</td><td>{esc(d.date or '—')}</td>"
        f'<td class="num">{d.paragraphs}</td><td class="num">{d.chunks}</td></tr>'
        for d in info.documents
    )
    stale = info.stale_files
    warning = (
        f'<p class="qa-alert qa-alert-warn">语料已改动 The corpus changed since the build: {esc(", ".join(stale))}; '
        "the index needs to be built again to include the changes. 须重建索引。</p>"
        if stale
        else ""
    )
    seconds = info.build_seconds
    took = f"{seconds:.1f} s" if isinstance(seconds, (int, float)) else "—"
    return (
        '<div class="qa-library">'
        '<table class="qa-table" id="library-documents"><thead><tr><th>编号 id</th><th>标题 title</th>'
        "<th>读取方式 read as</th><th>作者 authors</th><th>来源 source</th><th>日期 date</th><th>段落 paragraphs</th>"
        f"<th>片段 chunks</th></tr></thead><tbody>{rows}</tbody></table>{skipped_html(info)}"
        '<dl class="qa-meta" id="library-index">'
        f"<dt>模型 Model</dt><dd><code>{esc(info.model)}</code> ({esc(info.dimension)} 维 dims)</dd>"
        f"<dt>构建时间 Built</dt><dd>{esc(info.built_at)} · 用时 took {esc(took)}</dd>"
        f"<dt>片段 Chunks</dt><dd>{esc(info.chunks)} · FAISS {esc(info.faiss)} · "
        f"{esc(info.chunk_size)} 字 chars, 重叠 overlap {esc(info.chunk_overlap)}</dd>"
        f"<dt>索引 Index</dt><dd><code>{esc(info.index)}</code> · "
        f"{info.bytes_on_disk / 1e6:.1f} MB</dd></dl>{warning}</div>"
    )
