"""The Batch tab: upload a question file, watch it run, read the metrics, download the run."""

from __future__ import annotations

import gradio as gr
import pandas as pd

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


def table(rows: list[list[str]], header: list[str]) -> pd.DataFrame:
    """A table with its header even when it has no rows (an empty Dataframe otherwise shows 1, 2, 3)."""
    return pd.DataFrame(rows, columns=header)


EMPTY_METRICS = ["指标 metric", "全部 overall", "中文 zh", "英文 en", "n"]


def batch_page(service: Service, store: RunStore, path: str | None, k: float, progress=None):
    """(summary HTML, metrics table, charts HTML, failures table, download files)."""

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress((done, total), desc="回答中 Answering", unit="questions")

    try:
        outcome = batch.run_batch(service.snapshot().ask_many, path, top_k(k), store, report)
    except QAError as exc:
        return alert(message_for(exc)), table([], EMPTY_METRICS), "", table([], batch.FAILURE_HEADER), None
    header, rows = batch.metrics_rows(outcome.run)
    return (
        batch.summary_html(outcome),
        table(rows, header),
        batch.charts_html(outcome.run),
        table(batch.failure_rows(outcome.run), batch.FAILURE_HEADER),
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
    summary = gr.HTML(elem_id="batch-summary", js_on_load=None, min_height=60)
    gr.Markdown("#### 指标 Metrics")
    metrics = gr.Dataframe(table([], EMPTY_METRICS), elem_id="batch-metrics", interactive=False, wrap=True)
    charts = gr.HTML(elem_id="batch-charts", js_on_load=None)
    gr.Markdown("#### 要看的问题 Questions to look at: 第一段有误 wrong at rank 1 · 不在前 k 段 not in the top k · "
                "误判为无法回答 flagged unanswerable · 应判为无法回答 answered, but unanswerable")  # fmt: skip
    failures = gr.Dataframe(
        table([], batch.FAILURE_HEADER), elem_id="batch-failures", interactive=False, wrap=True, max_height=400
    )
    files = gr.File(label="下载 Downloads (results.csv, results.jsonl, report.html, metrics.json)",
                    file_count="multiple", interactive=False, elem_id="batch-downloads", height=260)  # fmt: skip

    def handler(path, n, progress=gr.Progress()):  # noqa: B008  (Gradio injects the tracker)
        return batch_page(service, store, path, n, progress)

    run.click(
        handler, inputs=[upload, k], outputs=[summary, metrics, charts, failures, files], api_name="batch",
        concurrency_id="batch", concurrency_limit=1, show_progress_on=[summary],
    )  # fmt: skip
