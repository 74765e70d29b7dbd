"""Facet counts over a whole result set: organisation, year and topic.

For each index generation a table maps every document number to its facet values; it is
built once per process from the facet fields' posting lists (not from stored fields, which
would read every paragraph), so counting a result set is one pass over its document numbers.
"""
from __future__ import annotations

from collections import Counter
from threading import Lock

from index.schema import FACET_FIELDS

_tables: dict[tuple, "FacetTable"] = {}
_lock = Lock()


class FacetTable:
    def __init__(self, reader):
        size = reader.doc_count_all()
        self.values: dict[str, list] = {}
        for facet, fieldname in FACET_FIELDS.items():
            column: list = [None] * size
            for term in reader.field_terms(fieldname) if fieldname in reader.indexed_field_names() else ():
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                for docnum in reader.postings(fieldname, term).all_ids():
                    previous = column[docnum]
                    column[docnum] = value if previous is None else (*_as_tuple(previous), value)
            self.values[facet] = column

    def count(self, docnums: list[int]) -> dict[str, dict[str, int]]:
        """{facet: {value: paragraphs}} for the documents `docnums`, most frequent first."""
        counts = {}
        for facet, column in self.values.items():
            counter: Counter = Counter()
            for docnum in docnums:
                value = column[docnum]
                if value is None:
                    continue
                if isinstance(value, tuple):
                    counter.update(value)
                else:
                    counter[value] += 1
            counts[facet] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        return counts


def _as_tuple(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def table_for(searcher) -> FacetTable:
    """The facet table of the index generation `searcher` reads, built on first use."""
    reader = searcher.reader()
    key = (searcher._ix.storage.folder if searcher._ix else id(reader), reader.generation())
    with _lock:
        table = _tables.get(key)
        if table is None:
            _tables.clear()  # one generation at a time: an old one is not searched again
            table = _tables[key] = FacetTable(reader)
        return table
