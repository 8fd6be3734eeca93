"""CSV cells a spreadsheet would not run: the usual leading-apostrophe rule, applied to every table written.

A cell whose text begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return, which some spreadsheets skip before looking) is read by
Excel, LibreOffice and Google Sheets as a formula: ``=HYPERLINK(...)`` in a
question or a quoted passage would run when the file is opened. Such a cell
gets a leading apostrophe, which the spreadsheet shows as nothing and which
makes it text. Numbers (not ``str``) are written as numbers. The JSON files
are the exact record; the CSV is for people.
"""

from __future__ import annotations

from collections.abc import Iterable

RISKY = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """``value``, with a leading ``'`` when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(RISKY):
        return "'" + value
    return value


def row(values: Iterable[object]) -> list[object]:
    return [cell(v) for v in values]


def record(values: dict) -> dict:
    return {k: cell(v) for k, v in values.items()}
