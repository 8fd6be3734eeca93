from __future__ import annotations

import numpy as np

from index import views
from index.records import Chunk, SentenceRow


def _chunk(doc: str, para: int, first: int, last: int) -> Chunk:
    return Chunk(doc, para, 0, 1, "x", "x", ((0, 1),), first, last)


def _sentence(doc: str, para: int, number: int) -> SentenceRow:
    return SentenceRow(doc, para, number, ((0, 1),), "x", ())


CHUNKS = [_chunk("a", 1, 1, 2), _chunk("a", 1, 2, 3), _chunk("a", 2, 1, 1), _chunk("b", 1, 1, 1)]
SENTENCES = [_sentence("a", 1, 1), _sentence("a", 1, 2), _sentence("a", 1, 3), _sentence("a", 2, 1),
             _sentence("b", 1, 1), _sentence("b", 2, 1)]


def test_sentence_rows_by_paragraph():
    assert views.sentence_rows(SENTENCES) == {("a", 1): [0, 1, 2], ("a", 2): [3], ("b", 1): [4], ("b", 2): [5]}


def test_each_sentence_points_at_the_first_chunk_that_holds_it():
    assert views.sentence_chunk(CHUNKS, SENTENCES).tolist() == [0, 0, 1, 2, 3, -1]


def test_neighbours_stay_inside_a_document():
    assert views.neighbours(CHUNKS) == [(-1, 1), (0, 2), (1, -1), (-1, -1)]


def test_top_idf_and_the_empty_field():
    assert views.top_idf(np.array([0.5, 2.5, 1.0], np.float32)) == 2.5
    assert views.top_idf(np.array([], np.float32)) == 1.0


def test_derive_keeps_them_together():
    v = views.derive(CHUNKS, SENTENCES, np.array([1.0], np.float32))
    assert v.sentence_rows[("a", 1)] == [0, 1, 2] and v.neighbours[1] == (0, 2) and v.top_idf == 1.0


def test_a_chunk_holds_the_rows_of_its_sentences_and_their_words():
    sentences = [SentenceRow("a", 1, n, ((0, 1),), "x", (f"w{n}",)) for n in (1, 2, 3)]
    rows = views.sentence_rows(sentences)
    chunk = _chunk("a", 1, 2, 3)
    assert views.chunk_rows(chunk, sentences, rows) == [1, 2]
    assert views.chunk_words(chunk, sentences, rows) == {"w2", "w3"}
    assert views.chunk_rows(_chunk("b", 1, 1, 1), sentences, rows) == []
