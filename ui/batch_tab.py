"""The Batch tab: upload a question file, watch it run, read the metrics, download the run."""

from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from ui import batch
from ui.messages import message_for
from ui.render import alert
from ui.runs import RunStore
from ui.service import Service, top_k

DEFAULT_K = 10

HELP = (
    "上传 JSONL 或 CSV 文件，至少包含 question 列；可选 id、lang、answer（期望答案）、doc（期望来源文件），"
    "期望答案只用于评分。 Upload a JSONL or CSV file with at least a `question` column; optional `id`, `lang`, "
    "`answer` (expected answer text) and `doc` (expected source file), used only for scoring."
)


def batch_page(service: Service, store: RunStore, path: str | None, k: float, progress=None):
    """(summary HTML, metrics table, charts HTML, failures table, download files)."""
    empty_metrics = gr.Dataframe(value=None)
    try:
        k_int = top_k(k)
        report = None if progress is None else (lambda done, total: progress((done, total), desc="回答中 Answering",
                                                                              unit="questions"))  # fmt: skip
        outcome = batch.run_batch(lambda qs, n: service.assistant.ask_many(qs, k=n), path, k_int, store, report)
    except QAError as exc:
        return alert(message_for(exc)), empty_metrics, "", gr.Dataframe(value=None), None
    header, rows = batch.metrics_rows(outcome.run)
    failures = batch.failure_rows(outcome.run)
    return (
        batch.summary_html(outcome),
        gr.Dataframe(value=rows, headers=header),
        batch.charts_html(outcome.run),
        gr.Dataframe(value=failures or None, headers=batch.FAILURE_HEADER),
        batch.downloads(outcome.files),
    )


def build(service: Service, store: RunStore) -> None:
    gr.Markdown(HELP)
    with gr.Row(equal_height=True):
        upload = gr.File(label="问题文件 Question file (.jsonl / .csv)", type="filepath", scale=3,
                         elem_id="batch-file")  # fmt: skip
        with gr.Column(scale=2):
            k = gr.Slider(1, 20, value=DEFAULT_K, step=1, label="每题段落数 Passages per question (k)",
                          elem_id="batch-k")  # fmt: skip
            run = gr.Button("运行 Run", variant="primary", elem_id="batch-button")
    summary = gr.HTML(elem_id="batch-summary", js_on_load=None)
    gr.Markdown("#### 指标 Metrics")
    metrics = gr.Dataframe(elem_id="batch-metrics", interactive=False, wrap=True)
    charts = gr.HTML(elem_id="batch-charts", js_on_load=None)
    gr.Markdown("#### 失败的问题 Failed questions")
    failures = gr.Dataframe(elem_id="batch-failures", interactive=False, wrap=True, max_height=400)
    files = gr.File(label="下载 Downloads (results.csv, results.jsonl, report.html, metrics.json)",
                    file_count="multiple", interactive=False, elem_id="batch-downloads")  # fmt: skip

    def handler(path, n, progress=gr.Progress()):  # noqa: B008  (Gradio injects the tracker)
        return batch_page(service, store, path, n, progress)

    run.click(
        handler, inputs=[upload, k], outputs=[summary, metrics, charts, failures, files], api_name="batch",
        concurrency_id="batch", concurrency_limit=1,
    )  # fmt: skip
