"""What a line is by its form alone: a heading that titles what follows, a command, a setting, a table row.

Cleaning (``index.clean``) asks these when it groups lines into paragraphs; the corpus reader and the
answer's code spans ask whether a line is a command. Pure functions of one line's text.
"""

from __future__ import annotations

import re

from index.readers.base import CELL_SEP
from index.text.script import CJK_CHAR

SENTENCE_END = "。！？!?；;…"
INNER_PUNCT = re.compile(r"[。！？!?；;，,、：:]")
_MARKED_MAX = 120  # a line marked as a heading longer than this is a paragraph set in a heading style

_NUMBERED = re.compile(r"\d+(?:\.\d+)*\.?\s")  # "2.7.11. ", "1 "
# a shell prompt ("$ ", "# " before a command) or a command-line option (" -b", " --remove-home")
_CODE = re.compile(r"^[$#%>] +[A-Za-z./~]|(?:^|\s)--?[A-Za-z][\w-]*(?:\s|=|$)")


def is_code_line(text: str) -> bool:
    """A line of a command rather than words: Latin only, with a prompt or an option
    (``# poweroff -i -f``, ``journalctl -b``). Manuals set such lines apart; they are text, not headings."""
    if len(text) > 200 or CJK_CHAR.search(text) or _NUMBERED.match(text) or text.endswith(tuple(SENTENCE_END + ".")):
        return False  # "1.5.3 The -h flag" is a numbered heading; "Use journalctl -b." a sentence
    return bool(_CODE.search(text))


# an English sentence: two words or more and a full stop after a word ("Answer all questions.");
# a setting ("ListenStream=22", "export EDITOR=mcedit")
_EN_SENTENCE = re.compile(r"^[^\s]+(?:\s+[^\s]+)+$")
_WORD_STOP = re.compile(r"[A-Za-z)\"'”’]\.$")
_CJK_STOP = re.compile(CJK_CHAR.pattern + r"\.$")
_SETTING = re.compile(r"(?:^|\s)[A-Za-z_][\w.:-]*=\S")
_SECTION = re.compile(r"^\[[A-Z][\w.:-]*\]$")  # a configuration file's section: [Unit], [Match], [Network]
_QUESTION = ("?", "？")


def is_structured(text: str) -> bool:
    """A line whose form says it is content, even when short or repeated: a table row (a manual repeats a
    header row, ``package | popcon | size | description``, over every table), a command, a setting, a
    configuration section (``[Match]``, ``Name=en*``, ``[Network]``, ``DHCP=yes``: an example file)."""
    return CELL_SEP in text or is_code_line(text) or bool(_SETTING.search(text) or _SECTION.match(text))


def is_heading(text: str) -> bool:
    """A line that can title what follows: short, no inner punctuation, no sentence end (a full stop
    after an English word or a Chinese character counts), not code, not a setting. A numbered question is
    a heading too: a manual's FAQ titles its sections so ("2.7.11. 上传软件包的是谁？", "Who uploaded the
    package?"), and the paragraph under it is the answer. A table row is never one: its cells are the
    facts a reader asks about ("/var/log/dpkg.log | dpkg 级的软件包活动日志"), to be found and cited."""
    question = bool(_NUMBERED.match(text)) and text.endswith(_QUESTION)
    if len(text) > 40 or is_structured(text):
        return False  # a table row, a command, "ListenStream=22", "[Unit]"
    if INNER_PUNCT.search(text[:-1] if question else text):
        return False
    if text.endswith(tuple(SENTENCE_END)) and not question:
        return False
    if _CJK_STOP.search(text):
        return False  # "它和 Apple Bonjour 相当." is a sentence with the wrong stop
    return not (_WORD_STOP.search(text) and _EN_SENTENCE.match(text) and not _NUMBERED.match(text))


def is_marked_heading(text: str) -> bool:
    """A line its format marks as a heading is one, even ending as a question ("### 年休假可以跨年使用吗？" titles
    its answer), unless too long to title anything or content by its form (a table row, ``# apt-get update``)."""
    return len(text) <= _MARKED_MAX and not is_structured(text)
