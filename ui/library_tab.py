"""The Library tab: what the index holds, and with which model it was built."""

from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from ui.library import library_html
from ui.messages import message_for
from ui.render import alert
from ui.service import Service


def library_page(service: Service) -> str:
    try:
        return library_html(service.library)
    except QAError as exc:
        return alert(message_for(exc))


def build(service: Service) -> None:
    gr.Markdown("索引中的文章，以及构建索引所用的模型和时间。 The articles in the index, and the model and time it "
                "was built with.")  # fmt: skip
    # a callable value is computed at each page load: a rebuilt index shows without a restart
    gr.HTML(lambda: library_page(service), elem_id="library", js_on_load=None)
