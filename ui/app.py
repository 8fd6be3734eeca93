"""The Gradio app: four tabs over one loaded assistant, served on loopback by default.

``build_app`` makes the Blocks (usable in tests without a server);
``launch`` serves it with the queue, the stylesheet and the file rules:
the only folder files are handed out from is the run store.
"""

from __future__ import annotations

import gradio as gr

from ui import api, ask_tab, batch_tab, cite_tab, cli_api, library_tab
from ui.runs import RunStore
from ui.service import Service
from ui.style import CSS

TITLE = "文章问答 Article Q&A"
ASK = "answer"  # concurrency group of the quick lookups (ask, cite, find)
CONCURRENCY = 4  # quick lookups at once; answering is CPU-bound, more threads only queue on the GIL
QUEUE_SIZE = 512
MAX_UPLOAD = "20mb"  # the question reader's own limit (qa.questions.MAX_BYTES)


def build_app(service: Service, store: RunStore, library=None) -> gr.Blocks:
    """The app's Blocks; ``library`` (``ui.library_build.Library``) lets the Library tab add and remove files."""
    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        gr.Markdown(f"## {TITLE}\n中文文章的问答：答案即原文，附引用。 Questions about Chinese articles, "
                    "answered with the cited source.")  # fmt: skip
        with gr.Tabs():
            with gr.Tab("提问 Ask", id="ask", elem_id="tab-ask"):
                ask_tab.build(service, ASK)
            with gr.Tab("引用 Citations", id="citations", elem_id="tab-citations"):
                cite_tab.build(service, ASK)
            with gr.Tab("批量 Batch", id="batch", elem_id="tab-batch"):
                batch_tab.build(service, store)
            with gr.Tab("文库 Library", id="library", elem_id="tab-library"):
                library_tab.build(service, library)
        api.register(service, ASK)
        cli_api.register(service)  # qa ask/find/cite/eval --server
    return app


def launch(
    app: gr.Blocks,
    store: RunStore,
    host: str = "127.0.0.1",
    port: int = 7860,
    block: bool = True,
    concurrency: int = CONCURRENCY,
    quiet: bool = False,
):
    """Serve the app; with ``block=False`` return (app, local URL) and keep serving in a thread."""
    app.queue(max_size=QUEUE_SIZE, default_concurrency_limit=concurrency)
    _, url, _ = app.launch(
        server_name=host, server_port=port, prevent_thread_lock=not block, share=False, inbrowser=False,
        show_error=False, quiet=quiet, ssr_mode=False, allowed_paths=[str(store.root)], max_file_size=MAX_UPLOAD,
        css=CSS, footer_links=["api", "gradio"], mcp_server=False, pwa=False,
    )  # fmt: skip
    return app, url
