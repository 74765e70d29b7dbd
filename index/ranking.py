"""Ranking a result set by BM25F, the formula Whoosh ranks with, computed over arrays.

Whoosh scores a match per Python call (about 10 µs with five fields per word), which made
ranking 10,000 matches take longer than everything else in a search. Here each query term
adds its BM25 contribution to a score array in one vectorised step (index/postings.py reads
its postings as arrays), and the page of hits is picked with a partial sort.

A document's score is the sum, over the query's positive terms it contains, of
boost x BM25; words in a NOT add nothing.
"""
from __future__ import annotations

import math

import numpy as np
from whoosh import query as wq

from protokoll.index.columns import Columns
from protokoll.index.postings import PostingCache

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults


def rank(query: wq.Query, searcher, columns: Columns, postings: PostingCache, matched: np.ndarray,
         count: int) -> list[tuple[float, int]]:
    """The `count` best (score, document number) of the documents in `matched`, best first."""
    scores = np.zeros(columns.size, np.float32)
    reader = searcher.reader()
    for fieldname, text, boost in scored_terms(query, reader):
        ids, weights = postings(fieldname, text)
        if len(ids):
            scores[ids] += boost * _bm25(searcher, columns, fieldname, text, ids, weights)
    return best(scores, matched, count)


def best(keys: np.ndarray, matched: np.ndarray, count: int) -> list[tuple[float, int]]:
    """The `count` documents of `matched` with the highest `keys`, ties by document number.

    >>> best(np.array([1.0, 2.0, 2.0, 2.0, 5.0]), np.array([True, True, True, True, False]), 2)
    [(2.0, 1), (2.0, 2)]
    """
    docs = np.flatnonzero(matched)
    if len(docs) > count:
        # everything tied with the last one taken, so ties break by number on every page
        cut = keys[docs][np.argpartition(-keys[docs], count - 1)[count - 1]]
        docs = docs[keys[docs] >= cut]
    docs = docs[np.lexsort((docs, -keys[docs]))][:count]
    return [(float(keys[d]), int(d)) for d in docs]


def _bm25(searcher, columns: Columns, fieldname: str, text, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
    lengths = columns.lengths.get(fieldname)
    if lengths is None:  # an unscored field (topics, case numbers): the weight is the score
        return weights
    reader = searcher.reader()
    idf = math.log(reader.doc_count_all() / (reader.doc_frequency(fieldname, text) + 1)) + 1
    average = (reader.field_length(fieldname) / (searcher.doc_count() or 1)) or 1
    return idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths[ids] / average))


def scored_terms(query: wq.Query, reader, boost: float = 1.0):
    """(field, term, boost) of every positive term of the query, wildcards expanded."""
    boost *= query.boost
    if isinstance(query, wq.Term):
        yield query.fieldname, query.text, boost
    elif isinstance(query, wq.MultiTerm):  # wildcards
        for fieldname, text in query.expanded_terms(reader):
            yield fieldname, text, boost
    elif isinstance(query, wq.AndNot):
        yield from scored_terms(query.a, reader, boost)
    elif isinstance(query, wq.CompoundQuery):
        for sub in query.subqueries:
            if not isinstance(sub, wq.Not):
                yield from scored_terms(sub, reader, boost)
