"""Exceptions of the answer side: facts as fields, ``str()`` a neutral clause (see ``index/errors.py``).

Only ``app/messages.py`` (the command line) and ``ui/messages.py`` (the web
page) turn them into the sentence a person reads.
"""

from __future__ import annotations

from index.errors import IndexError_ as IndexError_  # noqa: F401  (re-exported)
from index.errors import QAError as QAError
from index.errors import _name


def _chars(e) -> str:
    return f"{e.found:,} characters long, over the {e.limit:,}-character limit"


K_FACTS = {
    "k_range": lambda e: f"k must be between 1 and {e.limit}; got {e.found}",
    "k_not_number": lambda e: f"k must be a whole number between 1 and {e.limit}; got {e.found!r}",
}


class BadQuestion(QAError):
    """The question (or the text to find) cannot be answered as given: empty, too long, a bad k."""

    FACTS = {
        "not_text": lambda e: "the question must be text",
        "empty": lambda e: "the question is empty",
        "too_long": lambda e: f"the question is {_chars(e)}",
        "find_not_text": lambda e: "the text to find must be a string",
        "find_empty": lambda e: "the text to find is empty",
        "find_too_long": lambda e: f"the text is {_chars(e)}",
        "find_punctuation": lambda e: "the text has only punctuation or spaces, which are ignored when matching",
        **K_FACTS,
    }


class BadText(BadQuestion):
    """Text that is not valid Unicode or not text at all (``qa.intext``): ``within`` names the text, ``found``
    the 1-based position of the first bad character (or byte), ``detail`` what it is."""

    FACTS = {
        "not_unicode": lambda e: f"the {e.within} is not valid Unicode: character {e.found} is {e.detail}",
        "not_utf8": lambda e: f"the {e.within} is not UTF-8: byte {e.found} ({e.detail}) cannot be decoded",
        "not_text": lambda e: f"the {e.within} must be text, not {e.found}",
    }


class BadQuestionFile(QAError):
    """A question file (or a file of texts to find) where nothing parses, or that is too large."""

    FACTS = {
        "missing": lambda e: f"No question file at {e.path}",
        "too_large": lambda e: f"{_name(e.path)} is {e.found / 1e6:.1f} MB, over the {e.limit / 1e6:.0f} MB limit",
        "utf16": lambda e: f"{_name(e.path)} is UTF-16",
        "binary": lambda e: f"{_name(e.path)} looks binary",
        "not_utf8": lambda e: f"{_name(e.path)} is not UTF-8 (byte {e.found})",
        "empty": lambda e: f"{_name(e.path)} is empty",
        "json_array": lambda e: f"{_name(e.path)} is a JSON array",
        "unknown_format": lambda e: f"Unknown question file format {e.found!r}; the formats are "
        + ", ".join(repr(f) for f in e.expected),
        "nothing_read": lambda e: f"No question in {_name(e.path)} could be read"
        + (f"; first problem: {e.detail}" if e.detail else ""),
        "too_many_rows": lambda e: f"{_name(e.path)} has more than {e.limit:,} rows",
        "no_question_field": lambda e: f'No row of {_name(e.path)} has a "question" field',
        "no_question_column": lambda e: f"{_name(e.path)} has no 'question' column (found {e.found})",
        "no_header": lambda e: f"{_name(e.path)} has no header row",
        "not_uploaded": lambda e: "no file was uploaded",
        "too_many_questions": lambda e: f"{_name(e.path)} has {e.found:,} questions, over the {e.limit:,} "
        "the page runs",
    }


class BadCitation(QAError):
    """A citation id that is malformed or names nothing in the index.

    ``found`` is what was asked for; ``expected`` the documents there are
    (``no_document``) or the nearest id that exists; ``within`` the document
    or paragraph looked in; ``limit`` its last paragraph or sentence number.
    """

    FACTS = {
        "not_text": lambda e: "a citation id must be text",
        "malformed": lambda e: f"{e.found!r} is not a citation id",
        "no_document": lambda e: f"no document {e.found}; documents are {e.expected}",
        "no_paragraphs": lambda e: f"document {e.found} has no indexed paragraphs",
        "no_paragraph": lambda e: f"{e.within} has paragraphs p1–p{e.limit}, so {e.found} does not exist; "
        f"the nearest is {e.expected}",
        "no_sentences": lambda e: f"{e.found} is a {e.detail} without sentences",
        "no_sentence": lambda e: f"{e.within} has "
        + ("one sentence, s1" if e.limit == 1 else f"sentences s1–s{e.limit}")
        + f", so {e.found} does not exist; the nearest is {e.expected}",
    }


class BadRunFolder(QAError):
    """A folder that cannot take a run (a file, a folder of other files) or does not hold one."""

    FACTS = {
        "is_a_file": lambda e: f"{e.path} is a file",
        "runs_is_file": lambda e: f"{e.path} is a file",
        "no_run": lambda e: f"No {e.expected} in {e.path}",
        "bad_line": lambda e: f"{e.path} line {e.found} is not a qa eval result ({e.detail})",
        "foreign_files": lambda e: f"{e.path} holds other files ({e.found}), which the app would let anyone "
        "download",
        "resume_mismatch": lambda e: f"{e.path} holds a run of {e.expected}, not of {e.found}, so it cannot be "
        "resumed with it",
        "no_state": lambda e: f"{e.path} holds results without the run.json that says how they were asked, so "
        "they cannot be resumed",
    }


class BadOutput(QAError):
    """An output path that cannot take what would be written (``qa.outputs``), found before any work starts:
    ``within`` names the option (``--out``), ``path`` the path, ``detail`` the system's reason."""

    FACTS = {
        "not_a_folder": lambda e: f"{e.within} {e.path} is a file, not a folder",
        "is_a_folder": lambda e: f"{e.within} {e.path} is a folder, not a file",
        "no_folder": lambda e: f"{e.within} {e.path}: the folder {e.found} does not exist",
        "special": lambda e: f"{e.within} {e.path} is inside {e.found}, which holds no ordinary files",
        "unwritable": lambda e: f"{e.within} {e.path} cannot be written ({e.detail})",
    }


class UnknownFormat(QAError):
    """A format name no writer knows; ``expected`` lists the ones there are."""

    FACTS = {
        "reference": lambda e: f"unknown reference format {e.found!r}; the formats are "
        + ", ".join(repr(f) for f in e.expected),
    }


# ---------------------------------------------------------------- settings files (qa/settings.py)
class SettingsError(QAError):
    """A settings file that cannot be used as it is: ``path`` names the file, ``key`` the dotted key."""

    FACTS = {
        "missing_file": lambda e: f"no settings file at {e.path}",
        "not_toml": lambda e: f"{e.path} is not valid TOML ({e.detail})",
    }
    key: str = ""

    def __init__(self, reason: str, /, key: str = "", **facts) -> None:
        super().__init__(reason, **facts)
        self.key = key


class UnknownSetting(SettingsError):
    """A key the schema does not have (a typo would be ignored, its value never used); ``expected``: the keys there."""

    FACTS = {"unknown": lambda e: f"{e.path}: unknown setting {e.key!r}; the settings there are "
             + ", ".join(e.expected)}

    def __init__(self, path, key: str, allowed: tuple[str, ...]) -> None:
        super().__init__("unknown", key=key, path=path, expected=allowed)


class MissingSetting(SettingsError):
    FACTS = {"missing": lambda e: f"{e.path}: the setting {e.key!r} is missing"}

    def __init__(self, path, key: str) -> None:
        super().__init__("missing", key=key, path=path)


class BadSetting(SettingsError):
    """A value of the wrong type or out of range: ``expected`` says what is accepted, ``found`` what is there."""

    FACTS = {"bad_value": lambda e: f"{e.path}: the setting {e.key!r} must be {e.expected}; found {e.found!r}"}

    def __init__(self, path, key: str, expected: str, found) -> None:
        super().__init__("bad_value", key=key, path=path, expected=expected, found=found)
