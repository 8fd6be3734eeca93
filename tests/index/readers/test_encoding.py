"""Text files in every Chinese encoding people save them in are read, and the encoding is recorded."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from index.readers import NoText, UnreadableEncoding, read_document
from index.readers.encoding import EncodingNotFound, decode

ROOT = Path(__file__).resolve().parents[3]
SEED = (ROOT / "seeds" / "003_d9fd685520b31bc1.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, encoding",
    [("gb18030.txt", "gb18030"), ("big5.txt", "big5"), ("utf16.txt", "utf-16-le")],
)
def test_fixture_files_decode_to_the_seed_text(docs, make, name, encoding):
    doc = read_document(docs / name)
    assert doc.encoding == encoding and doc.format == "txt"
    expected = make.encoded_texts()[name].decode({"big5": "cp950", "utf-16-le": "utf-16"}.get(encoding, encoding))
    assert doc.text == expected
    assert "\ufeff" not in doc.text


def test_traditional_big5_text_is_traditional(docs):
    doc = read_document(docs / "big5.txt")
    assert doc.title == "北京海澱發力量子信息產業 爭奪量子產業第一城"
    assert "中關村科學城" in doc.text


@pytest.mark.parametrize(
    "bom, codec, recorded",
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_a_bom_decides_and_is_not_part_of_the_text(bom, codec, recorded):
    text = SEED[:300]
    got = decode(bom + text.encode(codec))
    assert (got.text, got.encoding, got.bom) == (text, recorded, True)


def test_utf8_first_then_utf16_without_bom():
    assert decode(SEED.encode("utf-8")).encoding == "utf-8"
    english = "Quantum Economic Development Consortium (QED-C)\n" * 5
    assert decode(english.encode("utf-16-le")).encoding == "utf-16-le"
    assert decode(english.encode("utf-16-be")).encoding == "utf-16-be"


@pytest.mark.parametrize("codec, family", [("gb18030", "gb18030"), ("gbk", "gb18030"), ("gb2312", "gb18030")])
def test_simplified_legacy_encodings_are_gb18030(codec, family):
    text = SEED[:2000]
    got = decode(text.encode(codec, errors="ignore"))
    assert got.encoding == family and got.text == text.encode(codec, errors="ignore").decode(codec)


def test_detection_on_pieces_of_the_seed(make):
    """The rule as measured: every piece of 60 characters or more is decoded right, in GB18030 and Big5."""
    trad = make.to_traditional(SEED)
    wrong = []
    for text, codec in ((SEED, "gb18030"), (trad, "big5")):
        for start in range(0, len(text) - 60, 250):
            piece = text[start:start + 60]
            data = piece.encode(codec, errors="ignore")
            if decode(data).text != data.decode(codec):
                wrong.append((codec, start))
    assert not wrong


def test_binary_and_undecodable_files_are_refused_with_facts(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnreadableEncoding) as err:
        read_document(binary)
    assert err.value.path == binary and "NUL" in err.value.reason
    with pytest.raises(EncodingNotFound):
        decode(codecs.BOM_UTF8 + b"\xff\xfe\xfa")
    empty = tmp_path / "empty.md"
    empty.write_bytes(codecs.BOM_UTF8 + b"  \n\n")
    with pytest.raises(NoText):
        read_document(empty)
