"""Every library error, as the command line and the page word it: one line, both languages, the right advice."""

from __future__ import annotations

import importlib
import pickle
import re
from pathlib import Path

import pytest

from app.messages import WORDED
from app.messages import sentence as cli_sentence
from index.errors import QAError, StaleIndex
from ui.messages import sentence as web_sentence

# facts that fit every case; ``found`` differs by what a case reports
FACTS = dict(index_dir="/data/idx", corpus_dir="/data/corpus", path="/data/q.csv", limit=50, expected=("a", "b"),
             detail="ValueError", within="001:p3")  # fmt: skip
FOUND = {"corpus_changed": ("a.txt", "b.txt"), "chunking": (10, 20), "too_large": 60_000_000,
         "too_many_questions": 600, "k_range": 51, "too_long": 9_000, "find_too_long": 9_000}  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")


ROOT = Path(__file__).resolve().parents[2]


def _classes() -> list[type[QAError]]:
    """Every error class of the library: the modules of index/ and qa/ that state facts are imported."""
    for path in sorted([*(ROOT / "index").rglob("*.py"), *(ROOT / "qa").rglob("*.py")]):
        if "FACTS = {" in path.read_text(encoding="utf-8"):
            importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    out, todo = set(), [QAError]
    while todo:
        cls = todo.pop()
        out.add(cls)
        todo += cls.__subclasses__()
    return sorted((c for c in out if c.__module__.startswith(("index.", "qa."))), key=lambda c: c.__name__)


CASES = [(cls, reason) for cls in _classes() for reason in vars(cls).get("FACTS", {})]


def _error(cls, reason):
    exc = cls.__new__(cls)  # past a subclass's own __init__: every case gets every fact
    QAError.__init__(exc, reason, found=FOUND.get(reason, "x"), **FACTS)
    return exc


def test_every_class_has_its_cases():
    assert len(CASES) > 40 and {c.__name__ for c, _ in CASES} >= {"IndexNotFound", "BadCitation", "BadCorpus"}


@pytest.mark.parametrize(("cls", "reason"), CASES, ids=[f"{c.__name__}-{r}" for c, r in CASES])
def test_one_bilingual_line_with_advice_for_its_place(cls, reason):
    exc = _error(cls, reason)
    facts = str(exc)
    assert facts and "\n" not in facts and "qa build" not in facts and "--" not in facts, "facts, never advice"
    cli, web = cli_sentence(exc), web_sentence(exc)
    for line in (cli, web):
        assert line.startswith(facts) or (cls, reason) in WORDED
        assert "\n" not in line
        assert CJK.search(line), f"no Chinese in {line!r}"
    assert "`qa " not in web and " --" not in web, f"the page points at a command: {web!r}"


def test_the_command_line_names_the_command_that_mends_the_index():
    exc = StaleIndex("corpus_changed", index_dir="/i", corpus_dir="/c", found=("a.txt",))
    assert cli_sentence(exc).startswith(
        "the corpus changed since the index was built (a.txt); run `qa build --corpus /c --index /i` to update it."
    )
    assert "文库" in web_sentence(exc)  # the page points at its Library tab


def test_a_plain_message_is_kept_as_written():
    assert cli_sentence(QAError("cannot listen on 127.0.0.1:80; choose another port with --port.")).endswith("--port.")


@pytest.mark.parametrize(("cls", "reason"), CASES[:8])
def test_facts_survive_a_process_boundary(cls, reason):
    exc = _error(cls, reason)
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is cls and again.reason == reason and again.facts == exc.facts and str(again) == str(exc)


def test_an_unknown_fact_is_a_programming_error():
    with pytest.raises(TypeError, match="no fact"):
        StaleIndex("model", index="/i")
