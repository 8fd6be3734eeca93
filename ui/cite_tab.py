"""The Citations tab: look up a citation id, or find where a quote or a claim comes from."""

from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from ui.citations import cited_html, match_html, verdict_label
from ui.messages import FIND_HEADINGS, message_for
from ui.pages import page_html
from ui.render import alert, esc
from ui.service import Service

MAX_MATCHES_SHOWN = 5


def cite_page(service: Service, citation_id: str) -> tuple[str, str, str]:
    """(HTML of the cited text in context, reference in Chinese, reference in English)."""
    snap = service.snapshot()
    try:
        cited = snap.cite(citation_id)
    except QAError as exc:
        return alert(message_for(exc)), "", ""
    u = cited.unit
    page = page_html(snap.assistant.index, cited.source.key, [("sentence", s, e) for s, e in u.spans], u.start)
    return cited_html(cited) + (page or ""), cited.reference_zh, cited.reference_en


def find_page(service: Service, text: str) -> tuple[str, str, str]:
    """(HTML of the verdict and the best sources, each marked in its paragraph; references of the best)."""
    snap = service.snapshot()
    try:
        result = snap.find(text)
    except QAError as exc:
        return alert(message_for(exc, FIND_HEADINGS)), "", ""
    label, cls = verdict_label(result.verdict)
    detail = f"得分 score {result.score:.2f}"
    if result.verdict != "exact":
        detail += f" (阈值 threshold {result.threshold:.2f})"
    if result.occurrences > len(result.matches):
        detail += f" · 共出现 {result.occurrences} 次 occurs {result.occurrences} times"
    note = (
        '<p class="qa-muted">以下是最接近的句子，均低于阈值。 The closest sentences are shown; none reaches the '
        "threshold.</p>"
        if result.verdict == "not found" and result.matches
        else ""
    )
    cards = "".join(
        match_html(m, snap.text(m.doc), snap.paragraph_span(m.citation))
        + (page_html(snap.assistant.index, m.doc, [("sentence", s, e) for s, e in m.spans], m.start) or "")
        for m in result.matches[:MAX_MATCHES_SHOWN]
    )
    html = (
        f'<section class="qa-find" data-verdict="{esc(result.verdict)}">'
        f'<div class="qa-verdict {cls}">判定 Verdict: {esc(label)} <span class="qa-score">{esc(detail)}</span></div>'
        f"{note}{cards}</section>"
    )
    best = result.best if result.verdict != "not found" else None
    return html, (best.reference if best else ""), (best.reference_en if best else "")


def build(service: Service, concurrency_id: str) -> None:
    gr.Markdown("### 按编号查引用 Look up a citation id")
    with gr.Row(equal_height=True):
        cid = gr.Textbox(label="引用编号 Citation id", placeholder="001:p23 或 or 001:p23.s2", scale=4,
                         elem_id="cite-id")  # fmt: skip
        look = gr.Button("查找 Look up", variant="primary", scale=1, elem_id="cite-button")
    cited = gr.HTML(elem_id="cite-result", js_on_load=None)
    with gr.Row():
        ref_zh = gr.Textbox(label="中文引用 Reference (Chinese)", buttons=["copy"], interactive=False,
                            elem_id="cite-ref-zh")  # fmt: skip
        ref_en = gr.Textbox(label="英文引用 Reference (English)", buttons=["copy"], interactive=False,
                            elem_id="cite-ref-en")  # fmt: skip
    gr.on(
        [look.click, cid.submit], lambda v: cite_page(service, v), inputs=[cid], outputs=[cited, ref_zh, ref_en],
        api_name="cite_page", api_visibility="undocumented", concurrency_id=concurrency_id,
    )  # fmt: skip

    gr.Markdown("### 查找引文或论断的出处 Find where a quote or a claim comes from")
    with gr.Row(equal_height=True):
        quote = gr.Textbox(
            label="引文或论断 Quote or claim (中文或英文 Chinese or English)", lines=2, max_lines=8, scale=4,
            placeholder="例如 e.g. 我国已建成京沪干线、武合干线等骨干量子通信基础设施网络", elem_id="find-text",
        )  # fmt: skip
        find = gr.Button("查找出处 Find the source", variant="primary", scale=1, elem_id="find-button")
    found = gr.HTML(elem_id="find-result", js_on_load=None)
    with gr.Row():
        find_zh = gr.Textbox(label="中文引用 Reference (Chinese)", buttons=["copy"], interactive=False,
                             elem_id="find-ref-zh")  # fmt: skip
        find_en = gr.Textbox(label="英文引用 Reference (English)", buttons=["copy"], interactive=False,
                             elem_id="find-ref-en")  # fmt: skip
    gr.on(
        [find.click], lambda v: find_page(service, v), inputs=[quote], outputs=[found, find_zh, find_en],
        api_name="find_page", api_visibility="undocumented", concurrency_id=concurrency_id,
    )  # fmt: skip
