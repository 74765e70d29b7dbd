"""The reindex's segment writer (index/segment_writer.py) groups postings by term instead of
pooling them one by one; the segment it writes must be byte for byte the one Whoosh's own
SegmentWriter writes for the same paragraphs, so Whoosh and index/postings.py read it unchanged."""
from __future__ import annotations

import dataclasses
from collections import Counter

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from protokoll import normalize, pipeline
from protokoll.index.schema import paragraph_schema
from protokoll.index.segment_writer import GroupingSegmentWriter
from protokoll.index.store import to_fields

COPIES = 12  # every paragraph several times over, so common terms need several posting blocks


def sample_paragraphs(archive):
    paragraphs = [p for doc_id in archive.document_ids() for p in pipeline.paragraphs_of(archive.load(doc_id), normalize.default_normaliser())]
    return [dataclasses.replace(p, id=f"{p.id}-{copy}") for copy in range(COPIES) for p in paragraphs]


def write_segment(directory, make_writer, paragraphs) -> dict[str, bytes]:
    """The files inside the segment's compound file, by name without the segment's random id."""
    ix = whoosh_index.create_in(str(directory), paragraph_schema())
    writer = make_writer(ix)
    for p in paragraphs:
        writer.add_document(**to_fields(p))
    segment = writer._finalize_segment()
    compound = segment.open_compound_file(ix.storage)
    files = {name.replace(segment.segid, ""): compound.open_file(name).read() for name in compound.list()}
    compound.close()
    return files


def whoosh_writer(ix) -> SegmentWriter:
    writer = SegmentWriter(ix, _lk=False, limitmb=1024)  # the whole segment in memory, as ours
    writer.codec.length_stats = False
    return writer


def test_segment_files_are_those_whoosh_writes(sample_archive, tmp_path):
    paragraphs = sample_paragraphs(sample_archive)
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "grouped").mkdir()
    expected = write_segment(tmp_path / "whoosh", whoosh_writer, paragraphs)
    written = write_segment(tmp_path / "grouped", GroupingSegmentWriter, paragraphs)
    assert {"MAIN_.trm", "MAIN_.pst", "MAIN_._stored.col"} <= set(expected)
    assert written.keys() == expected.keys()
    for name in expected:
        assert written[name] == expected[name], f"the {name} files differ"


def test_common_terms_span_several_blocks(sample_archive, tmp_path):
    """Without this the comparison above would not cover a term written in more than one block."""
    paragraphs = sample_paragraphs(sample_archive)
    ix = whoosh_index.create_in(str(tmp_path), paragraph_schema())
    writer = GroupingSegmentWriter(ix)
    for p in paragraphs:
        writer.add_document(**to_fields(p))
    longest = max(Counter(writer.counted["text"].terms).values())
    writer._finalize_segment()
    assert longest > 2 * 128
    assert not writer.counted and not writer.grouped  # each field's postings are freed once written
