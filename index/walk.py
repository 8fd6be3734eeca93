"""Walk a corpus folder: the corpus is the folder and nothing else.

Every regular file under the folder is a candidate; hidden files and folders,
the top-level ``catalog.toml`` and an index kept inside are left out as
before. What the walk refuses is listed, never dropped silently, and never
opened (a :class:`~index.records.Skipped` with one of :data:`LEFT_OUT`):

- ``outside``: a symlink (to a file or a folder) whose target lies outside
  the corpus folder, e.g. ``passwd.txt -> /etc/passwd``. It is followed only
  when the build is asked to (``follow_symlinks``, ``qa build --follow-symlinks``).
  A symlink that stays inside the corpus is read where it points.
- ``broken_link``: a symlink to nothing, or a loop.
- ``bad_name``: a name that is not valid UTF-8 (Python keeps its bytes as
  surrogates): it cannot be stored, cited or shown. Its listed name shows
  the bytes as ``\\xff``.

FIFOs, sockets and devices are not files and are passed over, as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.records import Skipped

LEFT_OUT = ("outside", "broken_link", "bad_name")  # the walk's reasons: the file was never opened


@dataclass(frozen=True)
class Listing:
    files: list[Path]  # sorted
    skipped: list[Skipped] = field(default_factory=list)  # sorted by name


def shown_name(name: str) -> str:
    """``name`` as valid Unicode: a byte that was not UTF-8 shown as ``\\xff``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _bad(name: str) -> bool:
    return shown_name(name) != name


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def walk(folder: Path, left_out: Callable[[str, str], bool], catalog: str,
         follow_symlinks: bool = False) -> Listing:
    """The corpus's files and what the walk refused; ``left_out(dirpath, name)`` tells a folder to pass over."""
    folder = Path(folder)
    root = os.path.realpath(folder)
    files: list[Path] = []
    skipped: dict[str, Skipped] = {}
    walked = {root}

    def skip(path: str, reason: str, **facts) -> None:
        name = shown_name(Path(path).relative_to(folder).as_posix())
        skipped[name] = Skipped(name, reason, {k: shown_name(str(v)) for k, v in facts.items()})

    for dirpath, dirs, names in os.walk(folder, followlinks=follow_symlinks):
        keep = []
        for d in dirs:
            full = os.path.join(dirpath, d)
            if d.startswith(".") or left_out(dirpath, d):
                continue
            if _bad(d):
                skip(full, "bad_name")
                continue
            if os.path.islink(full):
                real = os.path.realpath(full)
                if not os.path.isdir(real):
                    skip(full, "broken_link")
                    continue
                if _inside(real, root) or real in walked:
                    continue  # its files are read where they are; a loop is walked once
                if not follow_symlinks:
                    skip(full, "outside", target=real)
                    continue
                walked.add(real)
            keep.append(d)
        dirs[:] = keep
        for n in names:
            full = os.path.join(dirpath, n)
            if n.startswith(".") or (dirpath == str(folder) and n == catalog):
                continue
            if _bad(n):
                skip(full, "bad_name")
                continue
            if os.path.islink(full):
                real = os.path.realpath(full)
                if not os.path.isfile(real):
                    skip(full, "broken_link")
                    continue
                if not follow_symlinks and not _inside(real, root):
                    skip(full, "outside", target=real)
                    continue
            elif not os.path.isfile(full):
                continue
            files.append(Path(full))
    files.sort()
    return Listing(files, [skipped[k] for k in sorted(skipped)])
