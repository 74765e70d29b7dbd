"""Read Whoosh's compound segment files from their memory map without copying them.

Whoosh maps a segment's compound file into memory and hands each file inside it out as a
BufferFile over a slice of the map; but BufferFile also wraps the slice in a BytesIO, and a
BytesIO copies it. Opening an index therefore read its whole posting and term files into
private memory: on the 200,000-paragraph bench archive, about 300 MB more per searching
process and a slower first query. Here the file-like part reads the slice in place. Importing
this module installs it (index/store.py does, before any index is opened).
"""
from __future__ import annotations

import pickle
from io import BytesIO

import whoosh.filedb.compound as compound
from whoosh.filedb.structfile import BufferFile


class SliceReader:
    """The reading half of a binary file over a buffer: read, readline, seek, tell."""

    def __init__(self, buf: memoryview):
        self.buf, self.pos = buf, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.buf) if size is None or size < 0 else min(len(self.buf), self.pos + size)
        data = bytes(self.buf[self.pos : end])
        self.pos = max(self.pos, end)
        return data

    def readline(self, size: int = -1) -> bytes:  # pickle.load wants it (text opcodes)
        end = len(self.buf) if size is None or size < 0 else min(len(self.buf), self.pos + size)
        at = self.pos
        while at < end:
            chunk = bytes(self.buf[at : min(end, at + 4096)])
            newline = chunk.find(b"\n")
            if newline >= 0:
                return self.read(at + newline + 1 - self.pos)
            at += len(chunk)
        return self.read(end - self.pos)

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = max(0, offset if whence == 0 else self.pos + offset if whence == 1 else len(self.buf) + offset)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def close(self) -> None:
        self.buf = memoryview(b"")


class MappedBufferFile(BufferFile):
    """BufferFile whose file-like reads come from the buffer itself."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)  # an empty BytesIO: nothing copied
        self._buf, self.file = buf, SliceReader(buf)

    def read_pickle(self):
        """The pickle at the current position, unpickled from a copy of a small window.

        Unpickling from the file itself would call its read() once per opcode, in Python; every
        posting block starts with a pickled tuple, so that cost a query more than the rest of
        reading a block. A pickle ends with its STOP opcode, so a window that holds it all loads,
        and one that cuts it short raises: then the window grows."""
        reader, size = self.file, 256
        while True:
            window = BytesIO(reader.buf[reader.pos : reader.pos + size])
            try:
                value = pickle.load(window)
            except (EOFError, pickle.UnpicklingError):
                if reader.pos + size >= len(reader.buf):
                    raise
                size *= 16
                continue
            reader.pos += window.tell()
            return value


compound.BufferFile = MappedBufferFile  # what CompoundStorage.open_file hands out
