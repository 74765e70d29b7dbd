"""Facet counts over a whole result set (organisation, year, topic), and dates for sorting.

For each index generation a table maps every document number to its facet values; it is
built once per process from the fields' posting lists (not from stored fields, which would
read every paragraph), so counting a result set is a few C-level passes over its numbers.
"""
from __future__ import annotations

from collections import Counter
from itertools import chain
from threading import Lock

from index.schema import FACET_FIELDS

SINGLE_VALUED = ("organisation", "year")  # one value per paragraph; topics may be several
_tables: dict[tuple, "FacetTable"] = {}
_lock = Lock()


class FacetTable:
    def __init__(self, reader):
        size = reader.doc_count_all()
        self.single = {facet: _column(reader, FACET_FIELDS[facet], [None] * size) for facet in SINGLE_VALUED}
        topics: list = [()] * size
        for value, docnum in _postings(reader, FACET_FIELDS["topic"]):
            topics[docnum] = (*topics[docnum], value)
        self.topics = topics
        self.dates = _column(reader, "date", [""] * size)
        self.date_key = self.dates.__getitem__  # docnum -> "YYYY-MM-DD" ("" when undated)

    def count(self, docnums) -> dict[str, dict[str, int]]:
        """{facet: {value: paragraphs}} for the documents `docnums`, most frequent first."""
        counts = {facet: Counter(map(column.__getitem__, docnums)) for facet, column in self.single.items()}
        counts["topic"] = Counter(chain.from_iterable(map(self.topics.__getitem__, docnums)))
        return {facet: _ordered(counter) for facet, counter in counts.items()}


def _postings(reader, fieldname: str):
    """(value, docnum) for every posting of `fieldname`."""
    if fieldname not in reader.indexed_field_names():
        return
    for term in reader.field_terms(fieldname):
        value = term.decode("utf-8") if isinstance(term, bytes) else term
        for docnum in reader.postings(fieldname, term).all_ids():
            yield value, docnum


def _column(reader, fieldname: str, column: list) -> list:
    for value, docnum in _postings(reader, fieldname):
        column[docnum] = value
    return column


def _ordered(counter: Counter) -> dict[str, int]:
    counter.pop(None, None)
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


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
