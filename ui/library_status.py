"""Each file of the managed library with its status, and the background build's progress, as the page shows them.

A file is ``indexed`` (the build that answers holds it: format, pages, OCR),
``skipped`` (that build read it and said why not), ``waiting`` or ``indexing``
(added since: the next build, or the running one, reads it) or ``removed``
(gone from the folder, still answered from until the running build ends).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from index.summary import IndexSummary
from ui.library import read_as
from ui.library_build import Progress
from ui.render import esc

STATES = {
    "indexed": "已索引 indexed", "skipped": "未索引 skipped", "waiting": "等待重建 waiting for the rebuild",
    "indexing": "正在索引 being indexed", "removed": "已移除 removed (until the rebuild ends)",
}


@dataclass(frozen=True)
class FileStatus:
    name: str
    state: str  # a key of STATES
    detail: str = ""  # how it was read, or why it was skipped
    key: str = ""  # its citation prefix, when indexed


def file_statuses(files: list[str], info: IndexSummary | None, progress: Progress) -> list[FileStatus]:
    """The status of every file in the folder, and of indexed files no longer in it (pure)."""
    from ui.messages import skipped_reason

    docs = {d.file: d for d in (info.documents if info else ())}
    skipped = {s.file: s for s in (info.skipped if info else ())}
    out = []
    for name in files:
        if name in docs:
            out.append(FileStatus(name, "indexed", read_as(docs[name]), docs[name].key))
        elif name in skipped:
            s = skipped[name]
            out.append(FileStatus(name, "skipped", skipped_reason(s.reason, s.facts)))
        else:
            out.append(FileStatus(name, "indexing" if progress.running else "waiting"))
    present = set(files)
    out += [FileStatus(name, "removed", read_as(d), d.key) for name, d in docs.items() if name not in present]
    return out


def progress_html(progress: Progress) -> str:
    """The build running now (stage, count, seconds), or how the last one ended."""
    if progress.running:
        count = f" {progress.done}/{progress.total}" if progress.total else (f" {progress.done}" if progress.done
                                                                             else "")
        took = time.time() - progress.started
        more = " · 之后再重建一次 another pass follows" if progress.pending else ""
        return (f'<div class="qa-alert qa-alert-info" id="library-progress" data-state="running" '
                f'data-stage="{esc(progress.stage)}">正在重建索引 Rebuilding the index: {esc(progress.label)}'
                f"{esc(count)} · {took:.0f} s{more}. 重建期间仍由上一版索引回答 The previous build answers "
                "until the new one is complete.</div>")
    if progress.error:
        return (f'<div class="qa-alert qa-alert-error" id="library-progress" data-state="failed">'
                f"重建失败 The rebuild failed: {esc(progress.error)}</div>")
    if progress.builds:
        r = progress.report
        formats = ", ".join(f"{n} {f}" for f, n in sorted(r.get("formats", {}).items()))
        return (f'<div class="qa-alert qa-alert-info" id="library-progress" data-state="done">'
                f"索引已更新 The index was rebuilt: {r.get('documents', 0)} 篇文档 documents ({esc(formats)}), "
                f"{r.get('chunks', 0)} 片段 chunks, {len(r.get('skipped', []))} 个文件未索引 skipped, "
                f"{r.get('seconds', 0):.1f} s.</div>")
    return '<div id="library-progress" data-state="idle"></div>'


def status_html(statuses: list[FileStatus]) -> str:
    rows = "".join(
        f'<tr data-file="{esc(s.name)}" data-state="{s.state}"><td><code>{esc(s.name)}</code></td>'
        f"<td>{esc(STATES[s.state])}</td><td>{esc(s.key or '—')}</td><td>{esc(s.detail or '—')}</td></tr>"
        for s in statuses
    )
    return ('<table class="qa-table" id="library-files"><thead><tr><th>文件 file</th><th>状态 status</th>'
            f"<th>编号 id</th><th>说明 details</th></tr></thead><tbody>{rows}</tbody></table>")
