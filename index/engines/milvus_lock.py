"""``{alias}__lock``: one build of an alias at a time, across processes and machines.

Creating a collection is atomic in Milvus, so the lock is a collection: the
build that creates it holds it (its schema names the build, so no two
builds' schemas are equal), and its one row says who holds it (build, host,
pid, start). A build that finds it refuses with those facts, unless the
holder is a process of this host that no longer runs (a killed build): that
lock is taken over.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime

from index.engines import milvus_schema as ms
from index.engines.milvus_collections import create_lock, lock_holder
from index.errors import IndexLocked


class BuildLock:
    """``{alias}__lock``, created for the length of a build (creating a collection is atomic in Milvus)."""

    def __init__(self, client, alias: str, location: str, build_id: str):
        self.client, self.name, self.location, self.build_id = client, ms.lock_name(alias), location, build_id
        self.holder = json.dumps({"build": build_id, "host": socket.gethostname(), "pid": os.getpid(),
                                  "started": datetime.now(UTC).isoformat(timespec="seconds")})

    def __enter__(self) -> BuildLock:
        from pymilvus.exceptions import MilvusException

        for attempt in range(2):
            try:
                create_lock(self.client, self.name, self.build_id, self.holder)
                break
            except MilvusException:
                owner, held = lock_holder(self.client, self.name)
                if attempt == 0 and owner != self.build_id and _abandoned(held):
                    self.client.drop_collection(self.name)
                    continue
                raise IndexLocked("busy", index_dir=self.location, found=held) from None
        owner, held = lock_holder(self.client, self.name)
        if owner != self.build_id:
            raise IndexLocked("busy", index_dir=self.location, found=held)
        return self

    def __exit__(self, *exc) -> None:
        if lock_holder(self.client, self.name)[0] == self.build_id:
            self.client.drop_collection(self.name)


def _abandoned(held: str | None) -> bool:
    """A lock taken on this host by a process that no longer runs."""
    try:
        info = json.loads(held or "")
        if info.get("host") != socket.gethostname():
            return False
        os.kill(int(info["pid"]), 0)
    except ProcessLookupError:
        return True
    except (ValueError, TypeError, KeyError, AttributeError, PermissionError, OSError):
        return False
    return False
