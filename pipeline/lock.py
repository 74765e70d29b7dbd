"""One reindex at a time: an exclusive, non-blocking lock on `<archive>/reindex.lock`.

fcntl.flock locks belong to the open file, so the kernel releases the lock when the holder
exits, even when it is killed: a crashed reindex never leaves a stale lock behind.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from protokoll.errors import Busy
from protokoll.archive import Archive, now_iso


def lock_path(archive: Archive) -> Path:
    return archive.root / "reindex.lock"


@contextmanager
def reindex_lock(archive: Archive):
    """Hold the reindex lock for the block, or raise Busy at once if another process holds it."""
    path = lock_path(archive)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise Busy(f"another reindex is running ({holder}); try again when it has finished") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {now_iso()}".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
