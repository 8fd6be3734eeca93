"""The Ask tab: a question in Chinese or English, answered by source passages shown as cards."""

from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from qa.pipeline.gloss import wants_gloss
from ui.cards import answer_html
from ui.messages import message_for
from ui.pages import passage_page
from ui.render import alert
from ui.service import Service

EXAMPLES = [
    "中国发射的首颗量子微纳卫星叫什么?",
    "英国每个量子生态中心平均有几个成员?",
    "光子盒发布了什么报告?",
    "How many quantum startups did the UK Quantum Technology Enterprise Centre incubate?",
    "Which backbone quantum communication networks has China built?",
    "What medical devices did Weici Technology build with atomic magnetometers?",
]
DEFAULT_K = 5
MAX_K_SHOWN = 20


def ask_page(service: Service, question: str, k: float) -> str:
    """The answer as HTML, or the reason it cannot be given, as a message in the page."""
    snap = service.snapshot()
    try:
        answer = snap.ask(question, k)
        if wants_gloss(answer, None):  # asked in English: pinyin, the sentence word by word, English titles
            answer = snap.assistant.gloss(answer)
    except QAError as exc:
        return alert(message_for(exc))
    threshold = snap.threshold if answer.threshold is None else answer.threshold  # the build's calibrated one
    return answer_html(answer, threshold, snap.context, lambda p: passage_page(snap.assistant.index, p))


def build(service: Service, concurrency_id: str) -> None:
    gr.Markdown("用中文或英文提问；答案是原文段落，答案句高亮，并附精确引用。 "
                "Ask in Chinese or English; the answer is the source itself, the answering sentence highlighted, "
                "with exact citations.")  # fmt: skip
    with gr.Row(equal_height=True):
        question = gr.Textbox(
            label="问题 Question", placeholder="例如 e.g. 中国发射的首颗量子微纳卫星叫什么?", lines=1, max_lines=4,
            scale=5, elem_id="ask-question", autofocus=True,
        )  # fmt: skip
        k = gr.Slider(1, MAX_K_SHOWN, value=DEFAULT_K, step=1, label="段落数 Passages (top-k)", scale=2,
                      elem_id="ask-k")  # fmt: skip
        button = gr.Button("提问 Ask", variant="primary", scale=1, elem_id="ask-button")
    gr.Examples(EXAMPLES, inputs=[question], label="示例问题 Example questions")
    results = gr.HTML(elem_id="ask-results", js_on_load=None)
    gr.on(
        [button.click, question.submit], lambda q, n: ask_page(service, q, n), inputs=[question, k],
        outputs=[results], api_name="ask_page", api_visibility="undocumented", concurrency_id=concurrency_id,
    )  # fmt: skip
