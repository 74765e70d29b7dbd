"""index/mapped_files.py: segment files inside a compound file are read in place from the
memory map, reading exactly what Whoosh's own copy (a BytesIO) would."""
from __future__ import annotations

import pickle
import random
from io import BytesIO

import pytest
from whoosh import index as whoosh_index

from protokoll.index import store
from protokoll.index.mapped_files import MappedBufferFile, SliceReader

DATA = b"".join(b"line %d\n" % i if i % 7 else b"x" * 5000 for i in range(2000))


def test_slice_reader_reads_as_bytesio():
    rng = random.Random(7)
    ours, theirs = SliceReader(memoryview(DATA)), BytesIO(DATA)
    for _ in range(3000):
        op = rng.choice(["read", "readline", "seek", "seek_cur", "seek_end", "read_all"])
        if op == "read":
            size = rng.choice([0, 1, 5, 300, 6000])
            assert ours.read(size) == theirs.read(size)
        elif op == "readline":
            size = rng.choice([-1, 3, 10000])
            assert ours.readline(size) == theirs.readline(size)
        elif op == "seek":
            offset = rng.randrange(len(DATA) + 10)
            assert ours.seek(offset) == theirs.seek(offset)
        elif op == "seek_cur":
            offset = rng.randrange(-50, 50)
            if theirs.tell() + offset >= 0:
                assert ours.seek(offset, 1) == theirs.seek(offset, 1)
        elif op == "seek_end":
            offset = -rng.randrange(len(DATA))
            assert ours.seek(offset, 2) == theirs.seek(offset, 2)
        else:
            assert ours.read() == theirs.read()
        assert ours.tell() == theirs.tell()


def test_pickles_read_in_place_as_from_a_copy():
    """Posting blocks start with a pickled tuple; the compound directory is a large pickle."""
    values = [(5, 1234, 2.0, 3, 0, 0), "x" * 300, list(range(5000)), {"a": b"b" * 70000}, None]
    data = b"".join(pickle.dumps(value, 2) for value in values) + b"\x80\x02(K\x01"  # the last one cut short
    ours = MappedBufferFile(memoryview(data))
    assert [ours.read_pickle() for _ in values] == values
    with pytest.raises((EOFError, pickle.UnpicklingError)):
        ours.read_pickle()


def test_index_segments_are_read_in_place(sample_archive):
    ix = whoosh_index.open_dir(str(store.live_dir(sample_archive)))
    with ix.reader() as reader:
        segment_readers = [r for r, _ in reader.leaf_readers()]
        postfiles = [r._terms._postfile for r in segment_readers]
        assert postfiles and all(isinstance(f, MappedBufferFile) for f in postfiles)
        assert not any(isinstance(f.file, BytesIO) for f in postfiles)
        assert reader.doc_frequency("text", "beslut") > 0
