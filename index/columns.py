"""Per-document arrays of one index generation: which documents are live, field lengths for
ranking, facet values (organisation, body, year, document type, topics) and dates.

Built once per process and generation from posting lists and Whoosh's length columns (not
from stored fields, which would read every paragraph). A result set is a boolean mask over
document numbers, so counting facets or filtering by date is a few numpy passes.
"""
from __future__ import annotations

from threading import Lock

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from protokoll.index.postings import mask_of, term_postings
from protokoll.index.schema import FACET_FIELDS, paragraph_schema

SINGLE_VALUED = ("organisation", "body", "year", "doc_type")  # one value per paragraph; topics may be several
RANKED_FIELDS = ("text", "title", "exact", "folded", "pairs")
DAY_COLUMN = paragraph_schema()["day"].column_type
_LENGTH_OF_BYTE = np.array([0] + [byte_to_length(b) for b in range(1, 256)], np.float32)
_tables: dict[tuple, "Columns"] = {}
_lock = Lock()


class Columns:
    def __init__(self, reader):
        self.size = size = reader.doc_count_all()
        self.live = np.ones(size, bool)
        for segment_reader, base in reader.leaf_readers():
            if segment_reader.has_deletions():
                self.live[[base + d for d in segment_reader.deleted_docs_set]] = False
        self.lengths = {name: _lengths(reader, name, size) for name in RANKED_FIELDS}
        self.values, self.codes = {}, {}
        for facet in SINGLE_VALUED:
            self.values[facet], self.codes[facet] = _codes(reader, FACET_FIELDS[facet], size)
        self.topics, self.topic_masks = _masks(reader, FACET_FIELDS["topic"], size)
        self.dates = _fixed_column(reader, "day", DAY_COLUMN, np.int32, size)  # YYYYMMDD, 0 when undated
        self._prefixed: dict[tuple[str, str], list[str]] = {}

    def words_starting(self, reader, fieldname: str, prefix: str) -> list[str]:
        """The indexed words of `fieldname` that begin with `prefix` (kept: walking Whoosh's
        term file costs a Python step per word, and the same prefixes come back). `reader` is
        the caller's: the columns are shared between threads, Whoosh's readers are not."""
        key = (fieldname, prefix)
        words = self._prefixed.get(key)
        if words is None:
            words = self._prefixed[key] = [_text(t) for t in reader.expand_prefix(fieldname, prefix)]
        return words

    def count(self, mask: np.ndarray) -> dict[str, dict[str, int]]:
        """{facet: {value: paragraphs}} for the documents in `mask`, most frequent first."""
        counts = {}
        for facet in SINGLE_VALUED:
            tally = np.bincount(self.codes[facet][mask], minlength=len(self.values[facet]) + 1)
            counts[facet] = {v: int(n) for v, n in zip(self.values[facet], tally[1:]) if n}
        counts["topic"] = {t: int(np.count_nonzero(m & mask)) for t, m in zip(self.topics, self.topic_masks)}
        return {facet: _ordered(c) for facet, c in counts.items()}

    def dated_between(self, start: str | None, end: str | None) -> np.ndarray:
        """Mask of documents dated from `start` to `end` (ISO, inclusive; "2024-09" as `end`
        means the whole month, "2024" the whole year)."""
        low = date_number(start, fill="00") if start else 1
        high = date_number(end, fill="99") if end else 99_999_999
        return (self.dates >= low) & (self.dates <= high)


def date_number(iso: str, fill: str) -> int:
    """20240916 for "2024-09-16"; a month or year is completed with `fill`.

    >>> date_number("2024-09", fill="99"), date_number("2024", fill="00")
    (20240999, 20240000)
    """
    digits = iso.replace("-", "")
    return int(digits + fill * ((8 - len(digits)) // 2))


def _lengths(reader, fieldname: str, size: int) -> np.ndarray:
    """Each document's length of `fieldname` as Whoosh stores it (one byte, log-scaled)."""
    return _LENGTH_OF_BYTE[_fixed_column(reader, _lenfield(fieldname), LENGTHS_COLUMN, np.uint8, size)]


def _fixed_column(reader, name: str, column_type, dtype, size: int) -> np.ndarray:
    """A fixed-width Whoosh column of every segment as one array, read with one call per
    segment (Whoosh reads a value per Python call). Documents past a segment's written values
    have the default, 0."""
    out = np.zeros(size, dtype)
    for segment_reader, base in reader.leaf_readers():
        if segment_reader.doc_count_all() == 0:
            continue  # an index with no segment yet (every document so far had no text) reads as empty
        column = segment_reader._perdoc._cached_reader(name, column_type)
        if column is None:
            continue
        count = min(column._count, segment_reader.doc_count_all())
        raw = column._dbfile.get(column._basepos, count * np.dtype(dtype).itemsize)
        out[base:base + count] = np.frombuffer(raw, np.dtype(dtype).newbyteorder(">"))
    return out


def _codes(reader, fieldname: str, size: int) -> tuple[list[str], np.ndarray]:
    """(values, code per document): code 0 is "none", k is values[k - 1]."""
    values, codes = [], np.zeros(size, np.int32)
    for term in _terms(reader, fieldname):
        values.append(_text(term))
        codes[term_postings(reader, fieldname, term)[0]] = len(values)
    return values, codes


def _masks(reader, fieldname: str, size: int) -> tuple[list[str], list[np.ndarray]]:
    names, masks = [], []
    for term in _terms(reader, fieldname):
        names.append(_text(term))
        masks.append(mask_of(term_postings(reader, fieldname, term)[0], size))
    return names, masks


def _terms(reader, fieldname: str):
    return list(reader.field_terms(fieldname)) if fieldname in reader.indexed_field_names() else []


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _ordered(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(((v, n) for v, n in counts.items() if n), key=lambda kv: (-kv[1], kv[0])))


def columns_for(searcher) -> Columns:
    """The columns of the index generation `searcher` reads, built on first use."""
    reader = searcher.reader()
    key = (searcher._ix.storage.folder if searcher._ix else id(reader), reader.generation())
    with _lock:
        table = _tables.get(key)
        if table is None:
            _tables.clear()  # one generation at a time: an old one is not searched again
            table = _tables[key] = Columns(reader)
        return table
