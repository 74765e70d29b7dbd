"""The set of documents a query matches, without scoring them.

Counting a result set (its total and facet counts) does not need scores, and stepping a
scored matcher through 100,000 matches costs Whoosh about a second in Python. Here each term's
posting list is read into a set and the query's AND/OR/NOT become set operations, which run in
C. Queries with positions or patterns (phrases, wildcards) are left to Whoosh.
"""
from __future__ import annotations

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher, MultiMatcher
from whoosh.reading import TermNotFound


def matching_docs(q: wq.Query, searcher) -> set[int]:
    """Global document numbers matched by `q` (deleted documents excluded)."""
    reader = searcher.reader()
    if isinstance(q, wq.Term):
        try:
            return set(_ids(reader.postings(q.fieldname, q.text)))
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


def _ids(matcher) -> list[int]:
    """All document numbers of a posting matcher, a block at a time where possible.

    Whoosh's all_ids() yields one number per Python step (200 ms for 100,000 postings); the
    leaf matcher of the whoosh3 codec holds each block's numbers as an array, copied here with
    one slice. Matchers of other shapes go through all_ids()."""
    if isinstance(matcher, MultiMatcher):
        out = []
        for sub, offset in zip(matcher.matchers, matcher.offsets):
            out += [docnum + offset for docnum in _ids(sub)] if offset else _ids(sub)
        return out
    if isinstance(matcher, FilterMatcher) and matcher._exclude:  # deleted documents
        deleted = matcher._ids
        return [docnum for docnum in _ids(matcher.child) if docnum not in deleted]
    if not isinstance(matcher, W3LeafMatcher):
        return list(matcher.all_ids())
    out = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        out.extend(matcher._ids[matcher._i:])
        matcher._next_block()
    return out


def _intersection(sets: list[set[int]]) -> set[int]:
    sets.sort(key=len)
    docs = set(sets[0])
    for other in sets[1:]:
        docs &= other
    return docs


def _all_docs(reader) -> set[int]:
    return set(reader.all_doc_ids())
