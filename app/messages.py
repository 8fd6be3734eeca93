"""Library exceptions as the one sentence ``qa`` prints: what is wrong, and the command that mends it.

The facts come from the exception (``str()``, and fields such as
``index_dir``, ``corpus_dir``, ``limit``); what to do is written here for the
command line (``COMMAND``), or taken from the advice the page gives too
(``ui.messages.ADVICE``: split the file, save it as UTF-8, ...).
"""

from __future__ import annotations

import errno
import json

from index.engines.errors import EngineLimit, EngineUnreachable
from index.errors import BadCorpus, CorruptIndex, IndexLocked, IndexNotFound, ModelNotFound, QAError, StaleIndex
from index.txn import LockUnusable
from qa.errors import BadCitation, BadQuestionFile, BadRunFolder
from ui.messages import ADVICE, Advice, advice, joined


def milvus_location(index_dir) -> tuple[str, str] | None:
    """(uri, alias) of a Milvus index's location (``URI#alias``, as ``index.engines`` names it), else None."""
    uri, sep, alias = str(index_dir or "").rpartition("#")
    return (uri, alias) if sep and uri and alias.replace("_", "").isalnum() else None


def build_command(e: QAError, *extra: str) -> str:
    """``qa build`` with the ``--corpus`` and ``--index`` (or Milvus ``--uri``, ``--alias``) the error names."""
    parts = ["qa build"]
    if e.corpus_dir:
        parts.append(f"--corpus {e.corpus_dir}")
    milvus = milvus_location(e.index_dir)
    if milvus is not None:
        parts.append(f"--engine milvus --uri {milvus[0]}" + (f" --alias {milvus[1]}" if milvus[1] != "qa" else ""))
    elif e.index_dir:
        parts.append(f"--index {e.index_dir}")
    return " ".join([*parts, *extra])


def _holder(found) -> str:
    """Who holds a Milvus build lock (its row: build, host, pid, started), as a clause; empty if unknown."""
    try:
        info = json.loads(found)
        return f" (on {info['host']}, process {info['pid']}, since {info.get('started', '?')})"
    except (TypeError, ValueError, KeyError):
        return ""


def _rebuild(e: QAError) -> str:
    return f"run `{build_command(e)}` to rebuild it. 索引需要重建。"


def _update(e: QAError) -> str:
    return f"run `{build_command(e)}` to update it. 语料已改动，请重建索引。"


COMMAND: Advice = {
    (IndexNotFound, "missing"): lambda e: f"run `{build_command(e)}` to create it. 还没有索引，请先建立。",
    (IndexNotFound, "not_an_index"): lambda e: f"run `{build_command(e)}` or point "
    f"{'--alias at another index' if milvus_location(e.index_dir) else '--index at another folder'}. 该位置不是索引。",
    (EngineUnreachable, "unreachable"): lambda e: "start the Milvus server (docs/scaling.md says what to run), or "
    "check --uri. Milvus 服务器无响应。",
    (EngineUnreachable, "bad_uri"): lambda e: "give --uri a Milvus Lite file ending in .db (e.g. --uri ./qa.db) or a "
    "server URL (e.g. --uri http://localhost:19530). --uri 无效。",
    (EngineUnreachable, "missing_package"): lambda e: "install the milvus extra: pip install -e '.[milvus]'. "
    "请先安装 milvus 组件。",
    (EngineUnreachable, "lite_busy"): lambda e: "stop the qa serve or qa build that has it open and try again, or "
    "give both a Milvus server (--uri http://host:19530). 该 Milvus Lite 文件正被另一个进程使用。",
    (EngineLimit, "too_long"): lambda e: "split that part of the document, or keep this corpus in an index folder "
    "(--engine faiss). 文本超出 Milvus 字段上限。",
    (EngineLimit, "bad_alias"): lambda e: "give --alias letters, digits and single underscores, starting with a "
    "letter. --alias 无效。",
    (StaleIndex, "format"): _rebuild,
    (StaleIndex, "model"): lambda e: f"run `{build_command(e, f'--model {e.found}')}` to rebuild it with that "
    "model. 索引由另一个模型建立。",
    (StaleIndex, "corpus_changed"): _update,
    (StaleIndex, "file_unreadable"): _update,
    (StaleIndex, "file_changed"): _update,
    (StaleIndex, "other_corpus"): lambda e: "run `qa build` to build it again from this checkout's articles, or "
    "give --index to use it as it is. 该索引建自另一个语料文件夹，请重建。",
    (CorruptIndex, "unreadable"): _rebuild,
    (CorruptIndex, "inconsistent"): _rebuild,
    (CorruptIndex, "meta_damaged"): _rebuild,
    (CorruptIndex, "checksum"): _rebuild,
    (LockUnusable, "unusable"): lambda e: "remove what stands at that path, or give another --index. "
    "构建锁文件不可用。",
    (BadCorpus, "no_folder"): lambda e: "pass a folder of articles (.txt, .md, .pdf, .docx, .html) with --corpus. "
    "语料文件夹不存在。",
    (BadCorpus, "not_default"): lambda e: f"give it its own folder, e.g. `qa build --corpus {e.path} --index DIR`, "
    "then ask with --index DIR. 默认索引只收自带文章，请用 --index 另建索引。",
    (BadCorpus, "chunking"): lambda e: f"give --chunk-size of at least {e.limit} and an --overlap below it. "
    "请调整 --chunk-size 与 --overlap。",
    (ModelNotFound, "unloadable"): lambda e: "give a local sentence-transformers folder, or leave --model out "
    "to use the bundled default. 无法加载嵌入模型。",
    (BadCitation, "no_document"): lambda e: f"run `qa info` to see their titles. 没有编号为 {e.found} 的文档。",
    (BadQuestionFile, "too_many_questions"): lambda e: f"run it with `qa eval {e.path} --out DIR` instead. "
    f"问题超过 {e.limit} 个，请用 qa eval。",
    (BadRunFolder, "is_a_file"): lambda e: "give --out a folder to write the run into. --out 须为文件夹。",
    (BadRunFolder, "no_run"): lambda e: "give a folder written by 'qa eval --out'. 该文件夹中没有运行结果。",
    (BadRunFolder, "bad_line"): lambda e: "re-run 'qa eval'. 请重新运行 qa eval。",
    (BadRunFolder, "resume_mismatch"): lambda e: "give another --out, or leave --resume out to run it again from "
    "the start. 问题文件或参数已改变，无法续跑。",
    (BadRunFolder, "no_state"): lambda e: "leave --resume out to run it again from the start. 无法续跑，请重新运行。",
    (BadRunFolder, "runs_is_file"): lambda e: "give --runs a folder for the batch runs. --runs 须为文件夹。",
    (BadRunFolder, "foreign_files"): lambda e: "give --runs an empty folder (or one qa serve made). "
    "请为 --runs 指定一个空文件夹。",
}  # fmt: skip

# errors the command line words itself, facts and all
WORDED = {
    (IndexLocked, "busy"): lambda e: f"another `qa build` is writing {e.index_dir}{_holder(e.found)}; wait for it "
    "to finish and try again. 另一个构建正在写入该索引，请等它完成后再试。",
}


def sentence(exc: QAError) -> str:
    """The line ``qa`` prints for ``exc`` (after ``qa: ``): the facts, then the command or step that mends it."""
    whole = advice(exc, WORDED)
    return whole if whole is not None else joined(exc, advice(exc, COMMAND, ADVICE))


# what to do when the system refuses a read or a write, by errno
_OS_ADVICE = {
    errno.EFBIG: "a file reached the size limit for files (ulimit -f); raise the limit or write elsewhere. "
    "文件超过了系统的文件大小上限。",
    errno.ENOSPC: "the disk is full; free some space and run it again. 磁盘已满。",
    errno.EDQUOT: "the disk quota is used up; free some space and run it again. 磁盘配额已用完。",
    errno.EROFS: "that file system is read-only; write elsewhere. 该文件系统为只读。",
    errno.EACCES: "you may not write or read there; choose another path. 没有访问权限。",
    errno.EPERM: "you may not write or read there; choose another path. 没有访问权限。",
    errno.ELOOP: "a symlink there points back at itself; remove it. 符号链接循环。",
    errno.EISDIR: "a folder stands where a file was expected; give a file name. 此处为文件夹，而非文件。",
    errno.ENOTDIR: "a file stands where a folder was expected; give another path. 此处为文件，而非文件夹。",
}


def os_sentence(exc: OSError) -> str:
    """A refused read or write (the disk, the file-size limit, permissions) as one sentence: what, where, what to do.
    Anything written before it stands as the command left it: an index build keeps the previous index."""
    where = f" ({exc.filename})" if exc.filename else ""
    what = exc.strerror or type(exc).__name__
    return f"{what}{where}; " + _OS_ADVICE.get(exc.errno, "check the path and the disk, and run it again. 读写失败。")
