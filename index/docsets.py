"""The documents a query matches, as a boolean mask over document numbers, without scoring.

Counting a result set (its total and facet counts) does not need scores. Each term's posting
list is read as an array (index/postings.py) and the query's AND/OR/NOT become mask
operations; phrases are word pairs (index/query.py), so terms too.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq

from protokoll.index.columns import Columns
from protokoll.index.postings import PostingCache, mask_of


def matching_docs(q: wq.Query, searcher, columns: Columns, postings: PostingCache | None = None) -> np.ndarray:
    """Mask of the live documents matched by `q`."""
    postings = postings or PostingCache(searcher.reader())
    return _mask(q, searcher, columns, postings) & columns.live


def _mask(q: wq.Query, searcher, columns: Columns, postings: PostingCache) -> np.ndarray:
    if isinstance(q, wq.Term):
        return mask_of(postings(q.fieldname, q.text)[0], columns.size)
    if isinstance(q, wq.ConstantScoreQuery):
        return _mask(q.child, searcher, columns, postings)
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return np.zeros(columns.size, bool)
    if isinstance(q, wq.Or):
        return np.logical_or.reduce([_mask(s, searcher, columns, postings) for s in q.subqueries])
    if isinstance(q, wq.And):
        mask = np.ones(columns.size, bool)
        for sub in q.subqueries:
            if isinstance(sub, wq.Not):
                mask &= ~_mask(sub.query, searcher, columns, postings)
            else:
                mask &= _mask(sub, searcher, columns, postings)
        return mask
    if isinstance(q, wq.Not):
        return ~_mask(q.query, searcher, columns, postings)
    if isinstance(q, wq.AndNot):
        return _mask(q.a, searcher, columns, postings) & ~_mask(q.b, searcher, columns, postings)
    mask = np.zeros(columns.size, bool)
    if isinstance(q, wq.MultiTerm):  # wildcards: any of the indexed words they expand to
        for fieldname, text in q.expanded_terms(searcher.reader()):
            mask[postings(fieldname, text)[0]] = True
    else:  # any other kind of query: Whoosh's own matcher
        mask[np.fromiter(q.docs(searcher), np.int64)] = True
    return mask
