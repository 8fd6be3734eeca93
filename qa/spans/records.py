"""The record every span finder returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpanCandidate:
    start: int  # into the sentence
    end: int
    text: str
    score: float
