"""A Whoosh segment writer that keeps postings grouped by term, for reindex writers.

Whoosh's SegmentWriter puts every posting into a pool as its own tuple, sorts all of them when
the segment closes, and hands them one at a time to its posting writer: about 3 µs of Python per
posting, and a paragraph has some 200. Here a text field's postings go into three flat arrays
(term number, document, count) with a few C-level calls per paragraph; when the segment closes
numpy sorts them by term (documents already ascend) and each block of up to 128 postings is
handed to Whoosh's own block writer at once. The segment files are byte for byte those Whoosh
writes (tests/test_segment_writer.py), so Whoosh and index/postings.py read them unchanged.
"""
from __future__ import annotations

from array import array
from collections import defaultdict
from itertools import repeat

import numpy as np
from whoosh.writing import SegmentWriter

from protokoll.index.analysis import term_counts
from protokoll.index.schema import SwedishText

# Memory per posting and per term, measured (/proc RSS) on the bench archive's paragraphs:
POSTING_BYTES = 12  # a counted posting: term number, document, count
TERM_BYTES = 150  # a counted term: its string, its number and its dict entry
OTHER_POSTING_BYTES = 280  # a posting of another field (ids, dates): mostly a term of its own, with its arrays


class CountedPostings:
    """One SwedishText field's postings in a segment, in the order they were added."""

    def __init__(self):
        self.numbers: defaultdict[str, int] = defaultdict()
        self.numbers.default_factory = self.numbers.__len__  # a new term gets the next number
        self.terms, self.docnums, self.counts = array("I"), array("I"), array("I")

    def add(self, docnum: int, counts: dict[str, int]) -> None:
        self.terms.extend(map(self.numbers.__getitem__, counts))
        self.docnums.extend(repeat(docnum, len(counts)))
        self.counts.extend(counts.values())

    def __len__(self) -> int:
        return len(self.docnums)

    def by_term(self):
        """Per term, in byte order as Whoosh writes them: (term bytes, its blocks). Documents
        ascend within a term."""
        encoded = [term.encode("utf-8") for term in self.numbers]
        order = sorted(range(len(encoded)), key=encoded.__getitem__)
        rank = np.empty(len(order), np.int64)
        rank[order] = np.arange(len(order))
        keys = rank.astype(np.uint32)[np.frombuffer(self.terms, np.uint32)]
        ends = np.cumsum(np.bincount(keys, minlength=len(order))).tolist()
        postings = np.argsort(keys, kind="stable")  # stable: each term's documents stay ascending
        del keys, rank
        # Converted once for the whole field; a block is then a slice of each.
        ids = _array("I", np.frombuffer(self.docnums, np.uint32)[postings])
        counts = np.frombuffer(self.counts, np.uint32)[postings]
        del postings
        self.terms = self.docnums = self.counts = None  # what they held is in ids and counts now
        weights = _array("f", counts.astype(np.float32))  # a count is its weight
        values = counts.astype(">u4").tobytes()  # Frequency's value: the count as a big-endian uint32
        del counts
        start = 0
        for term, end in zip(order, ends):
            yield encoded[term], _counted_blocks(ids, weights, values, start, end)
            start = end


class GroupingSegmentWriter(SegmentWriter):
    """Writes one segment of the index `ix`; `add_document` as Whoosh's, `held_bytes` what the
    grouped postings take in memory (the caller closes the segment before it grows too big)."""

    def __init__(self, ix):
        super().__init__(ix, _lk=False)  # the reindex holds its own lock (index/lock.py)
        # Per-block length statistics cost a column lookup per posting and serve only Whoosh's
        # own scorer; index/ranking.py reads the length columns, which are still written.
        self.codec.length_stats = False
        self.counted = {name: CountedPostings() for name, field in self.schema.items() if isinstance(field, SwedishText)}
        self.grouped: dict[str, dict[bytes, tuple]] = {name: {} for name in self.schema.names() if name not in self.counted}
        self.other_postings = 0

    def held_bytes(self) -> int:
        counted = sum(len(c) * POSTING_BYTES + len(c.numbers) * TERM_BYTES for c in self.counted.values())
        return counted + self.other_postings * OTHER_POSTING_BYTES

    def add_document(self, **fields):
        self._check_state()
        schema, docnum, writer = self.schema, self.docnum, self.perdocwriter
        names = sorted(name for name in fields if fields[name] is not None)
        self._check_fields(schema, names)
        writer.start_doc(docnum)
        for name in names:
            value, field = fields[name], schema[name]
            length = 0
            if name in self.counted:
                counts = term_counts(value, field.view)
                self.counted[name].add(docnum, counts)
                length = sum(counts.values())
            elif field.indexed:
                length = self._add_postings(self.grouped[name], docnum, field.index(value))
            writer.add_field(name, field, value if field.stored else None, length if field.scorable else 0)
            if field.column_type:
                writer.add_column_value(name, field.column_type, field.to_column_value(value))
        writer.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_postings(self, terms: dict, docnum: int, items) -> int:
        length = 0
        for tbytes, freq, weight, vbytes in items:
            postings = terms.get(tbytes)
            if postings is None:
                postings = terms[tbytes] = (array("I"), array("f"), [])
            postings[0].append(docnum)
            postings[1].append(weight)
            if vbytes:  # as Whoosh's block writer: empty values are not kept
                postings[2].append(vbytes)
            length += freq
            self.other_postings += 1
        return length

    def _flush_segment(self):
        self.perdocwriter.close()
        fields = self.fieldwriter
        for name in sorted(self.schema.names()):
            if name in self.counted:
                terms = self.counted[name].by_term()
            else:
                grouped = self.grouped[name]
                terms = ((tbytes, _blocks(*grouped[tbytes])) for tbytes in sorted(grouped))
            started = False
            for tbytes, blocks in terms:
                if not started:
                    fields.start_field(name, self.schema[name])
                    started = True
                fields.start_term(tbytes)
                _write_blocks(fields._postwriter, blocks)
                fields.finish_term()
            if started:
                fields.finish_field()
            self.counted.pop(name, None)  # frees the field's postings before the next is written
            self.grouped.pop(name, None)
        fields.close()


BLOCK = 128  # postings per block: the whoosh3 codec's limit (checked in _write_blocks)


def _array(typecode: str, values: np.ndarray) -> array:
    result = array(typecode)
    result.frombytes(values.view(np.uint8))  # through the buffer protocol: no copy in between
    return result


def _counted_blocks(ids: array, weights: array, values: bytes, start: int, end: int):
    for low in range(start, end, BLOCK):
        high = min(end, low + BLOCK)
        yield ids[low:high], weights[low:high], [values[4 * low : 4 * high]]  # joined, as Whoosh joins fixed-size values


def _blocks(ids: array, weights: array, values: list):
    for low in range(0, len(ids), BLOCK):
        yield ids[low : low + BLOCK], weights[low : low + BLOCK], values[low : low + BLOCK]


def _write_blocks(writer, blocks) -> None:
    """Fill the whoosh3 posting writer's block buffer a block at a time, as its add_posting
    would one posting at a time; its finish_postings writes the last block."""
    assert writer._blocklimit == BLOCK
    for number, (ids, weights, values) in enumerate(blocks):
        if number:
            writer._write_block()
        writer._ids, writer._weights, writer._values = ids, weights, values
        writer._maxweight = max(0, max(weights))
