"""The HTML report: self-contained, escaped, and rendering in a real browser with its SVG charts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from qa.eval.questions import QuestionRow
from qa.eval.report import marked_passage, render_report
from qa.eval.run import evaluate
from qa.eval.runfolder import write_run
from qa.records import Highlight, Passage
from tests.qa.eval.fakes import FakeAnswerFn, gold_rows

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM = "/usr/bin/chromium"
EVIL = "<script>alert('x')</script> 量子?"


def _run():
    rows = [*gold_rows(), QuestionRow("evil", 8, EVIL, None, "", None)]
    return evaluate(rows, FakeAnswerFn(), k=10, progress=False)


def test_report_is_self_contained_and_escaped():
    html = render_report(_run())
    assert "<script" not in html.lower()  # no scripts at all, and the question's tag is escaped
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched
    assert '<link rel="stylesheet"' not in html
    assert html.count("<svg") == 2
    for label in ("指标 Metrics", "按语言 By language", "失败的问题 Failed questions", "命中率@1"):
        assert label in html


def test_marks_nest_the_answer_inside_the_sentence():
    text = "前言。段路明创办了<华翊>量子。后记"
    p = Passage(
        rank=1,
        doc="d.txt",
        title="",
        citation="d:p1",
        start=100,
        end=100 + len(text),
        score=1.0,
        text=text,
        highlights=(
            Highlight(103, 103 + len("段路明创办了<华翊>量子。"), "段路明创办了<华翊>量子。", "sentence"),
            Highlight(109, 113, "<华翊>", "answer"),
        ),
    )
    assert marked_passage(p) == (
        '前言。<mark class="sentence">段路明创办了<mark class="answer">&lt;华翊&gt;</mark>量子。</mark>后记'
    )


def test_marks_are_placed_by_offsets_and_a_disagreeing_highlight_is_dropped_not_searched():
    p = Passage(1, "d.txt", "", "d:p1", 10, 16, 1.0, "abcdef", (Highlight(12, 14, "cd", "sentence"),))
    assert marked_passage(p) == 'ab<mark class="sentence">cd</mark>ef'
    p = Passage(1, "d.txt", "", "d:p1", 0, 6, 1.0, "abcdef", (Highlight(50, 52, "cd", "sentence"),))
    assert marked_passage(p) == "abcdef"  # "cd" is in the text, but not where the offsets say
    p = Passage(1, "d.txt", "", "d:p1", 0, 6, 1.0, "abcdef", (Highlight(2, 4, "zz", "sentence"),))
    assert marked_passage(p) == "abcdef"


@pytest.mark.browser
def test_report_renders_in_chromium(tmp_path):
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    files = write_run(_run(), tmp_path / "run")
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
            page.on(
                "request", lambda r: None if r.url.startswith(("file:", "data:")) else problems.append(r.url)
            )
            page.goto(files.report_html.as_uri(), wait_until="load")

            assert page.title() == "评估报告 Evaluation report"
            for chart in ("#hit-curve", "#confidence-histogram"):
                box = page.locator(chart).bounding_box()
                assert box and box["width"] > 300 and box["height"] > 200, chart
            assert page.locator("#hit-curve polyline").count() == 3  # overall, zh, en
            assert page.locator("#confidence-histogram rect").count() > 3
            assert page.locator("#metrics tr").count() == 1 + 11
            failed = page.locator("#failed tr")
            assert failed.count() == 1 + 3  # header + q5, q6, the <script> question
            assert EVIL in page.locator("#failed").inner_text()  # shown as text, never run
            assert page.locator("#failed mark.sentence").count() >= 2
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
