"""A check on documents never tuned on: Debian's New Maintainers' Guide, as a user would bring it.

    apt-get install maint-guide-zh-cn maint-guide
    python bench/maint_guide.py

Builds two indexes in ``bench/.cache`` (first run only): the Chinese guide's HTML pages and the English
guide's plain text, then asks ``bench/data/maint-guide/questions.jsonl`` of each. hit@k: a returned
passage holds the row's key phrase (``must`` over the Chinese pages, ``must_en`` over the English text;
whitespace ignored); a row without one is a question the guide does not answer.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.build import build  # noqa: E402
from qa import Assistant  # noqa: E402
from qa.pipeline.calibrate import finish  # noqa: E402

DOC = Path("/usr/share/doc")
QUESTIONS = ROOT / "bench/data/maint-guide/questions.jsonl"
CACHE = ROOT / "bench/.cache/maint-guide"
_WS = re.compile(r"\s+")


def corpus(name: str) -> Path:
    """The corpus folder: the Chinese guide's HTML pages, or the English guide's text (decompressed)."""
    out = CACHE / f"corpus-{name}"
    if not out.exists():
        out.mkdir(parents=True)
        if name == "zh":
            for page in (DOC / "maint-guide-zh-cn/html").glob("*.html"):
                shutil.copy(page, out / page.name)
        else:
            import gzip

            text = gzip.open(DOC / "maint-guide/maint-guide.en.txt.gz", "rt", encoding="utf-8").read()
            (out / "maint-guide.en.txt").write_text(text, encoding="utf-8")
    return out


def check(name: str, key: str) -> None:
    index = CACHE / f"index-{name}"
    if not index.exists():
        build(corpus(name), index, finish=finish)  # calibrated, as qa build is
    assistant = Assistant.load(index)
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    cells: dict[str, dict[str, int]] = {}
    for row in rows:
        answer = assistant.ask(row["q"], k=10)
        c = cells.setdefault(row["lang"], dict.fromkeys(("n", "h1", "h5", "af", "u", "uf"), 0))
        gold = _WS.sub("", row[key] or "")
        if not gold:
            c["u"] += 1
            c["uf"] += not answer.answerable
            continue
        rank = next((i for i, p in enumerate(answer.passages, 1) if gold in _WS.sub("", p.text)), None)
        c["n"] += 1
        c["h1"] += rank == 1
        c["h5"] += bool(rank and rank <= 5)
        c["af"] += not answer.answerable
    for lang, c in sorted(cells.items()):
        print(f"| {name} | {lang} | {c['n']}+{c['u']} | {c['h1'] / c['n']:.2f} | {c['h5'] / c['n']:.2f} | "
              f"{c['af'] / c['n']:.2f} | {c['uf'] / c['u']:.2f} |")


def main() -> int:
    if not (DOC / "maint-guide-zh-cn").exists() or not (DOC / "maint-guide").exists():
        print("the guide is not installed: run apt-get install maint-guide-zh-cn maint-guide (as root)")
        return 1
    print("| documents | questions | n | hit@1 | hit@5 | answerable flagged | unanswerable flagged |")
    print("|---|---|---|---|---|---|---|")
    check("zh", "must")
    check("en", "must_en")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
