"""Commands, files, packages and settings: the answers of a manual ("用什么命令…", "which file…").

Such an answer is written in Latin letters even in a Chinese text, and typography sets it apart: quotes,
a path, a manual-page reference, a command with its options, an identifier with inner punctuation or in
capitals. A span the question itself spells out (the ``mkpasswd`` of "which package ships mkpasswd")
is its subject, not its answer. Regexes only, so the span can be looked for in every candidate.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.line_kinds import is_code_line
from index.text.script import CJK_CHAR
from qa.spans.context import Context
from qa.spans.records import SpanCandidate

STRONG, MEDIUM, WEAK = 1.2, 0.8, 0.55  # quoted, a path or a command line; an identifier; a bare word

_QUOTED = re.compile(r"[“\"'`‘]([^“”\"'`‘’\n]{1,80})[”\"'`’]")
_PATH = re.compile(r"(?<![\w/])(?:~|\.{1,2})?/[\w.\-*/]+|~/[\w.\-/]*", re.ASCII)
_MANPAGE = re.compile(r"\b[\w.+-]+\(\d\w?\)", re.ASCII)
_ARG = r"(?:--?[\w-]+(?:=\S+)?|[\w]*[./~*=_-][\w./~*=-]*)"  # an option, or an argument with a symbol
# a command and at least one option; in running English text only arguments with a symbol follow it
_COMMAND = re.compile(rf"\b[a-z][\w.+-]*(?:[ \t]+[a-z][\w.+-]*)?(?:[ \t]+{_ARG})*?[ \t]+--?[A-Za-z][\w-]*(?:=[!-~]+)?"
                      rf"(?:[ \t]+{_ARG})*", re.ASCII)  # apt-get install -y foo/bar: a command, a subcommand, options
_WORDS_AFTER = re.compile(r"(?:[ \t]+[\w./~*'=-]+)+", re.ASCII)  # plain words too, where no prose can follow
_IDENTIFIER = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:[_.:+-][A-Za-z0-9]+)+\b|\b[A-Z][A-Z0-9_]{2,}\b", re.ASCII)
_LATIN_WORD = re.compile(r"\b[a-z][a-z0-9]{2,}\b", re.ASCII)
_PARTS = re.compile(r"[a-z0-9]+")
# a key or a key combination: Ctrl-Alt-F3, SUPER-SPACE, Alt+F2, F10
_KEY = re.compile(r"\b(?:Ctrl|Alt|Shift|Super|Meta|CTRL|ALT|SHIFT|SUPER|META)(?:[-+][A-Za-z0-9]+)+\b"
                  r"|\bF(?:1[0-2]|[1-9])\b", re.ASCII)
KEY_FOCUS = ("key", "shortcut", "keystroke", "键", "快捷键", "组合键", "功能键", "按键")


def is_location(text: str) -> bool:
    """A path or an address: where a manual says a thing is ("/var/lib/dpkg/status-old", "https://...")."""
    return text.startswith(("/", "~/")) or "://" in text


@lru_cache(maxsize=4096)
def sentence_code(sentence: str) -> tuple[tuple[int, int, float], ...]:
    """Every code-like span of ``sentence`` with its base score, whatever the question: (start, end, score)."""
    found: dict[tuple[int, int], float] = {}

    def add(s: int, e: int, score: float) -> None:
        while s < e and sentence[s] in " \t":
            s += 1
        while e > s and sentence[e - 1] in " \t.,;:。，；：":
            e -= 1
        if e > s and not CJK_CHAR.search(sentence, s, e):
            found[(s, e)] = max(found.get((s, e), 0.0), score)

    for m in _QUOTED.finditer(sentence):
        if re.search(r"[A-Za-z]", m.group(1)):
            add(m.start(1), m.end(1), STRONG)
    chinese = bool(CJK_CHAR.search(sentence))
    code_line = not chinese and is_code_line(sentence.strip())
    for pattern in (_PATH, _MANPAGE):
        for m in pattern.finditer(sentence):
            add(m.start(), m.end(), STRONG)
    for m in _COMMAND.finditer(sentence):
        end = m.end()
        if chinese or code_line:  # the Latin run ends where the Chinese text, or the line, goes on
            more = _WORDS_AFTER.match(sentence, end)
            end = more.end() if more else end
        add(m.start(), end, STRONG)
    for m in _KEY.finditer(sentence):
        add(m.start(), m.end(), STRONG)
    for m in _IDENTIFIER.finditer(sentence):
        add(m.start(), m.end(), MEDIUM)
    if chinese:  # a lower-case Latin word inside Chinese text names a program or a package
        for m in _LATIN_WORD.finditer(sentence):
            add(m.start(), m.end(), WEAK)
    return tuple(sorted((s, e, v) for (s, e), v in found.items()))


def code(ctx: Context) -> list[SpanCandidate]:
    """The code-like spans of the sentence, scored for the question: one it spells out itself counts little."""
    sentence = ctx.sentence
    asked = {t for t, _, _ in ctx.hits}
    spelled = {(hs, he) for _, hs, he in ctx.hits}  # where the question's own terms stand in the sentence
    out = []
    keys = ctx.qtype.focus.lower().endswith(KEY_FOCUS)  # which key, 什么组合键: a key, not a command
    for s, e, score in sentence_code(sentence):
        text = sentence[s:e]
        if keys and not _KEY.fullmatch(text):
            score *= 0.5
        parts = _PARTS.findall(text.lower())
        if text.lower() in asked or (s, e) in spelled or (parts and set(parts) <= asked):
            score *= 0.3  # the question's own subject (/var/lib/dpkg/status when it asks about that file)
        out.append(SpanCandidate(s, e, text, score))
    return out
