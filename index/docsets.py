"""The set of documents a query matches, without scoring them.

Counting a result set (its total and facet counts) does not need scores, and stepping a
scored matcher through 100,000 matches costs Whoosh about a second in Python. Here each term's
posting list is read into a set and the query's AND/OR/NOT become set operations, which run in
C. Queries with positions or patterns (phrases, wildcards) are left to Whoosh.
"""
from __future__ import annotations

from whoosh import query as wq
from whoosh.reading import TermNotFound


def matching_docs(q: wq.Query, searcher) -> set[int]:
    """Global document numbers matched by `q` (deleted documents excluded)."""
    reader = searcher.reader()
    if isinstance(q, wq.Term):
        try:
            return set(reader.postings(q.fieldname, q.text).all_ids())
        except TermNotFound:
            return set()
    if isinstance(q, wq.ConstantScoreQuery):
        return matching_docs(q.child, searcher)
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return set()
    if isinstance(q, wq.Or):
        return set().union(*(matching_docs(sub, searcher) for sub in q.subqueries))
    if isinstance(q, wq.And):
        positive = [sub for sub in q.subqueries if not isinstance(sub, wq.Not)]
        negative = [sub.query for sub in q.subqueries if isinstance(sub, wq.Not)]
        docs = _all_docs(reader) if not positive else _intersection([matching_docs(s, searcher) for s in positive])
        for sub in negative:
            docs -= matching_docs(sub, searcher)
        return docs
    if isinstance(q, wq.Not):
        return _all_docs(reader) - matching_docs(q.query, searcher)
    if isinstance(q, wq.AndNot):
        return matching_docs(q.a, searcher) - matching_docs(q.b, searcher)
    return set(q.docs(searcher))  # phrases, wildcards, ranges: Whoosh's own matcher


def _intersection(sets: list[set[int]]) -> set[int]:
    sets.sort(key=len)
    docs = set(sets[0])
    for other in sets[1:]:
        docs &= other
    return docs


def _all_docs(reader) -> set[int]:
    return set(reader.all_doc_ids())
