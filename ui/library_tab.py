"""The Library tab: what the index holds and how it was built; with a managed library (``qa serve --library``),
files added from the browser, removed, and the index rebuilt in the background while the app keeps answering."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import gradio as gr

from index.corpus import SUFFIXES
from qa.errors import QAError
from ui.library import library_html
from ui.library_build import Library
from ui.library_files import MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD, MAX_LIBRARY_FILES
from ui.library_status import file_statuses, progress_html, status_html
from ui.messages import message_for, sentence
from ui.render import alert, esc
from ui.service import Service

LIMITS = (f"格式 formats: {', '.join(SUFFIXES)} · 每个文件至多 at most {MAX_FILE_BYTES // (1024 * 1024)} MB a file · "
          f"每次至多 {MAX_FILES_PER_UPLOAD} 个文件 files an upload · 文库至多 {MAX_LIBRARY_FILES} 个文件 files in the "
          "library. 文件只被读取，从不执行 Files are read, never run.")


def upload_folder() -> Path:
    """Where the web server keeps uploaded files (Gradio's ``GRADIO_TEMP_DIR``): the only files taken from."""
    return Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")


def library_page(service: Service) -> str:
    try:
        return library_html(service.library)
    except QAError as exc:
        return alert(message_for(exc))


def files_page(service: Service, library: Library) -> str:
    try:
        info = service.library
    except QAError:
        info = None
    return status_html(file_statuses(library.folder.files(), info, library.progress))


def build(service: Service, library: Library | None = None) -> None:
    gr.Markdown("索引中的文章，以及构建索引所用的模型和时间。 The articles in the index, and the model and time it "
                "was built with.")  # fmt: skip
    # a callable value is computed at each page load: a rebuilt index shows without a restart
    documents = gr.HTML(lambda: library_page(service), elem_id="library", js_on_load=None, render=False)
    if library is not None:
        _manage(service, library, documents)
    documents.render()


def _manage(service: Service, library: Library, documents: gr.HTML) -> None:
    gr.Markdown("### 添加或移除文档 Add or remove documents")
    gr.HTML(f'<p class="qa-muted" id="library-limits">{esc(LIMITS)}</p>')
    uploads = gr.File(label="上传文件 Upload files", file_count="multiple", file_types=list(SUFFIXES),
                      elem_id="library-upload")  # fmt: skip
    add = gr.Button("添加到文库 Add to the library", variant="primary", elem_id="library-add")
    with gr.Row(equal_height=True):
        choose = gr.Dropdown(choices=library.folder.files(), value=None, label="移除文档 Remove a document",
                             elem_id="library-remove-choice", scale=4)  # fmt: skip
        remove = gr.Button("移除 Remove", variant="stop", elem_id="library-remove", scale=1)
    message = gr.HTML(elem_id="library-message")
    progress = gr.HTML(lambda: progress_html(library.progress), elem_id="library-progress-box")
    table = gr.HTML(lambda: files_page(service, library), elem_id="library-files-box")
    timer = gr.Timer(1.0, active=library.progress.running)

    def state(note: str) -> tuple:
        """What every event refreshes: the note, the progress, the files, the documents, the choices, the timer."""
        p = library.progress
        return (note, progress_html(p), files_page(service, library), library_page(service),
                gr.update(choices=library.folder.files(), value=None), gr.Timer(active=p.running or p.pending))

    def on_add(files):
        try:
            added = library.add([(Path(f).name, Path(f)) for f in (files or [])], upload_folder())
        except QAError as exc:
            return *state(alert(sentence(exc))), None
        names = ", ".join(a.name + (" (已在文库中 already there)" if a.duplicate else "") for a in added)
        return *state(alert(f"已添加 Added: {names}. 正在后台重建索引 The index is rebuilt in the background.",
                            "info")), None

    def on_remove(name):
        try:
            library.remove(name or "")
        except QAError as exc:
            return state(alert(sentence(exc)))
        return state(alert(f"已移除 Removed: {name}. 正在后台重建索引 The index is rebuilt in the background.",
                           "info"))

    def on_tick():
        return state(gr.update())[1:]

    outputs = [message, progress, table, documents, choose, timer]
    add.click(on_add, inputs=[uploads], outputs=[*outputs, uploads], api_visibility="undocumented")
    remove.click(on_remove, inputs=[choose], outputs=outputs, api_visibility="undocumented")
    timer.tick(on_tick, outputs=outputs[1:], api_visibility="undocumented")
