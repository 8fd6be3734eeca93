"""How a build changes an index folder safely: one writer at a time, durable files, an atomic switch.

A build takes the folder's lock (``DIR/.lock``, through ``filelock``: a
second build is refused at once, never queued), writes everything into
``builds/.tmp-*``, fsyncs the files and the folders, renames the folder into
place and then replaces the ``current`` symlink in one ``rename``. Killed at
any point, it leaves the previous index as it was; :func:`remove_leftovers`
clears what it left the next time the lock is taken.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from index import store
from index.errors import BadIndexFolder, IndexLocked

LOCK = ".lock"
TMP_PREFIX = ".tmp-"


class LockUnusable(IndexLocked):
    """The lock file cannot be opened (a folder or an unreadable file stands at its path)."""

    FACTS = {"unusable": lambda e: f"the build lock {e.path} cannot be used as a lock file ({e.detail})"}


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold ``index_dir``'s build lock for the block; :class:`IndexLocked` if another build holds it."""
    index_dir = Path(index_dir)
    for folder in (index_dir, index_dir / "builds"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file stands where the folder should be
            raise BadIndexFolder("not_a_folder", index_dir=index_dir, path=folder) from None
        except OSError as exc:
            raise BadIndexFolder("unwritable", index_dir=index_dir, path=folder,
                                 detail=exc.strerror or type(exc).__name__) from None
    path = index_dir / LOCK
    lock = filelock.FileLock(path, timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise IndexLocked("busy", index_dir=index_dir) from None
    except OSError as exc:
        raise LockUnusable("unusable", index_dir=index_dir, path=path, detail=type(exc).__name__) from None
    try:
        yield
    finally:
        lock.release()


def remove_leftovers(index_dir: Path) -> None:
    """What a killed build left behind: its half-written folder and its temporary ``current`` link.

    Called with the lock held, so no running build owns them.
    """
    for tmp in Path(index_dir).glob(".current.*"):
        if tmp.is_symlink() or tmp.is_file():
            tmp.unlink(missing_ok=True)
    builds = Path(index_dir) / "builds"
    if builds.is_dir():
        for tmp in builds.glob(f"{TMP_PREFIX}*"):
            shutil.rmtree(tmp, ignore_errors=True)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_files(folder: Path, names: Iterable[str]) -> None:
    """Each named file of ``folder`` and then the folder itself on disk."""
    for name in names:
        with open(Path(folder) / name, "rb") as fh:
            os.fsync(fh.fileno())
    fsync_dir(folder)


def publish(tmp: Path, final: Path) -> None:
    """Rename a complete build folder into place, durably."""
    os.replace(tmp, final)
    fsync_dir(final.parent)


def switch(index_dir: Path, build_dir: Path) -> None:
    """Point ``current`` at ``build_dir`` in one rename: a reader sees the old build or the new, never neither."""
    link = store.current_dir(index_dir)
    tmp = Path(index_dir) / f".current.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(build_dir, index_dir), tmp)
    os.replace(tmp, link)
    fsync_dir(Path(index_dir))


def prune(index_dir: Path, keep: Path) -> None:
    """Every build folder but ``keep``."""
    for old in (Path(index_dir) / "builds").iterdir():
        if old.resolve() != keep.resolve():
            shutil.rmtree(old, ignore_errors=True)


def write_atomic(path: Path, data: bytes) -> None:
    """``path`` holds the old bytes or the new ones, never a part: written beside it, then renamed."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
