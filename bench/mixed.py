"""A corpus of both languages from the Debian set: three chapters in Chinese beside three others in English.

    python bench/mixed.py OUT   # writes OUT/corpus/ and OUT/questions.jsonl

The Debian Reference's chapters 1-3 in Chinese and 4, 5 and 8 in English (``bench/data/debian/corpus``), so no
chapter is there in both languages: each language's documents answer the questions written from them, in both
question languages, beside documents of the other language (a few facts recur across chapters: the device
numbers of /dev/sda are in chapter 1 and chapter 4; the gold is the section the question was written from). The
questions are those of ``questions_zh_docs.jsonl`` about chapters 1-3 and of ``questions_en_docs.jsonl`` about
chapters 4, 5 and 8, the gold file renamed as in the corpus (``zh_01_gnu_linux_tutorials.txt``), and the
unanswerable questions of both. ``bench/quality_table.py`` writes it into its cache and measures it as
"debian, mixed documents".
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEBIAN = ROOT / "bench" / "data" / "debian"
CHAPTERS = {
    "zh": ("01_gnu_linux_tutorials.txt", "02_package_management.txt", "03_system_initialization.txt"),
    "en": ("04_authentication.txt", "05_network_setup.txt", "08_i18n_l10n.txt"),
}
QUESTIONS = {"zh": "questions_zh_docs.jsonl", "en": "questions_en_docs.jsonl"}
_ENTRY = re.compile(r'^\["([^"]+)"\]$', re.MULTILINE)


def _catalog_entries(text: str, lang: str, names: tuple[str, ...]) -> list[str]:
    """The catalog entries of ``names``, renamed ``<lang>_<name>``."""
    starts = [m.start() for m in _ENTRY.finditer(text)] + [len(text)]
    out = []
    for a, b in zip(starts, starts[1:]):
        block = text[a:b].strip()
        name = _ENTRY.match(block).group(1)
        if name in names:
            out.append(block.replace(f'["{name}"]', f'["{lang}_{name}"]', 1))
    return out


def write_mixed(out: Path) -> tuple[Path, Path]:
    """``out/corpus`` and ``out/questions.jsonl``, written from the Debian set on every call (a copy kept from an
    earlier run would miss a change to the set; the index's cache key reads the contents, so an unchanged copy
    is not built again); returns both paths."""
    corpus, questions = out / "corpus", out / "questions.jsonl"
    tmp = out / "corpus.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    catalog, rows = [], []
    for lang, names in CHAPTERS.items():
        source = DEBIAN / "corpus" / lang
        for name in names:
            shutil.copyfile(source / name, tmp / f"{lang}_{name}")
        catalog += _catalog_entries((source / "catalog.toml").read_text(encoding="utf-8"), lang, names)
        for line in (DEBIAN / QUESTIONS[lang]).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["doc"] is None or row["doc"] in names:
                rows.append({**row, "doc": f"{lang}_{row['doc']}" if row["doc"] else None})
    (tmp / "catalog.toml").write_text("# Debian Reference chapters, as in bench/mixed.py\n\n"
                                      + "\n\n\n".join(catalog) + "\n", encoding="utf-8")
    shutil.rmtree(corpus, ignore_errors=True)
    tmp.rename(corpus)
    questions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return corpus, questions


if __name__ == "__main__":
    print(*write_mixed(Path(sys.argv[1])), sep="\n")
