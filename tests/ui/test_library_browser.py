"""The Library tab in headless Chromium: upload a PDF, wait for the background rebuild, ask a question answered on
page 2 or later, and see the answer drawn on that page. The screenshot is tests/artifacts/ui-library-pdf.png."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from tests.conftest import ROOT, SEEDS
from tests.ui.helpers import ARTIFACTS, free_port, upload

pytestmark = pytest.mark.browser

QUESTION = "QED-C有多少家大学成员?"  # answered in seed 004, on page 2 of its two-column print
ANSWER = "38 家大学"
REBUILD_MS = 300_000


@pytest.fixture(scope="module")
def article_pdf(tmp_path_factory):
    if not shutil.which("chromium"):
        pytest.skip("chromium is not installed: it prints the PDF")
    spec = importlib.util.spec_from_file_location("docs_make", ROOT / "tests" / "data" / "docs" / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    seed = SEEDS / "004_5d17ec07eff20bd6.txt"
    out = tmp_path_factory.mktemp("upload") / "QuIC 联盟研究.pdf"  # a name with a space and Chinese, as people save
    return make.make_pdf(out, make.seed_html(seed))


@pytest.fixture(scope="module")
def library_app(tmp_path_factory, assistant):
    """The app in library mode over a folder of two seeds, indexed by the library's own background build."""
    from qa.pipeline.assistant import Assistant
    from ui.app import build_app, launch
    from ui.library_build import Library
    from ui.library_files import LibraryFolder
    from ui.runs import RunStore
    from ui.service import Service

    folder = LibraryFolder.open(tmp_path_factory.mktemp("library") / "articles")
    for name in ("000_99709ec6112ad673.txt", "003_d9fd685520b31bc1.txt"):
        shutil.copy(SEEDS / name, folder.root / name)
    library = Library(folder)
    library.rebuilder.request()
    assert library.rebuilder.wait(300).error == ""
    service = Service(Assistant.load(library.index_dir, embedder=assistant.embedder))
    store = RunStore.create(tmp_path_factory.mktemp("library-runs"))
    app = build_app(service, store, library)
    port = free_port()
    launch(app, store, host="127.0.0.1", port=port, block=False, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", library
    finally:
        app.close()
        library.rebuilder.stop()


def test_upload_a_pdf_rebuild_and_see_the_answer_on_its_page(browser, library_app, article_pdf):
    url, library = library_app
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("#ask-button", timeout=30_000)
        page.get_by_role("tab", name="文库 Library").click()
        page.locator("#library-limits").wait_for(timeout=10_000)
        assert "20 MB" in page.locator("#library-limits").inner_text()

        upload(page, "library-upload", article_pdf, 30_000)
        page.locator("#library-add").click()
        page.locator("#library-message").get_by_text("已添加 Added").wait_for(timeout=30_000)
        page.locator('#library-progress[data-state="done"]').wait_for(timeout=REBUILD_MS)
        row = page.locator(f'#library-files tr[data-file="{article_pdf.name}"]')
        row.wait_for(timeout=30_000)
        assert row.get_attribute("data-state") == "indexed" and "PDF" in row.inner_text()
        assert (library.folder.root / article_pdf.name).read_bytes() == article_pdf.read_bytes()
        assert sorted(p.name for p in library.folder.root.iterdir() if not p.name.startswith(".")) == sorted(
            ["000_99709ec6112ad673.txt", "003_d9fd685520b31bc1.txt", article_pdf.name])
        page.screenshot(path=str(ARTIFACTS / "ui-library-manage.png"), full_page=True)

        page.get_by_role("tab", name="提问 Ask").click()
        page.locator("#ask-question textarea").fill(QUESTION)
        page.locator("#ask-button").click()
        section = page.locator("#ask-results section.qa-answer").filter(has_text=QUESTION[:20])
        section.wait_for(timeout=60_000)
        card = section.locator("article.qa-card").first
        assert "QuIC" in card.inner_text() and "页" in card.locator(".qa-ref").inner_text()
        figure = card.locator("figure.qa-page")
        figure.wait_for(timeout=10_000)
        number = int(figure.get_attribute("data-page"))
        assert number >= 2, f"the answer is on page {number}"
        assert f"第{number}页" in card.locator(".qa-ref").inner_text()
        image = figure.locator("img.qa-page-image")
        assert image.evaluate("img => img.complete && img.naturalWidth > 500")
        boxes = figure.locator(".qa-box-sentence")
        assert boxes.count() >= 1 and figure.locator(".qa-box-answer").count() >= 1
        frame, box = image.bounding_box(), boxes.first.bounding_box()
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
        assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"] + 1
        shown = card.locator("strong.hl-answer").first.inner_text().replace("\u00a0", " ")
        from qa.pipeline.assistant import Assistant

        expected = Assistant.load(library.index_dir).ask(QUESTION, k=5)  # the build the app switched to
        assert number == expected.passages[0].page and shown == expected.span.text and ANSWER in shown
        figure.scroll_into_view_if_needed()
        figure.screenshot(path=str(ARTIFACTS / "ui-library-pdf.png"))
        page.screenshot(path=str(ARTIFACTS / "ui-library-pdf-page.png"), full_page=True)
        assert problems == []
    except BaseException:
        page.screenshot(path=str(ARTIFACTS / "ui-failed-library-pdf.png"), full_page=True)
        raise
    finally:
        context.close()
