"""The managed library: uploads stored only inside it under plain names, limits named, the index rebuilt in the
background (a child process) while the loaded build answers, each file's status."""

from __future__ import annotations

import shutil

import pytest

from index.summary import read_summary
from tests.conftest import SEEDS
from ui import library_files
from ui.library_build import Library, Progress
from ui.library_files import LibraryError, LibraryFolder, safe_name
from ui.library_status import file_statuses, progress_html, status_html
from ui.messages import sentence


@pytest.mark.parametrize(("uploaded", "stored"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\evil.PDF", "evil.pdf"),
    ("/abs/path/报告.docx", "报告.docx"),
    (".hidden.md", "hidden.md"),
    ("a<b>:c|d?.html", "a_b_c_d_.html"),
    ("tab\tand\nnewline\x00.txt", "tabandnewline.txt"),
    ("ｆｕｌｌ．ｔｘｔ", "full.txt"),
    ("..", "document"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
])
def test_an_uploaded_name_becomes_a_plain_file_name(uploaded, stored):
    assert safe_name(uploaded) == stored


@pytest.fixture
def library(tmp_path):
    return LibraryFolder.open(tmp_path / "lib")


def _upload(tmp_path, name: str, data: bytes):
    """An upload as Gradio hands it over: the name the browser gave, and the bytes in a file of their own."""
    folder = tmp_path / "uploads"
    folder.mkdir(exist_ok=True)
    src = folder / f"{len(list(folder.iterdir()))}.bin"
    src.write_bytes(data)
    return (name, src)


def test_uploads_stay_inside_the_library_under_their_plain_names(library, tmp_path):
    added = library.add([_upload(tmp_path, "../../outside.txt", "量子通信\n".encode()),
                         _upload(tmp_path, "a.txt", "第一篇\n".encode())])
    assert [a.name for a in added] == ["outside.txt", "a.txt"]
    assert not (tmp_path / "outside.txt").exists() and not (tmp_path.parent / "outside.txt").exists()
    assert sorted(p.name for p in library.root.iterdir()) == ["a.txt", "outside.txt"]
    again = library.add([_upload(tmp_path, "a.txt", "第一篇\n".encode()), _upload(tmp_path, "a.txt", b"other")])
    assert [(a.name, a.duplicate) for a in again] == [("a.txt", True), ("a-2.txt", False)]
    assert library.files() == ["a-2.txt", "a.txt", "outside.txt"]


def test_a_link_in_the_library_is_never_written_through(library, tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("不可改动\n", encoding="utf-8")
    (library.root / "a.txt").symlink_to(target)
    added = library.add([_upload(tmp_path, "a.txt", "新内容\n".encode())])
    assert added[0].name == "a-2.txt" and target.read_text(encoding="utf-8") == "不可改动\n"


def test_limits_are_named(library, tmp_path, monkeypatch):
    with pytest.raises(LibraryError) as err:
        library.add([_upload(tmp_path, "photo.png", b"\x89PNG")])
    assert err.value.reason == "format" and "不支持" in sentence(err.value)
    monkeypatch.setattr(library_files, "MAX_FILE_BYTES", 10)
    with pytest.raises(LibraryError) as err:
        library.add([_upload(tmp_path, "big.txt", b"x" * 11)])
    assert err.value.reason == "too_large" and err.value.limit == 10
    monkeypatch.setattr(library_files, "MAX_FILES_PER_UPLOAD", 1)
    with pytest.raises(LibraryError) as err:
        library.add([_upload(tmp_path, "a.txt", b"a"), _upload(tmp_path, "b.txt", b"b")])
    assert err.value.reason == "too_many" and "1 per upload" in str(err.value)
    with pytest.raises(LibraryError) as err:
        library.add([])
    assert err.value.reason == "nothing"
    with pytest.raises(LibraryError) as err:  # a path the browser did not upload: a crafted request
        library.add([("passwd.txt", tmp_path / "uploads" / ".." / ".." / "x.txt")], uploaded_to=tmp_path / "uploads")
    assert err.value.reason == "not_uploaded"
    assert library.files() == [], "nothing is written when an upload is refused"


def test_only_the_library_s_own_files_can_be_removed(library, tmp_path):
    outside = tmp_path / "keep.txt"
    outside.write_text("x", encoding="utf-8")
    library.add([_upload(tmp_path, "a.txt", "第一篇\n".encode())])
    for name in ("../keep.txt", str(outside), "", ".index"):
        with pytest.raises(LibraryError):
            library.remove(name)
    assert outside.exists()
    library.remove("a.txt")
    assert library.files() == []


def test_a_new_library_starts_with_the_bundled_articles(tmp_path):
    lib = LibraryFolder.open(tmp_path / "new", seed_from=SEEDS)
    assert lib.files() == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert (lib.root / "catalog.toml").exists() and lib.index_dir == lib.root / ".index"


def test_file_statuses_say_what_became_of_each_file(small_corpus, tmp_path, fake_embedder):
    from index.build import build

    (small_corpus / "notes.xlsx").write_bytes(b"PK\x03\x04")
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    info = read_summary(tmp_path / "idx")
    files = ["001_alpha.txt", "003_gamma.md", "new.pdf", "notes.xlsx"]  # 002 removed since, new.pdf added
    states = {s.name: s for s in file_statuses(files, info, Progress())}
    assert states["001_alpha.txt"].state == "indexed" and states["001_alpha.txt"].key == "001"
    assert states["notes.xlsx"].state == "skipped" and "不支持该格式" in states["notes.xlsx"].detail
    assert states["new.pdf"].state == "waiting" and states["002_beta.txt"].state == "removed"
    assert file_statuses(files, info, Progress(running=True))[2].state == "indexing"
    html = status_html(list(states.values()))
    assert 'data-file="notes.xlsx" data-state="skipped"' in html
    assert 'data-state="running"' in progress_html(Progress(running=True, stage="embed chunks", done=3, total=9))
    assert "3/9" in progress_html(Progress(running=True, stage="embed chunks", done=3, total=9))


def test_the_index_is_rebuilt_in_the_background_and_the_app_switches(tmp_path, seed_index):
    """A real child build (the bundled model): the loaded assistant answers until the new build is complete."""
    from qa.pipeline.assistant import Assistant
    from ui.service import Service

    folder = LibraryFolder.open(tmp_path / "lib")
    shutil.copy(SEEDS / "003_d9fd685520b31bc1.txt", folder.root)
    lib = Library(folder)
    lib.rebuilder.request()
    first = lib.rebuilder.wait(300)
    assert first.error == "" and first.builds == 1 and first.report["documents"] == 1, first
    service = Service(Assistant.load(lib.index_dir))
    before = service.current()
    shutil.copy(SEEDS / "002_cbd0f7ac5fa4a03a.txt", tmp_path / "002.txt")
    lib.add([("002_cbd0f7ac5fa4a03a.txt", tmp_path / "002.txt")])
    assert lib.progress.running
    assert service.current() is before, "the previous build answers while the new one is written"
    done = lib.rebuilder.wait(300)
    assert done.error == "" and done.builds == 2 and done.report["documents"] == 2
    assert done.report["embedded"] < done.report["chunks"], "the unchanged article is not embedded again"
    after = service.current()
    assert after is not before and sorted(after.index.documents) == ["002", "003"]
    assert 'data-state="done"' in progress_html(done)
