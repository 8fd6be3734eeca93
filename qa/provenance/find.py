"""Where does this quote or claim come from? ``find`` answers with citations.

Two questions in one call, in this order:

1. Is the text a quote? Quote and documents are folded alike (punctuation,
   width, traditional characters, line breaks do not count) and the folded
   quote is searched in the documents (:mod:`qa.provenance.quotes`). A hit is
   verdict ``exact``, with its offsets in the original file and the citations
   of the sentences it covers.
2. Otherwise it is a claim or a paraphrase: every indexed sentence is scored
   against it (:mod:`qa.provenance.claims`), the best are returned, and the
   verdict is ``supported`` when the best score reaches the calibrated
   threshold, else ``not found``.

Everything read from the index is in a ``FindContext``, built once per opened
index (:mod:`qa.provenance.corpus`).
"""

from __future__ import annotations

import time

from index.text.fold import key
from index.text.script import detect_lang
from qa.errors import BadQuestion
from qa.limits import MAX_FIND_CHARS, MAX_K, check_text
from qa.provenance.claims import best_sentences, claim_features, claim_scores
from qa.provenance.corpus import FindContext
from qa.provenance.quotes import exact_matches
from qa.provenance.records import VERDICTS, FindResult, Match
from qa.settings import FindSettings

__all__ = ["MAX_FIND_CHARS", "MAX_K", "VERDICTS", "FindContext", "FindResult", "Match", "check_text", "find",
           "find_many"]



def find(ctx: FindContext, text: str, k: int = 5, settings: FindSettings | None = None, qvec=None) -> FindResult:
    """Citations for a quote (verdict ``exact``) or for a claim (``supported`` / ``not found``)."""
    if not 1 <= int(k) <= MAX_K:
        raise BadQuestion("k_range", found=k, limit=MAX_K)
    text = check_text(text)
    settings = settings or ctx.settings
    t0 = time.perf_counter()
    matches, occurrences = exact_matches(ctx, key(text), int(k))
    timings = {"exact": time.perf_counter() - t0}
    if matches:
        return FindResult(text, detect_lang(text), "exact", 1.0, settings.threshold, tuple(matches), occurrences,
                          timings)
    t1 = time.perf_counter()
    if qvec is None:
        qvec = ctx.encode([text])[0]
    feats = claim_features(ctx, text, qvec, english=settings.english_gloss > 0)
    matches, best = best_sentences(ctx, claim_scores(feats, settings), int(k))
    verdict = "supported" if best >= settings.threshold else "not found"
    timings["claim"] = time.perf_counter() - t1
    return FindResult(text, feats.lang, verdict, round(best, 4), settings.threshold, tuple(matches), 0, timings)


def find_many(ctx: FindContext, texts: list[str], k: int = 1) -> list[FindResult | BadQuestion]:
    """One result per text, in order; a text that cannot be looked up gives its BadQuestion instead.

    Claims are embedded in one batch.
    """
    checked: list[str | BadQuestion] = []
    for t in texts:
        try:
            checked.append(check_text(t))
        except BadQuestion as exc:
            checked.append(exc)
    claims = [t for t in checked if isinstance(t, str) and not exact_matches(ctx, key(t), 1)[1]]
    vecs = dict(zip(claims, ctx.encode(claims))) if claims else {}
    out: list[FindResult | BadQuestion] = []
    for t in checked:
        out.append(t if isinstance(t, BadQuestion) else find(ctx, t, k, qvec=vecs.get(t)))
    return out
