"""A term's posting list as numpy arrays: global document numbers and term frequencies.

Whoosh steps through postings one Python call at a time (about 2 µs each), so a word found in
100,000 paragraphs costs it a fifth of a second before any scoring. Its whoosh3 codec stores
postings in blocks of up to 128, each a pickled tuple (delta-encoded ids, weights, values);
here each block becomes two arrays with one numpy call, and everything after that (sets,
scores, facet counts) is array arithmetic in C.
"""
from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher, MultiMatcher
from whoosh.reading import TermNotFound

DOCNUM = np.int32
EMPTY = (np.zeros(0, DOCNUM), np.zeros(0, np.float32))


def term_postings(reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of one term, deleted documents included (callers mask them
    out with Columns.live). Empty arrays when the term is not indexed."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return EMPTY
    pieces = list(_pieces(matcher, 0))
    if not pieces:
        return EMPTY
    ids, weights = zip(*pieces)
    return np.concatenate(ids).astype(DOCNUM, copy=False), np.concatenate(weights)


def _pieces(matcher, offset: int):
    if isinstance(matcher, MultiMatcher):
        for sub, sub_offset in zip(matcher.matchers, matcher.offsets):
            yield from _pieces(sub, offset + sub_offset)
    elif isinstance(matcher, FilterMatcher):  # deleted documents: the caller's live mask drops them
        yield from _pieces(matcher.child, offset)
    elif isinstance(matcher, W3LeafMatcher):
        yield from _blocks(matcher, offset)
    else:  # inlined or in-memory postings: few, stepped through
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        if ids:
            yield np.array(ids, np.int64) + offset, np.array(weights, np.float32)


def _blocks(leaf: W3LeafMatcher, offset: int):
    while leaf.is_active():
        leaf._read_data()
        ids, weights, _ = leaf._data
        ids = np.array(ids, np.int64)
        if not leaf._byteids:
            ids = np.cumsum(ids)  # stored as differences, the first one absolute
        if weights is None or isinstance(weights, float):
            weights = np.full(len(ids), 1.0 if weights is None else weights, np.float32)
        else:
            weights = np.array(weights, np.float32)
        yield ids + offset, weights
        leaf._next_block()


def mask_of(docnums: np.ndarray, size: int) -> np.ndarray:
    """A boolean mask over `size` documents, true at `docnums`."""
    mask = np.zeros(size, bool)
    mask[docnums] = True
    return mask


class PostingCache:
    """The postings of the terms one search uses, each read once: matching and ranking ask
    for the same terms."""

    def __init__(self, reader):
        self.reader = reader
        self._read: dict[tuple[str, object], tuple[np.ndarray, np.ndarray]] = {}

    def __call__(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        key = (fieldname, text)
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = term_postings(self.reader, fieldname, text)
        return found
