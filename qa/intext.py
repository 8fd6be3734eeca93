"""One rule for text that comes in from anywhere: argv, standard input, files, the web API.

The policy, stated once:

- Bytes are UTF-8 (a leading BOM is dropped), decoded strictly: a byte that
  is not UTF-8 is refused, never replaced, so nothing is answered that the
  person did not write.
- A ``str`` must be valid Unicode: it holds no surrogate code point
  (U+D800–U+DFFF). Python keeps an undecodable argv byte as U+DC80–U+DCFF
  (``surrogateescape``), and JSON may spell a lone one (``"\\ud800"``); both are
  refused, naming the character's position (and, for an escaped byte, the byte).
- Invisible characters carry no question: control characters (C0 but tab
  and newline, DEL, C1) and format characters (category Cf: zero-width
  space and joiners, BOM, bidi controls, soft hyphen) are removed. A text of
  only those is empty.

:func:`clean_text` applies it to a ``str`` and :func:`decode_bytes` to bytes;
both raise :class:`qa.errors.BadText` carrying the facts (what text, where,
which character or byte). The callers decide what one refusal costs: one
question, one row, one line, never the batch.
"""

from __future__ import annotations

import re
import unicodedata

from qa.errors import BadText

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 but tab and newline, DEL, C1
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS = re.compile("\r\n?|\x85")


def first_surrogate(text: str) -> int | None:
    """0-based index of the first surrogate code point, or None when ``text`` is valid Unicode."""
    m = _SURROGATE.search(text)
    return m.start() if m else None


def _describe(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: a byte that was not UTF-8
        return f"byte 0x{code - 0xDC00:02X}, which is not UTF-8"
    return f"U+{code:04X}, a lone surrogate"


def check_unicode(text: str, what: str = "question") -> str:
    """``text`` itself when it is valid Unicode; else :class:`BadText` naming the first bad character."""
    at = first_surrogate(text)
    if at is not None:
        raise BadText("not_unicode", within=what, found=at + 1, detail=_describe(text[at]))
    return text


def visible(text: str) -> str:
    """``text`` without control characters (but tab and newline) and format characters (zero-width, bidi, BOM);
    the other line breaks (CR LF, CR, NEL) read as a newline, as a spreadsheet or an old editor meant them."""
    text = _CONTROL.sub("", _BREAKS.sub("\n", text))
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def clean_text(text: object, what: str = "question") -> str:
    """The text as valid Unicode, invisible characters removed, stripped; may be ``""`` (the caller says if empty
    is allowed). A value that is not a ``str`` (a number, ``None``, NaN) is refused: it was not typed as text."""
    if not isinstance(text, str):
        raise BadText("not_text", within=what, found=type(text).__name__)
    return visible(check_unicode(text, what)).strip()


def decode_bytes(data: bytes, what: str = "line") -> str:
    """UTF-8 bytes as text (a leading BOM dropped); :class:`BadText` naming the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise BadText("not_utf8", within=what, found=offset + 1, detail=f"0x{data[offset]:02X}") from None
