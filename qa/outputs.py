"""Output paths checked before any work starts, so an hour of answering is never lost to a bad ``--out``.

A folder to write into (``qa eval --out``) must be a folder, or not exist yet
under a folder that can be written; a file to write (``qa find --out``) must
not be a folder, and its folder must exist and be writable. Writing is proved
by creating and removing a probe file, because permission bits do not tell
(root, read-only mounts, full disks). Paths inside the kernel's pseudo
filesystems (``/proc``, ``/sys``, ``/dev``; the null device and the standard
streams excepted for files) are refused: nothing written there is kept.
Each check raises :class:`qa.errors.BadOutput` with the facts.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from qa.errors import BadOutput

PSEUDO = (Path("/proc"), Path("/sys"), Path("/dev"))
STREAMS = (Path("/dev/null"), Path("/dev/stdout"), Path("/dev/stderr"))


def _pseudo(p: Path) -> Path | None:
    """The pseudo filesystem ``p`` lies in (after following symlinks), if any."""
    try:
        real = Path(os.path.realpath(p))
    except (OSError, ValueError):
        return None
    for root in PSEUDO:
        if real == root or root in real.parents:
            return root
    return None


def _probe(folder: Path, flag: str, path: Path) -> None:
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".qa-write-test-")
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise BadOutput("unwritable", within=flag, path=path, detail=exc.strerror or type(exc).__name__) from None


def _nearest_existing(p: Path) -> Path:
    p = Path(os.path.abspath(p))
    while not os.path.lexists(p) and p != p.parent:
        p = p.parent
    return p


def check_out_dir(path: str | os.PathLike, flag: str = "--out") -> Path:
    """``path`` as a folder that can be written into (created later, by the writer)."""
    p = Path(path).expanduser()
    root = _pseudo(p)
    if root is not None:
        raise BadOutput("special", within=flag, path=p, found=str(root))
    if os.path.lexists(p):
        if not p.is_dir():
            raise BadOutput("not_a_folder", within=flag, path=p)
        _probe(p, flag, p)
        return p
    base = _nearest_existing(p)
    if not base.is_dir():
        raise BadOutput("not_a_folder", within=flag, path=base)
    _probe(base, flag, p)
    return p


def check_out_file(path: str | os.PathLike, flag: str = "--out") -> Path:
    """``path`` as a file that can be written (replaced if it exists)."""
    p = Path(path).expanduser()
    if Path(os.path.abspath(p)) in STREAMS:
        return p
    root = _pseudo(p)
    if root is not None:
        raise BadOutput("special", within=flag, path=p, found=str(root))
    if p.is_dir():
        raise BadOutput("is_a_folder", within=flag, path=p)
    parent = Path(os.path.abspath(p)).parent
    if not parent.exists():
        raise BadOutput("no_folder", within=flag, path=p, found=str(parent))
    if not parent.is_dir():
        raise BadOutput("not_a_folder", within=flag, path=parent)
    _probe(parent, flag, p)
    if os.path.lexists(p):
        try:
            with open(p, "ab"):
                pass
        except OSError as exc:
            raise BadOutput("unwritable", within=flag, path=p, detail=exc.strerror or type(exc).__name__) from None
    return p
