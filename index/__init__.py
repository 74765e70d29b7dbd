"""Index and search: one Whoosh document per paragraph.

- analysis.py  Swedish analysis: stemmed + compound parts, exact, folded (visible pipelines)
- schema.py    fields
- query.py     query text -> Whoosh query (Swedish operators, checks, fuzzy OCR terms)
- search.py    the search API: SearchRequest -> SearchResults (hits, total, facets, suggestions)
- postings.py  a term's postings read as numpy arrays
- columns.py   per-index arrays: live documents, field lengths, facet values, dates
- docsets.py   matched documents as a mask, for totals and facets without scoring
- ranking.py   BM25F over arrays, and the top hits
- store.py     opening the live index, building a new one in parallel, switching atomically
- stats.py     counts for `protokoll stats`
"""
