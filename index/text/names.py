"""Chinese personal names: surnames, compound surnames and their readings in citations.

One list for the span finder (is this word a name?) and for references (which
part of 欧阳修 is the family name, and how is it read?).
"""

from __future__ import annotations

import re
from importlib import resources

from index.text.script import CJK


def _entries(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>.txt``: one a line, ``#`` starts a comment."""
    text = (resources.files(__package__) / "data" / f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


SURNAMES = frozenset(_entries("surnames"))  # the common one-character surnames
COMPOUND_SURNAMES = _entries("compound_surnames")  # two-character surnames: 欧阳, 司马
SURNAME_READINGS = dict(line.split() for line in _entries("surname_readings"))  # 单 -> shan, not dan
_NAME = re.compile(f"^[{CJK}·]{{2,4}}$")


def split_name(name: str) -> tuple[str, str] | None:
    """(family, given) of a Chinese personal name (欧阳修 -> 欧阳, 修); None for other names and organisations."""
    if not _NAME.match(name):
        return None
    family = next((c for c in COMPOUND_SURNAMES if name.startswith(c) and len(name) > len(c)), name[0])
    return family, name[len(family):].replace("·", "")
