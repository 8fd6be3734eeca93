"""The service swaps in a newer build between requests, never under one, and survives a bad build."""

from __future__ import annotations

import pytest

from index.errors import CorruptIndex
from qa.errors import BadQuestion
from ui import service as service_module
from ui.service import Service, top_k


class FakeAssistant:
    def __init__(self, name: str, newer=None):
        self.name = name
        self._newer = list(newer or [])
        self.checks = 0

    def newer(self):
        self.checks += 1
        item = self._newer.pop(0) if self._newer else None
        if isinstance(item, Exception):
            raise item
        return item


def test_a_newer_build_is_used_from_the_next_request_on():
    new = FakeAssistant("new")
    service = Service(FakeAssistant("old", [None, new]))
    first = service.snapshot()
    assert first.assistant.name == "old"
    second = service.snapshot()
    assert second.assistant.name == "new"
    assert first.assistant.name == "old"  # a request already running keeps its build
    assert service.snapshot().assistant is new


def test_a_build_that_cannot_be_opened_is_ignored_for_a_while(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(service_module.time, "monotonic", lambda: clock[0])
    old = FakeAssistant("old", [CorruptIndex("bad build"), FakeAssistant("fixed")])
    service = Service(old)
    assert service.current() is old
    assert service.current() is old and old.checks == 1  # not retried at once
    clock[0] += service_module.RETRY_SECONDS + 1
    assert service.current().name == "fixed"


@pytest.mark.parametrize(("value", "expected"), [(3, 3), (3.0, 3), ("7", 7), (None, 5), (50, 50)])
def test_top_k_accepts_whole_numbers_in_range(value, expected):
    assert top_k(value) == expected


@pytest.mark.parametrize("value", [0, 51, -1, "x", float("inf"), float("nan"), [1]])
def test_top_k_refuses_the_rest_with_the_range(value):
    with pytest.raises(BadQuestion, match="between 1 and 50"):
        top_k(value)


def test_the_context_of_a_row_of_a_long_table_is_the_rows_around_it(tmp_path, fake_embedder):
    from index.engines import engine_for
    from qa.pipeline.assistant import Assistant
    from qa.settings import load_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = "\n".join(f"设备{i:03d} | 端口 {1000 + i} | 第{i}号机房" for i in range(1, 200))
    text = f"端口表\n\n设备 | 端口 | 位置\n{rows}\n\n表后的说明文字在这里。\n"
    (corpus / "01_ports.txt").write_text(text, encoding="utf-8")
    engine = engine_for("faiss", index_dir=tmp_path / "idx")
    engine.build(corpus, embedder=fake_embedder)
    service = Service(Assistant(engine.open(), fake_embedder, load_settings(), engine)).snapshot()
    passage = next(p for p in service.ask("设备100 的端口是多少?", 5).passages if "设备100" in p.text)
    _, (start, end, text), _ = service.context(passage)
    assert "设备100" in text and start <= passage.start and passage.end <= end
    assert "设备001" not in text and "设备199" not in text  # not the whole table of 199 rows
    assert len(text.splitlines()) < 30
