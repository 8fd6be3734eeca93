"""The answerable thresholds a build fitted to its own index (``qa.pipeline.calibrate``), as the assistant reads them.

``calibration.json``, kept with the build and checksummed with it: a file of
the build folder, or a catalog blob of a Milvus build (either engine's
``IndexReader.build_file``). An index without one (built before it) keeps
the ``[answerable] threshold`` of ``qa/retrieval.toml``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader

CALIBRATION = "calibration.json"
VERSION = 3  # 3: the coefficients it was fitted under; 2: the pseudo-questions' mean (1 kept their median)
READABLE = (1, 2, 3)  # read to be described; only a file fitted under the coefficients in force is used
_EPS = 1e-6


def fingerprint(coefficients: Mapping[str, Mapping[str, float]]) -> str:
    """A short digest of the confidence coefficients (``[answerable.coefficients.*]``): the line a build fits
    lies on the log-odds of these, and means nothing under others."""
    body = json.dumps({lang: dict(sorted(c.items())) for lang, c in sorted(coefficients.items())}, sort_keys=True)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Calibration:
    """Per question language: the threshold as log-odds, and what it was fitted from."""

    thresholds: dict[str, float]  # lang (or cell, ``zh>en``) -> log-odds; a language missing keeps the TOML's
    offtopic_median: dict[str, float]  # lang -> median log-odds of the off-topic questions
    pseudo_mean: dict[str, float]  # lang -> mean log-odds of the pseudo-questions
    counts: dict[str, list[int]]  # lang -> [off-topic questions, pseudo-questions]
    share: float = 0.4
    version: int = VERSION
    coefficients: str = ""  # ``fingerprint`` of the coefficients it was fitted under ("" before version 3)

    def fits(self, coefficients: Mapping[str, Mapping[str, float]]) -> bool:
        """Was it fitted under these coefficients? (A build of an older version of the assistant was not.)"""
        return bool(self.coefficients) and self.coefficients == fingerprint(coefficients)

    def threshold(self, lang: str, default: float, doc_lang: str | None = None) -> float:
        """The 0..1 confidence from which a question in ``lang`` is answered (``default`` if not calibrated);
        with ``doc_lang``, the document language of the first passage, its cell's line where it has one."""
        z = self.thresholds.get(cell(lang, doc_lang)) if doc_lang else None
        z = self.thresholds.get(lang) if z is None else z
        return default if z is None else 1.0 / (1.0 + math.exp(-z))

    def to_bytes(self) -> bytes:
        return (json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_dict(cls, d: dict) -> Calibration:
        return cls({k: float(v) for k, v in d["thresholds"].items()},
                   {k: float(v) for k, v in d["offtopic_median"].items()},
                   {k: float(v) for k, v in d.get("pseudo_mean", d.get("pseudo_median", {})).items()},
                   {k: [int(x) for x in v] for k, v in d["counts"].items()}, float(d["share"]), int(d["version"]),
                   str(d.get("coefficients", "")))


def cell(lang: str, doc_lang: str) -> str:
    """The key of a question language answered from documents of ``doc_lang`` (``zh>en``)."""
    return f"{lang}>{doc_lang}"


def calibrated_lang(lang: str) -> str:
    """The language whose threshold judges a question heard in ``lang``: a mixed question (Chinese with
    Latin names) is judged as a Chinese one, as its coefficients are the Chinese ones."""
    return "zh" if lang == "mixed" else lang


def logit(confidence: float) -> float:
    c = min(max(confidence, _EPS), 1.0 - _EPS)
    return math.log(c / (1.0 - c))


def parse_calibration(body: bytes | None) -> Calibration | None:
    """``calibration.json``'s bytes as a :class:`Calibration` (None: no file, or of a version not ``READABLE``)."""
    if body is None:
        return None  # an older build, or one built without the hook
    try:
        d = json.loads(body.decode("utf-8"))
        if d.get("version") not in READABLE:
            return None
        return Calibration.from_dict(d)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_calibration(index: IndexReader) -> Calibration | None:
    """The calibration of the build ``index`` reads, from any engine (None: none was written, or of another
    version). A file the build's checksum does not vouch for is refused by the reader (``CorruptIndex``)."""
    read = getattr(index, "build_file", None)
    return parse_calibration(read(CALIBRATION) if read is not None else None)


def in_force(cal: Calibration | None, coefficients: Mapping[str, Mapping[str, float]]) -> Calibration | None:
    """``cal`` when it was fitted under ``coefficients`` (the line answers are judged from), else None."""
    return cal if cal is not None and cal.fits(coefficients) else None


def describe(cal: Calibration | None, coefficients: Mapping[str, Mapping[str, float]]) -> str:
    """Where the answerable line comes from, as ``qa info`` says it."""
    if cal is None:
        return "qa/retrieval.toml; this build kept no calibration"
    if not cal.fits(coefficients):
        return ("qa/retrieval.toml: this build was calibrated under other confidence coefficients, "
                "`qa build` fits it again")
    return "fitted by this build"
