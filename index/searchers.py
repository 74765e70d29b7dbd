"""Searchers kept open between searches, one per thread and live index generation.

Opening a Whoosh searcher opens every segment's files, and the first search of a new index
also builds its columns (index/columns.py): about 0.25 s on the 200,000-paragraph bench, ten
times a typical search. A long-running process
(the web page, the benchmark) therefore keeps its searcher open, and opens a new one when the
live index changes: another directory after a reindex, or a new generation after an ingest.
A searcher is never shared between threads: Whoosh's file objects are not thread-safe.
"""
from __future__ import annotations

import threading

from protokoll.index.store import live_dir, open_live, open_searcher
from protokoll.archive import Archive

_local = threading.local()


def live_searcher(archive: Archive):
    """An open searcher of the live index (cached; do not close it)."""
    path = live_dir(archive)
    cache = getattr(_local, "searchers", None)
    if cache is None:
        cache = _local.searchers = {}
    entry = cache.get(archive.root.resolve())
    if entry is not None:
        cached_path, ix, searcher = entry
        if cached_path == path and ix.latest_generation() == searcher.reader().generation():
            return searcher
    ix = open_live(archive)
    searcher = open_searcher(ix)
    cache[archive.root.resolve()] = (path, ix, searcher)  # the old searcher closes when collected
    return searcher
