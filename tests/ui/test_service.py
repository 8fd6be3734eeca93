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
