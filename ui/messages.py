"""Library exceptions as one clear bilingual sentence for the page (never a traceback, never a command).

A library exception carries facts (``reason``, ``path``, ``limit``, ...) and
states them in its ``str()``; the sentence adds what to do, in English and
Chinese. ``ADVICE`` holds what to do wherever a person meets the error (split
the file, save it as UTF-8, ...); ``WEB`` what to do on the page, where that
differs: it points at the app's own tabs. The command line's own advice is in
``app/messages.py``, which reuses ``ADVICE``.
"""

from __future__ import annotations

from collections.abc import Callable

from index.citation import BadCitationId
from index.engines.errors import EngineLimit, EngineUnreachable
from index.errors import (
    BadCorpus,
    BadIndexFolder,
    CorruptIndex,
    IndexError_,
    IndexLocked,
    IndexNotFound,
    ModelNotFound,
    QAError,
    StaleIndex,
)
from index.text.script import starts_cjk
from index.txn import LockUnusable
from qa.errors import (
    BadCitation,
    BadOutput,
    BadQuestion,
    BadQuestionFile,
    BadRunFolder,
    BadText,
    SettingsError,
    UnknownFormat,
)
from ui.library_files import LibraryError

Advice = dict[tuple[type[QAError], str], Callable[[QAError], str]]

_ID_FORM = ("write DOCUMENT:pPARAGRAPH or DOCUMENT:pPARAGRAPH.sSENTENCE, e.g. 001:p23.s2. "
            "引用编号格式为 文档:p段落 或 文档:p段落.s句子，例如 001:p23.s2。")
_UTF8 = "save it as UTF-8 (CSV UTF-8 in Excel) and try again. 请另存为 UTF-8 编码。"
_SPLIT = "split it into smaller files. 文件过大，请拆分。"

# what to do, on the page and on the command line alike
ADVICE: Advice = {
    (BadQuestion, "not_text"): lambda e: "问题须为文本。",
    (BadQuestion, "empty"): lambda e: "type a question in Chinese or English. 问题为空，请输入中文或英文问题。",
    (BadQuestion, "too_long"): lambda e: f"ask a shorter question. 问题过长（上限 {e.limit} 字）。",
    (BadQuestion, "find_not_text"): lambda e: "查找内容须为文本。",
    (BadQuestion, "find_empty"): lambda e: "give a quote or a claim in Chinese or English. 查找内容为空。",
    (BadQuestion, "find_too_long"): lambda e: "look up one passage or claim at a time. "
    f"文本过长（上限 {e.limit} 字），请逐段查找。",
    (BadQuestion, "find_punctuation"): lambda e: "give words to look up. 查找内容只有标点或空白，请输入文字。",
    (BadQuestion, "k_range"): lambda e: f"返回段落数须在 1 到 {e.limit} 之间。",
    (BadQuestion, "k_not_number"): lambda e: f"返回段落数须为 1 到 {e.limit} 之间的整数。",
    (BadText, "not_unicode"): lambda e: "retype it, or save the file as UTF-8. "
    "文本含有无效字符（不是有效的 Unicode），请重新输入或另存为 UTF-8。",
    (BadText, "not_utf8"): lambda e: "save it as UTF-8. 文本不是 UTF-8 编码，请另存为 UTF-8。",
    (BadText, "not_text"): lambda e: "write it as text in quotes. 该字段须为文本（加引号）。",
    (BadQuestionFile, "missing"): lambda e: "give the path of a .jsonl or .csv file. 找不到问题文件。",
    (BadQuestionFile, "too_large"): lambda e: _SPLIT,
    (BadQuestionFile, "utf16"): lambda e: _UTF8,
    (BadQuestionFile, "binary"): lambda e: "give a UTF-8 .jsonl or .csv file of questions. 文件不是文本。",
    (BadQuestionFile, "not_utf8"): lambda e: _UTF8,
    (BadQuestionFile, "empty"): lambda e: "put one question per line (JSONL) or a CSV with a question column. "
    "文件为空。",
    (BadQuestionFile, "json_array"): lambda e: "write one JSON object per line (JSONL) instead. "
    "请每行写一个 JSON 对象。",
    (BadQuestionFile, "unknown_format"): lambda e: "请使用 jsonl、csv 或 tsv 格式。",
    (BadQuestionFile, "nothing_read"): lambda e: "文件中没有可读取的问题。",
    (BadQuestionFile, "too_many_rows"): lambda e: _SPLIT,
    (BadQuestionFile, "no_question_field"): lambda e: "write one JSON object per line. 每行须有 question 字段。",
    (BadQuestionFile, "no_question_column"): lambda e: "name the column of questions 'question'. "
    "请将问题所在的列命名为 question。",
    (BadQuestionFile, "no_header"): lambda e: "put 'question' in the first line. 第一行须为含 question 的表头。",
    (BadQuestionFile, "not_uploaded"): lambda e: "choose a .jsonl or .csv file of questions. 请先上传问题文件。",
    (BadCitation, "not_text"): lambda e: "write it like 001:p23.s2. 引用编号应为文本，例如 001:p23.s2。",
    (BadCitation, "malformed"): lambda e: _ID_FORM,
    (BadCitationId, "not_text"): lambda e: _ID_FORM,
    (BadCitationId, "form"): lambda e: _ID_FORM,
    (BadCitationId, "number"): lambda e: _ID_FORM,
    (BadCitation, "no_paragraphs"): lambda e: f"cite another document. 文档 {e.found} 没有可引用的段落。",
    (BadCitation, "no_paragraph"): lambda e: f"文档 {e.within} 只有第1–{e.limit}段。",
    (BadCitation, "no_sentences"): lambda e: f"cite it as {e.within}. {e.within} 没有分句，请直接引用该段。",
    (BadCitation, "no_sentence"): lambda e: f"该段只有{e.limit}句。",
    (UnknownFormat, "reference"): lambda e: "未知的引用格式。",
    (BadOutput, "not_a_folder"): lambda e: f"give {e.within} a folder (a new one is created). {e.within} 须为文件夹。",
    (BadOutput, "is_a_folder"): lambda e: f"give {e.within} a file name, e.g. {e.path}/out.csv. "
    f"{e.within} 须为文件名。",
    (BadOutput, "no_folder"): lambda e: "create the folder first, or write into one that exists. 目标文件夹不存在。",
    (BadOutput, "special"): lambda e: "write into an ordinary folder. 请写入普通文件夹。",
    (BadOutput, "unwritable"): lambda e: "give a path you can write to. 无法写入该路径。",
    (BadIndexFolder, "not_a_folder"): lambda e: "remove that file, or build the index into another folder. "
    "该路径被文件占用，无法建立索引。",
    (BadIndexFolder, "unwritable"): lambda e: "build the index into a folder you can write to. 无法写入索引文件夹。",
    (BadCorpus, "no_files"): lambda e: "add articles (.txt, .md, .pdf, .docx, .html) or pick another folder. "
    "语料文件夹中没有文件。",
    (BadCorpus, "none_read"): lambda e: "add articles in a format that is read (.txt, .md, .pdf, .docx, .html). "
    "没有一个文件可以读取。",
    (BadCorpus, "bad_catalog"): lambda e: "fix it or delete it. 目录文件格式有误。",
    (BadCorpus, "no_text"): lambda e: "add articles with body text. 文件中没有正文。",
    (EngineUnreachable, "unreachable"): lambda e: "start the Milvus server or check its address. "
    "无法连接 Milvus 服务器。",
    (EngineUnreachable, "bad_uri"): lambda e: "地址有误，不是 Milvus 地址。",
    (EngineUnreachable, "missing_package"): lambda e: "install it with pip. 缺少所需的 Python 包。",
    (EngineLimit, "too_long"): lambda e: "split the document into shorter ones. 文本超过存储字段的上限，请拆分文档。",
    (LibraryError, "format"): lambda e: "choose a .txt, .md, .pdf, .docx or .html file. 不支持该格式。",
    (LibraryError, "too_large"): lambda e: "split it, or save it with smaller images. 文件过大。",
    (LibraryError, "too_many"): lambda e: "upload them in smaller groups. 一次上传的文件过多。",
    (LibraryError, "full"): lambda e: "remove documents first. 文库已满，请先移除一些文档。",
    (LibraryError, "no_file"): lambda e: "choose a document from the list. 请从列表中选择文档。",
    (LibraryError, "nothing"): lambda e: "choose the files to upload first. 请先选择要上传的文件。",
    (LibraryError, "not_uploaded"): lambda e: "upload the file from the page. 请在页面上上传该文件。",
    (EngineLimit, "bad_alias"): lambda e: "索引名称只能包含字母、数字和单个下划线。",
    (SettingsError, "missing_file"): lambda e: "reinstall the project, or restore the file from the repository. "
    "缺少设置文件，请重新安装。",
    (SettingsError, "not_toml"): lambda e: "fix its syntax, or restore it from the repository. "
    "设置文件不是有效的 TOML。",
    (SettingsError, "unknown"): lambda e: "correct the name or remove it. 设置文件中有未知的设置项。",
    (SettingsError, "missing"): lambda e: "add it back, or restore the file from the repository. 设置文件缺少该项。",
    (SettingsError, "bad_value"): lambda e: "correct the value. 设置项的值不合要求。",
    (EngineUnreachable, "lite_busy"): lambda e: "stop the other process that has it open and try again. "
    "Milvus Lite 文件正被另一进程使用。",
}  # fmt: skip

_REBUILD = "the Library tab shows how it was built; the index needs to be built again. 索引需要重建，详情见文库页。"
_CHANGED = ("the Library tab lists the changed files; the index needs to be built again from them. "
            "语料已改动，请在文库页查看；须重建索引。")

# what to do on the page, where it differs from ADVICE
WEB: Advice = {
    (IndexNotFound, "missing"): lambda e: _REBUILD,
    (IndexNotFound, "not_an_index"): lambda e: _REBUILD,
    (StaleIndex, "format"): lambda e: _REBUILD,
    (StaleIndex, "model"): lambda e: _REBUILD,
    (StaleIndex, "corpus_changed"): lambda e: _CHANGED,
    (StaleIndex, "file_unreadable"): lambda e: _CHANGED,
    (StaleIndex, "file_changed"): lambda e: _CHANGED,
    (StaleIndex, "other_corpus"): lambda e: _REBUILD,
    (CorruptIndex, "unreadable"): lambda e: _REBUILD,
    (CorruptIndex, "inconsistent"): lambda e: _REBUILD,
    (CorruptIndex, "meta_damaged"): lambda e: _REBUILD,
    (CorruptIndex, "checksum"): lambda e: _REBUILD,
    (EngineUnreachable, "unreachable"): lambda e: "the index's server does not answer; try again later. "
    "无法连接索引服务器，请稍后再试。",
    (EngineUnreachable, "missing_package"): lambda e: "服务器缺少所需的 Python 包，须由管理员安装。",
    (IndexLocked, "busy"): lambda e: "a build is running; try again when it has finished. 正在构建索引，请稍后再试。",
    (ModelNotFound, "unloadable"): lambda e: "无法加载嵌入模型。",
    (LockUnusable, "unusable"): lambda e: "构建锁文件不可用，须由管理员处理。",
    (BadCitation, "no_document"): lambda e: f"the Library tab lists their titles. 没有编号为 {e.found} 的文档，"
    "文库页列出了所有文档。",
    (BadQuestionFile, "too_many_questions"): lambda e: f"split it into files of at most {e.limit:,} questions. "
    f"问题超过 {e.limit} 个，请拆分文件。",
    (BadRunFolder, "is_a_file"): lambda e: "运行结果须写入文件夹。",
    (BadRunFolder, "runs_is_file"): lambda e: "运行结果须写入文件夹。",
    (BadRunFolder, "no_run"): lambda e: "该文件夹中没有运行结果。",
    (BadRunFolder, "bad_line"): lambda e: "运行结果文件已损坏。",
    (BadRunFolder, "foreign_files"): lambda e: "运行结果文件夹须为空。",
    (BadRunFolder, "resume_mismatch"): lambda e: "run the file again from the start. 问题文件或参数已改变，无法续跑。",
    (BadRunFolder, "no_state"): lambda e: "run the file again from the start. 无法续跑，请重新运行。",
    (EngineUnreachable, "lite_busy"): lambda e: "the index is busy; try again when the build has finished. "
    "索引文件正被占用，请稍后再试。",
    (BadCorpus, "no_folder"): lambda e: "choose a folder of articles. 语料文件夹不存在。",
    (BadCorpus, "not_default"): lambda e: "give that corpus an index folder of its own. 请为该语料另建索引。",
    (BadCorpus, "chunking"): lambda e: f"片段至少 {e.limit} 字，重叠须小于片段。",
}  # fmt: skip


def _mb(n) -> str:
    """A size as people say it: ``20 MB``, ``4 KB``."""
    n = int(n)
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


# why a corpus file was not indexed (an ``index.records.Skipped``), in both languages, with what to do
SKIPPED: dict[str, Callable[[dict], str]] = {
    "format": lambda f: f"format {f.get('suffix') or '(no suffix)'} is not read (read: .txt, .md, .pdf, .docx, "
    ".html) 不支持该格式",
    "unreadable": lambda f: f"the file cannot be read ({f.get('detail')}) 无法读取该文件",
    "too_large": lambda f: f"{_mb(f['size'])}, over the {_mb(f['limit'])} limit for a {f.get('format')} file; "
    "split it 文件过大，请拆分",
    "encrypted": lambda f: "an encrypted PDF: save a copy without a password 加密的 PDF，请另存为无密码的副本",
    "no_text": lambda f: "no text" + (f" on its {f['pages']} page(s)" if f.get("pages") else "")
    + (", not even by OCR" if f.get("ocr_tried") else "" if f.get("ocr_available", True) else
       ", and OCR is not installed") + " 提取（含文字识别）后没有文字",
    "encoding": lambda f: f"no text encoding fits ({f.get('detail')}): save it as UTF-8 无法识别文字编码，"
    "请另存为 UTF-8",
    "broken": lambda f: f"not a readable {f.get('format')} file ({f.get('detail')}) 文件已损坏或格式不符",
    "outside": lambda f: f"a symlink to {f.get('target')}, outside the corpus folder: not read (copy the file in, "
    "or build with --follow-symlinks) 指向语料文件夹之外的符号链接，未读取",
    "broken_link": lambda f: "a symlink to nothing (or a loop) 无效的符号链接",
    "bad_name": lambda f: "its name is not valid UTF-8: rename it 文件名不是有效的 UTF-8，请重命名",
}


def skipped_reason(reason: str, facts: dict) -> str:
    """Why a file was skipped, as one bilingual clause (``index.records.Skipped``'s reason and facts)."""
    say = SKIPPED.get(reason)
    try:
        return say(facts) if say else reason
    except (KeyError, TypeError, ValueError):
        return reason


def advice(exc: QAError, *tables: Advice) -> str | None:
    """What to do about ``exc``: the first entry for its class (or a base class) and reason in ``tables``."""
    for table in tables:
        for cls in type(exc).__mro__:
            say = table.get((cls, exc.reason))
            if say is not None:
                return say(exc)
    return None


def joined(exc: QAError, todo: str | None) -> str:
    """The facts, then what to do: ``facts; advice`` (``facts. 建议`` when the advice is only Chinese)."""
    facts = str(exc).strip() or type(exc).__name__
    if not todo:
        return facts if facts.endswith((".", "。", "!", "！", "?", "？")) else facts + "."
    return f"{facts}. {todo}" if starts_cjk(todo) else f"{facts}; {todo}"


def sentence(exc: QAError) -> str:
    """The sentence the page shows for ``exc``: what is wrong and what to do here, in both languages."""
    return joined(exc, advice(exc, WEB, ADVICE))


# most specific first
HEADINGS: tuple[tuple[type[QAError], str], ...] = (
    (BadQuestion, "无法回答这个问题 Cannot ask this question"),
    (BadQuestionFile, "无法读取问题文件 Cannot read the question file"),
    (BadCitation, "无效的引用编号 Not a valid citation"),
    (IndexError_, "索引不可用 The index cannot be used"),
    (QAError, "出错了 Something went wrong"),
)


FIND_HEADINGS: tuple[tuple[type[QAError], str], ...] = (
    (BadQuestion, "无法查找出处 Cannot look this text up"),
    *HEADINGS[1:],
)


def message_for(exc: QAError, headings: tuple[tuple[type[QAError], str], ...] = HEADINGS) -> str:
    """``heading: sentence``."""
    heading = next(h for cls, h in headings if isinstance(exc, cls))
    return f"{heading}: {sentence(exc)}"
