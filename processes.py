"""Worker processes, as ingest, reindex and `protokoll normalize` start them.

A base module (it imports nothing of protokoll), so every stage's pool uses the same two rules.
"""
from __future__ import annotations

import ctypes
import os
import signal


def usable_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def end_with_parent(sent: signal.Signals = signal.SIGTERM) -> None:
    """In a worker: be sent `sent` when the process that started it dies, even by kill -9, rather
    than work on as an orphan (Linux prctl PR_SET_PDEATHSIG; elsewhere nothing is done)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, sent)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
