"""Counts for `protokoll stats`: documents, paragraphs, decisions and facet totals."""
from __future__ import annotations

from whoosh.query import Term

from protokoll.index.columns import columns_for
from protokoll.index.docsets import matching_docs
from protokoll.index.store import index_info, index_size, live_dir, open_live, open_searcher, reading_errors
from protokoll.archive import Archive


def stats(archive: Archive) -> dict:
    ix = open_live(archive)
    path = live_dir(archive)
    with reading_errors(path), open_searcher(ix) as searcher:
        reader = searcher.reader()
        columns = columns_for(searcher)
        totals = columns.count(columns.live)
        # masks leave out deleted documents; doc_frequency would still count replaced paragraphs
        def count(query) -> int:
            return int(matching_docs(query, searcher, columns).sum())

        decisions = count(Term("is_decision", True))
        doc_types = {t: count(Term("doc_type", t)) for t in reader.field_terms("doc_type")}
        doc_types = {t: n for t, n in doc_types.items() if n}
    return {"documents": len(archive.document_ids()), "paragraphs": int(columns.live.sum()), "decisions": decisions,
            "index": str(path.relative_to(archive.root.resolve())), "built_at": index_info(path).get("built_at"),
            "index_bytes": index_size(path), "facets": {**totals, "doc_type": doc_types}}

