from __future__ import annotations

import pytest

from index.text.script import all_cjk, count_cjk, detect_lang, has_cjk, starts_cjk


@pytest.mark.parametrize(
    "text, lang",
    [
        ("IonQ是从哪两所大学孵化出来的?", "zh"),
        ("IBM 和 QED-C 是什么关系?", "zh"),  # acronyms do not make a Chinese question English
        ("Which two universities did IonQ come from?", "en"),
        ("量子 computing research in the United States", "mixed"),
        ("12345 ?!", "other"),
        ("", "other"),
        ("國際研究院在哪裡?", "zh"),  # traditional characters are Chinese
        ("光子盒最近发布了什么报告?", "zh"),
        ("QED-C由哪个机构负责管理?", "zh"),
        ("How many universities are members of QED-C?", "en"),
        ("Which company heads the working group 教育工作组 at QuIC?", "mixed"),
        ("مرحبا بالعالم", "other"),
        ("😀😀😀", "other"),
        ("12345", "other"),
    ],
)
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


def test_character_class():
    assert has_cjk("abc量子") and not has_cjk("abc ١٢")
    assert starts_cjk("量a") and not starts_cjk("a量")
    assert all_cjk("量子") and not all_cjk("量子1") and not all_cjk("")
    assert count_cjk("㐀一\uf900ｱあ") == 3  # extension A, unified, compatibility; not kana or half-width
    assert not has_cjk("\u4dc0")  # a hexagram symbol sits between the two blocks and is not a character
