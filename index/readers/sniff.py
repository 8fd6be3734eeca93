"""What a file's first bytes say it is, whatever its name says."""

from __future__ import annotations

import codecs
import re

_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html[\s>]|<head[\s>])", re.I | re.S)


def _ascii_view(head: bytes) -> bytes:
    """The first bytes as ASCII-compatible bytes (UTF-16/32 text with its NULs removed, a BOM dropped)."""
    for bom in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            return head[len(bom):].replace(b"\x00", b"")
    return head.removeprefix(codecs.BOM_UTF8)


def sniff(head: bytes) -> str | None:
    """``"pdf"``, ``"html"``, ``"docx"`` (a zip), or None for anything else (text)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if _HTML.match(_ascii_view(head)):
        return "html"
    return None
