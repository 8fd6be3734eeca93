"""An answer that follows its sentence: "删除这个用户账号，使用下面的命令。" and then, as a paragraph of its
own, ``deluser --remove-home fish``. Manuals put the command, the path or the setting a question asks for
in a short block after the sentence that introduces it; that block shares no word with the question, so
it never ranks itself. When the chosen sentence ends its paragraph, the next paragraph is a short line of
code (a prompt or an option, a path, a setting: no Chinese, no sentence end), and either the sentence
announces it (a colon, 下面/如下/以下, "the following", "as follows") or the question asks how to do
something, the code is the answer and the passage shown runs on to it. A list or a paragraph of prose
after "如下" is not followed: the sentence that announces it holds the answer as often as not (measured on
the seeds). Pure functions of the texts.
"""

from __future__ import annotations

import re

from index.line_kinds import is_code_line
from index.text.script import count_cjk

MAX_FOLLOW = 200  # characters of the following block: a command or a setting, not a paragraph of prose

_ANNOUNCE = re.compile(r"[:：]\s*$|下面|如下|以下|下列|\bthe following\b|\bas follows\b|\bbelow\b", re.I)
_HOW = re.compile(
    r"怎样|怎么|如何|用什么|哪个命令|什么命令|哪条命令|命令是|哪个文件|什么文件|哪一行|哪行|设置什么|加什么|"
    r"\bhow (?:do|can|should|would) (?:i|you|we)\b|\bwhich (?:command|file|line|setting|option)\b|"
    r"\bwhat (?:command|file|line|setting|option)\b|\bwhat(?:'s| is) the command\b", re.I)
_CODE_MARK = re.compile(r"^\s*[$#>] |\s--?[A-Za-z]|/[\w.-]+/|[\w.-]+=\S|^\s*[\w.-]+\s*\(\d\)\s*$|"
                        r"\w::\w|;\s*$")  # APT::Acquire::http::Dl-Limit "800";
# a sentence's end anywhere in the block: a word's full stop, also after a closing quote or bracket (creating
# "/etc/x.network". E.g.:)
_PROSE_END = re.compile(r"[。！？]|[!?]\s*$|[a-z]{3,}[\"'”’)\]]*[.](?:\s|$)")


def announces(sentence: str) -> bool:
    """The sentence introduces what comes after it: a final colon, 下面/如下/以下, "the following"."""
    return bool(_ANNOUNCE.search(sentence))


def asks_how(question: str) -> bool:
    """The question asks for a way to do something, a command, a file or a setting."""
    return bool(_HOW.search(question))


def code_like(block: str) -> bool:
    """A short block that reads as a command, a path or a setting rather than prose: no Chinese, no
    sentence end, and a prompt, an option, a path or an assignment in it."""
    text = block.strip()
    if not text or len(text) > MAX_FOLLOW or count_cjk(text) or _PROSE_END.search(text):
        return False
    return is_code_line(text) or bool(_CODE_MARK.search(text))


def follows(question: str, sentence: str, block: str) -> bool:
    """Whether ``block``, the paragraph after ``sentence`` (the chosen one, last of its paragraph), answers."""
    return code_like(block) and (announces(sentence) or asks_how(question))


def follows_paragraph(question: str, last: str, block: str) -> bool:
    """Whether ``block`` answers a question whose chosen sentence is not the last of its paragraph: the
    question asks how, and the paragraph ends announcing the block ("You can change it by the following.")."""
    return code_like(block) and asks_how(question) and announces(last)
