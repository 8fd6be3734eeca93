"""The command line's tests answer in their own process unless a test starts a server itself."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_outside_server(monkeypatch):
    monkeypatch.delenv("QA_SERVER", raising=False)
