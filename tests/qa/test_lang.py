from __future__ import annotations

import pytest

from qa.lang import detect_lang


@pytest.mark.parametrize("text,lang", [
    ("光子盒最近发布了什么报告?", "zh"),
    ("QED-C由哪个机构负责管理?", "zh"),
    ("IonQ是从哪两所大学孵化出来的?", "zh"),
    ("How many universities are members of QED-C?", "en"),
    ("Which company heads the working group 教育工作组 at QuIC?", "mixed"),
    ("مرحبا بالعالم", "other"),
    ("😀😀😀", "other"),
    ("12345", "other"),
])
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang
