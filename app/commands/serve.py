"""qa serve: the browser app (ask, citations, batch runs, library) over one loaded index."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

from app.commands.common import add_engine_flags, add_index_flag, load_assistant
from qa.errors import QAError


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0-65535)")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def add_parser(sub) -> None:
    p = sub.add_parser(
        "serve", help="start the browser app (ask, citations, batch, library)",
        description="Serve the app on 127.0.0.1 (this machine only) unless --host says otherwise. The model and "
        "index load once at start-up; the first run builds the index of the bundled articles.",
        epilog="examples:\n  qa serve\n  qa serve --port 8080 --index ~/qa-index\n"
        "  qa serve --engine milvus --uri http://localhost:19530\n"
        "  qa serve --engine milvus --uri ./qa.db     (Milvus Lite: one process per file; stop it to rebuild)\n"
        "  python -c \"from gradio_client import Client; print(Client('http://127.0.0.1:7860/')"
        ".predict('IonQ是从哪两所大学孵化出来的?', 5, api_name='/ask'))\"",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=_port, default=7860, help="port (default 7860; 0 picks a free one)")
    p.add_argument("--runs", metavar="DIR", default=None,
                   help="folder for batch runs from the page (default: a new temporary folder)")  # fmt: skip
    p.add_argument("--concurrency", type=_positive, default=None,
                   help="questions answered at once (default 4); more requests wait in the queue")  # fmt: skip
    p.add_argument("--library", metavar="DIR", default=None,
                   help="a folder of articles the app manages: files are added and removed in the Library tab and "
                   "the index (DIR/.index unless --index) is rebuilt in the background; a new or empty folder "
                   "starts with copies of the bundled articles")  # fmt: skip
    add_index_flag(p)
    add_engine_flags(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from ui.runs import RunStore

    port = args.port or _free_port(args.host)
    check_port(args.host, port)  # a busy port, like a bad --runs, fails before the model loads
    _stop_on_signals()  # `kill PID` or a closed terminal stop the server as Ctrl-C does, and it tidies up
    with _signals_held():  # a folder is made and its removal registered with nothing in between
        store = RunStore.create(args.runs)
        uploads = upload_folder()  # files uploaded to the page live here, and go when the server stops
        if args.runs is None:  # the temporary folder made for this session goes when the process does, however
            import atexit
            import shutil

            atexit.register(shutil.rmtree, store.root, ignore_errors=True)
    library = None
    if getattr(args, "library", None):
        assistant, library = load_library(args)
    else:
        assistant = load_assistant(args, build_if_missing=True)

    from ui.app import CONCURRENCY, build_app, launch
    from ui.service import Service

    service = Service(assistant)
    service.warm_up()
    app = build_app(service, store, library)
    check_port(args.host, port)  # taken while the model loaded?
    try:
        launch(app, store, host=args.host, port=port, block=False, concurrency=args.concurrency or CONCURRENCY,
               quiet=True)  # fmt: skip
    except OSError:  # Gradio's own message names its environment variables, not our flag
        raise PortBusy(args.host, port) from None
    print(f"Serving on http://{args.host}:{port}/ (Ctrl-C to stop); batch runs go to {store.root}", flush=True)
    from app.client import remove_discovery, write_discovery

    # word for `qa ask` & co. on the same index folder: they use this server instead of loading the model
    # (a Milvus index has no folder: its clients name the server with --server)
    index_dir = assistant.data.index_dir if assistant.index.engine == "faiss" else None
    if index_dir is not None:
        write_discovery(index_dir, f"http://{_reachable(args.host)}:{port}/")
    try:
        app.block_thread()  # until Ctrl-C
    finally:
        if index_dir is not None:
            remove_discovery(index_dir)
        import shutil

        if args.runs is None:  # the temporary folder made for this session
            shutil.rmtree(store.root, ignore_errors=True)
        shutil.rmtree(uploads, ignore_errors=True)
        if library is not None:
            library.rebuilder.stop()
    return 0


def load_library(args):
    """(assistant, library) for ``--library DIR``: the folder made (with the bundled articles when new or empty)
    and indexed if it has no index yet; a library changed since its last build is rebuilt in the background."""
    from index import store
    from index.errors import IndexNotFound
    from qa.pipeline.assistant import Assistant
    from ui.library_build import Library
    from ui.library_files import LibraryFolder

    if getattr(args, "engine", "faiss") not in (None, "faiss"):
        raise QAError("--library keeps its index in a folder: leave out --engine. 文库模式的索引保存在文件夹中。")
    folder = LibraryFolder.open(Path(args.library), seed_from=store.default_corpus_dir())
    index = Path(args.index).expanduser() if args.index else folder.index_dir
    try:
        assistant = Assistant.load(index, check_corpus=False)
    except IndexNotFound:
        from app.commands.common import run_build

        print(f"qa: indexing the library {folder.root} (first run only)… 正在为文库建立索引…", file=sys.stderr,
              flush=True)  # fmt: skip
        run_build(corpus=folder.root, index=index, model=None, quiet=False)
        assistant = Assistant.load(index)
    store.check_built_from(assistant.index.meta, folder.root, index)  # an index of another folder is not the library's
    library = Library(folder, index, assistant.index.meta.model_id)
    if store.corpus_changes(assistant.index.meta, folder.root):
        library.rebuilder.request()  # files added or removed while the app was stopped
    return assistant, library


def upload_folder() -> Path:
    """A folder of this session's own for Gradio's uploads (``GRADIO_TEMP_DIR``), removed when the server stops
    (Ctrl-C, SIGTERM, or any other exit of the process), so no uploaded file outlives the session. Inside the
    folder ``GRADIO_TEMP_DIR`` names, when one is set."""
    import atexit
    import os
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="qa-serve-uploads-", dir=os.environ.get("GRADIO_TEMP_DIR") or None))
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    atexit.register(shutil.rmtree, folder, True)
    return folder


class PortBusy(QAError):
    """The port asked for is taken (the command line's own error, worded here)."""

    def __init__(self, host: str, port: int):
        super().__init__(f"cannot listen on {host}:{port}: the port is in use; choose another with --port "
                         f"(--port 0 picks a free one). 端口 {port} 已被占用，请用 --port 换一个。")  # fmt: skip
        self.host, self.port = host, port


def check_port(host: str, port: int) -> None:
    """Refuse a port something already listens on, as the web server would, but now and in one sentence."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: a closed socket's port is free
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortBusy(host, port) from None
            raise QAError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); check --host. "
                          "无法在该地址监听。") from None  # fmt: skip


def _stop_on_signals() -> None:
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            try:
                signal.signal(getattr(signal, name), _interrupt)
            except ValueError:  # not the main thread (a test calling main): Ctrl-C and the finally still hold
                return


@contextmanager
def _signals_held():
    """SIGTERM and SIGHUP wait until the block is done: a stop between making a temporary folder and
    registering its removal left the folder behind. Where signals cannot be blocked, nothing is held."""
    import signal

    held = {getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)}
    block = getattr(signal, "pthread_sigmask", None)
    if block is None or not held:
        yield
        return
    before = block(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, before)  # a signal that came meanwhile is delivered now


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _reachable(host: str) -> str:
    """The address a client on this machine connects to for a server listening on ``host``."""
    if host in ("", "0.0.0.0", "localhost"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _free_port(host: str) -> int:
    import socket

    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
