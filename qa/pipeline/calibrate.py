"""The answerable threshold fitted to each index at build time, from the index itself.

The logistic of ``qa/pipeline/confidence.py`` ranks answerable questions above
unanswerable ones on any corpus, but where the line falls depends on the
corpus: on documents nobody tuned on, answerable questions score much lower
than on the seeds. So each build asks its own index two kinds of question and
puts the line between them, per question language, on the log-odds scale:

- off-topic: the bundled questions no index of articles answers
  (``qa/pipeline/data/offtopic.jsonl``, 60 Chinese and 60 English, none of them among
  ``bench/data/offtopic.jsonl``, the off-topic questions the benchmark measures with);
- pseudo-questions: ``N_PSEUDO`` of the index's own sentences, chosen by a hash of their text,
  reduced to every other content word, asked in the sentence's language and
  in the other one, written as a person would (through the dictionary: CC-CEDICT's first sense of each
  Chinese word as written, or the commonest Chinese word whose first sense is the English one; Latin
  names and identifiers as they are, apart from the words beside them).

  How the pseudo-questions are written moves the line: as stems (``instal softwar``) or with Latin words
  run together (``dpkggnu``, a name the index never uses), they scored far below real questions of the
  same language pair, and the share of the way the best line lay ranged 0.33-0.80 over the six
  index-language cells of the benchmark; written as words, 0.33-0.64.

threshold = off-topic median + ``SHARE`` x (pseudo mean - off-topic median). The pseudo-questions' mean,
not their median: their log-odds fall in two heaps (sentences that make a question, table rows and
fragments that do not), and the median jumped between them when the sample moved by one sentence
(Debian Chinese chapters, Chinese pseudo-questions, shifts of 0-7 rows: median 2.61-3.28, mean 2.54-2.88).
A language with no pseudo-question, or whose pseudo-questions score no higher
than the off-topic ones, keeps ``[answerable] threshold`` of ``qa/retrieval.toml``.

The result is ``calibration.json``, kept with the build (``finish`` is the hook
a build calls before publishing: a file checksummed with the rest of a folder
build, a catalog blob of a Milvus build);
``qa.pipeline.calibration.read_calibration`` gives it back to the assistant.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from index.english import english_spans
from index.gloss import default_glossary
from index.text import segment, senses
from index.text.script import count_cjk, has_cjk
from index.tokenize import tokenize
from qa.pipeline.calibration import CALIBRATION, Calibration, calibrated_lang, cell, fingerprint, logit

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader

SHARE = 0.5  # where between the off-topic median and the pseudo-question mean the line falls
N_PSEUDO = 200  # sentences turned into pseudo-questions
MIN_CELL = 20  # pseudo-questions answered from one document language that give that language a line of its own
SAMPLE = 4  # sentences read for each pseudo-question wanted (about half make one)
LANGS = ("zh", "en")
_MIN_WORDS, _MAX_WORDS = 6, 40  # sentences with fewer or more content words make poor questions
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w")
_PARENS = re.compile(r"\s*\([^()]*\)")


@dataclass(frozen=True)
class PseudoQuestion:
    row: int  # the sentence it was made from
    doc_lang: str  # the sentence's language
    lang: str  # the question's language
    text: str


def offtopic_questions() -> list[tuple[str, str]]:
    """The bundled off-topic questions: (lang, question)."""
    text = resources.files("qa.pipeline").joinpath("data/offtopic.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [(r["lang"], r["question"]) for r in rows]


@lru_cache(maxsize=1)
def _english_to_chinese() -> dict[str, str]:
    """English term -> the commonest Chinese word of two to four characters whose first CC-CEDICT sense is
    that one term, a single character only where no such word exists: install -> 安装, not 置 (a
    character's first sense is often a literary one: use -> 以)."""
    rev: dict[str, str] = {}
    freq: dict[str, tuple[bool, int]] = {}
    for head, packed in default_glossary().entries.items():
        if not head or len(head) > 4 or not has_cjk(head):
            continue
        f = segment.frequency(head)
        if not f:
            continue
        first = packed.split("|", 1)[0]
        if not first or first.startswith("^") or " " in first:
            continue  # a name, or a sense of several words
        rank = (len(head) > 1, f)
        if rank > freq.get(first, (False, 0)):
            rev[first], freq[first] = head, rank
    return rev


def _is_chinese(text: str) -> bool:
    return count_cjk(text) * 3 > len(_LATIN.findall(text))


def _chinese_words(text: str) -> list[str]:
    return [t for t in tokenize(text) if _WORD.search(t) and not t[:1].isdigit()]


def run_together(words: list[str]) -> str:
    """Chinese words written as one question: a space only where two Latin or digit words would meet, as a
    writer of Chinese spaces ``apt-get`` and ``GNU`` (joined, they read as one unknown name, aptgetGNU)."""
    out = ""
    for w in words:
        if out and out[-1].isascii() and out[-1].isalnum() and w[:1].isascii() and w[:1].isalnum():
            out += " "
        out += w
    return out


def _english_of(word: str) -> str:
    """A Chinese word as an English question writes it: its dictionary's first sense as written (安装 ->
    install, 软件包 -> software package), a Latin word as it is; "" when the dictionary has none. The
    normalised senses of the gloss field (instal, softwar) are stems no writer uses, and the question's
    vector would read them as noise."""
    if word.isascii():
        return word
    first = _PARENS.sub("", senses.default().gloss(word).split(";", 1)[0]).strip()
    return first[3:] if first.startswith("to ") else first


def _chinese_of(term: str, surface: str, rev: dict[str, str], common: frozenset[str]) -> str:
    """An English word as a Chinese question writes it: its Chinese word, or, for an identifier (``apt-get``,
    whose parts are terms too) and a name the dictionary lacks, the Latin letters as they are; "" otherwise."""
    if not surface.isalpha():
        return surface
    return rev.get(term) or (surface if term not in common else "")


def _questions(row: int, text: str) -> list[PseudoQuestion]:
    """The pseudo-questions of one sentence: in its own language and, where the dictionary allows, the other."""
    if _is_chinese(text):
        words = _chinese_words(text)
        if not _MIN_WORDS <= len(words) <= _MAX_WORDS:
            return []
        kept = words[::2]
        out = [PseudoQuestion(row, "zh", "zh", run_together(kept) + "是什么?")]
        english = [e for e in map(_english_of, kept) if e][:8]
        if english:
            out.append(PseudoQuestion(row, "zh", "en", "What about " + " ".join(english) + "?"))
        return out
    spans = [(t, s, e) for t, s, e in english_spans(text) if not t[:1].isdigit()]
    if not _MIN_WORDS <= len(spans) <= _MAX_WORDS:
        return []
    kept = spans[::2]
    out = [PseudoQuestion(row, "en", "en", "What about " + " ".join(text[s:e] for _, s, e in kept) + "?")]
    rev = _english_to_chinese()
    common = default_glossary().common_english
    chinese = [_chinese_of(t, text[s:e], rev, common) for t, s, e in kept]
    if any(has_cjk(w) for w in chinese):
        out.append(PseudoQuestion(row, "en", "zh", run_together(list(dict.fromkeys(w for w in chinese if w)))
                                  + "是什么?"))
    return out


def pseudo_questions(index: IndexReader, n: int = N_PSEUDO) -> list[PseudoQuestion]:
    """Pseudo-questions from ``n`` of the index's sentences: those whose text hashes lowest, among the
    sentences that make one (the same for the same index).

    Chosen by content, not by position: sentences evenly spaced by row all changed when one line of a
    document did (a heading read as text moved every row after it), and the line moved by up to 0.06 of
    confidence with the sample. A sentence's hash changes only with its own text, so an edit changes only
    the sentences it touches in the sample. Every sentence is read once, in batches (``iter_sentences``: one
    query a batch from a Milvus server).
    """
    candidates: list[tuple[int, int, str]] = []  # (-hash, row, text): a max-heap of the lowest hashes
    keep = SAMPLE * n
    for rows, records, _ in index.iter_sentences(vectors=False):
        for row, record in zip(rows, records):
            key = _hash(record.text)
            if len(candidates) < keep:
                heapq.heappush(candidates, (-key, int(row), record.text))
            elif -candidates[0][0] > key:
                heapq.heapreplace(candidates, (-key, int(row), record.text))
    made: list[list[PseudoQuestion]] = []
    for _, row, text in sorted(candidates, key=lambda c: (-c[0], c[1])):
        qs = _questions(row, text)
        if qs:
            made.append(qs)
            if len(made) == n:
                break
    return [q for qs in sorted(made, key=lambda qs: qs[0].row) for q in qs]


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def fit(offtopic: dict[str, list[float]], pseudo: dict[str, list[float]], share: float = SHARE,
        coefficients: str = "") -> Calibration:
    """The thresholds from the log-odds of the off-topic (median) and pseudo-questions (mean), per language
    (``coefficients``: the ``fingerprint`` of the coefficients the log-odds are of).

    ``pseudo`` may also hold cells ``cell(lang, doc_lang)``: the pseudo-questions of ``lang`` whose first
    passage is of that document language, in an index of both. A cell of ``MIN_CELL`` or more gets a line of
    its own, on the off-topic median of its question language: an answerable question scores by the pair of
    languages (a Chinese question meets an English passage through the dictionary, and scores lower than one
    that meets a Chinese passage word for word), while few off-topic questions land in any one language."""
    thresholds, off_med, pseudo_mean, counts = {}, {}, {}, {}
    for lang in LANGS:
        off, ps = offtopic.get(lang, []), pseudo.get(lang, [])
        counts[lang] = [len(off), len(ps)]
        if not off or not ps:
            continue
        o, p = statistics.median(off), statistics.fmean(ps)
        off_med[lang], pseudo_mean[lang] = round(o, 4), round(p, 4)
        if p > o:
            thresholds[lang] = round(o + share * (p - o), 4)
        for doc_lang in LANGS:
            key = cell(lang, doc_lang)
            answered = pseudo.get(key, [])  # the pseudo-questions whose first passage is of doc_lang
            if len(answered) < MIN_CELL:
                continue
            p = statistics.fmean(answered)
            counts[key], pseudo_mean[key] = [len(off), len(answered)], round(p, 4)
            if p > o:
                thresholds[key] = round(o + share * (p - o), 4)
    return Calibration(thresholds, off_med, pseudo_mean, counts, share, coefficients=coefficients)


def calibrate(assistant, k: int = 10) -> Calibration:
    """Ask ``assistant``'s index the off-topic and its own pseudo-questions; fit the thresholds (in an index of
    both languages, per question language and per the document language of the first passage as well)."""
    off = offtopic_questions()
    ps = pseudo_questions(assistant.index)
    answers = assistant.ask_many([q for _, q in off] + [p.text for p in ps], k=k)
    offtopic: dict[str, list[float]] = {}
    pseudo: dict[str, list[float]] = {}
    for (lang, _), a in zip(off, answers):
        offtopic.setdefault(lang, []).append(logit(a.confidence))
    bilingual = assistant.languages.bilingual
    for a in answers[len(off):]:  # by the language the assistant heard, as a real question is judged
        lang = calibrated_lang(a.lang)
        pseudo.setdefault(lang, []).append(logit(a.confidence))
        if bilingual and a.passages:
            pseudo.setdefault(cell(lang, assistant.doc_lang(a.passages[0].doc)), []).append(logit(a.confidence))
    return fit(offtopic, pseudo, coefficients=fingerprint(assistant.settings.confidence))


def finish(staged: Path | IndexReader, embedder=None) -> dict[str, bytes]:
    """The ``finish`` hook of a build (``index.build``, ``MilvusEngine.build``): the staged build calibrated, as
    ``{"calibration.json": ...}``. ``staged`` is the folder of a folder build, or the reader of a Milvus build.

    ``embedder`` answers the questions (default: the query embedder of the build's model, as ``qa ask`` loads it).
    """
    from qa.pipeline.assistant import Assistant
    from qa.settings import load_settings

    if isinstance(staged, (str, Path)):
        from index.engines.folder import FolderIndex
        from index.load import open_folder

        folder = Path(staged)
        index = FolderIndex(open_folder(folder, folder.parent.parent))  # DIR/builds/<staged>
    else:
        index = staged
    if embedder is None:
        from index.embed import load_query_embedder

        embedder = load_query_embedder(index.meta.model_id)
    return {CALIBRATION: calibrate(Assistant(index, embedder, load_settings())).to_bytes()}
