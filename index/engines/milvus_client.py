"""The connection to Milvus: a client opened and closed, a Milvus Lite file's in-process server freed with its last one.

``connect`` refuses a bad URI, a missing pymilvus or an unreachable server
with one ``EngineUnreachable`` each (``lite_busy``: a Lite file held by
another process).
"""

from __future__ import annotations

import logging
import os
import re
import threading

from index.engines.errors import EngineUnreachable
from index.engines.milvus_schema import is_lite


def connect(uri: str, token: str = "", timeout: float = 10.0):
    """A ``MilvusClient`` for ``uri`` (a ``.db`` file path for Milvus Lite, or ``http(s)://host:port``)."""
    try:
        from pymilvus import MilvusClient
        from pymilvus.exceptions import MilvusException
    except ImportError as exc:
        raise EngineUnreachable("missing_package", expected="pymilvus (and milvus-lite for a .db file)",
                                detail=str(exc)) from None
    logging.getLogger("pymilvus").setLevel(logging.CRITICAL)  # refusals are raised, not logged
    uri = str(uri)
    if not is_lite(uri) and not re.match(r"(?:https?|tcp|unix)://", uri):
        raise EngineUnreachable("bad_uri", path=uri, expected="a file path ending in .db (Milvus Lite) or "
                                "http://host:port")
    logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)  # its failure to open is raised below, not printed
    try:
        # Milvus Lite's in-process server refuses pymilvus's 10-second keepalive pings (GOAWAY too_many_pings)
        options = {"grpc_options": {"grpc.keepalive_time_ms": 600_000}} if is_lite(uri) else {}
        client = MilvusClient(uri=uri, token=token, timeout=timeout, **options)
        _opened(client, uri)
        try:
            client.list_aliases()
        except MilvusException:
            disconnect(client)
            raise
        return client
    except MilvusException as exc:
        if is_lite(uri) and lite_busy(uri):  # checked after the failure: this process's own lock is no refusal
            raise EngineUnreachable("lite_busy", path=uri) from None
        raise EngineUnreachable("unreachable", path=uri, detail=getattr(exc, "message", str(exc))) from None


_LITE_CLIENTS: dict[str, int] = {}  # Milvus Lite file -> this process's open clients of it (connect/disconnect)
_LITE_LOCK = threading.Lock()


def _opened(client, uri: str) -> None:
    if is_lite(uri):
        path = os.path.abspath(uri)
        with _LITE_LOCK:
            _LITE_CLIENTS[path] = _LITE_CLIENTS.get(path, 0) + 1
        client._qa_lite_path = path


def disconnect(client) -> None:
    """Close a client of ``connect``; the last one of a Milvus Lite file stops its in-process server, which
    frees the file for another process (pymilvus itself keeps it until the process ends)."""
    client.close()
    path = getattr(client, "_qa_lite_path", None)
    if path is None:
        return
    client._qa_lite_path = None
    with _LITE_LOCK:
        left = _LITE_CLIENTS.get(path, 1) - 1
        if left > 0:
            _LITE_CLIENTS[path] = left
            return
        _LITE_CLIENTS.pop(path, None)
    try:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(path)
    except ImportError:  # pragma: no cover - a Lite client exists, so milvus_lite does
        pass


def lite_busy(uri: str) -> bool:
    """Whether the Milvus Lite file ``uri`` is held open (its ``LOCK``, an advisory flock; this process's own
    open client holds it too, so ask only after opening failed)."""
    import fcntl

    lock = os.path.join(uri, "LOCK")
    if not os.path.isfile(lock):
        return False
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def server_kind(client) -> str:
    try:
        return "lite" if str(client.get_server_version()).startswith("milvus_lite") else "server"
    except Exception:  # noqa: BLE001 - an old server without the call is a server
        return "server"

