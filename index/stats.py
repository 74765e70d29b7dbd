"""Counts for `protokoll stats`: documents, paragraphs, decisions and facet totals."""
from __future__ import annotations

from index import facets
from index.store import index_info, index_size, live_dir, open_live, open_searcher, reading_errors
from ingest.archive import Archive


def stats(archive: Archive) -> dict:
    ix = open_live(archive)
    path = live_dir(archive)
    with reading_errors(path), open_searcher(ix) as searcher:
        reader = searcher.reader()
        everything = list(reader.all_doc_ids())
        totals = facets.table_for(searcher).count(everything)
        decisions = reader.doc_frequency("is_decision", True) if "is_decision" in reader.indexed_field_names() else 0
        doc_types = {t.decode() if isinstance(t, bytes) else t: reader.doc_frequency("doc_type", t)
                     for t in reader.field_terms("doc_type")} if "doc_type" in reader.indexed_field_names() else {}
    return {"documents": len(archive.document_ids()), "paragraphs": len(everything), "decisions": decisions,
            "index": str(path.relative_to(archive.root.resolve())), "built_at": index_info(path).get("built_at"),
            "index_bytes": index_size(path), "facets": {**totals, "doc_type": doc_types}}
