"""Repairing a text of many pages: page by page, in order, in one process or several.

A page is what a form feed ends, as a text export or OCR writes pages and as ingest stores
them: each page is repaired on its own (its legacy switch, its spellings), so a document's
pages come out as the archive keeps them, and the pages can be shared between processes.
Whatever the number of processes, the output is the same, in the same order: `repair` is a
function of the page alone (the memos only save work).

Worker processes are forked from the one that loaded the normaliser, so they start at once
with its lexicons (shared, copy-on-write) instead of loading them again; each keeps its own
memos. Pages travel in small batches, and only a few batches per worker are out at a time:
each page is handed on (written) as soon as it and every page before it are done, so neither
the input's pages nor the output are held twice.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Iterable, Iterator

from protokoll.errors import WorkerLost
from protokoll.processes import end_with_parent

if TYPE_CHECKING:
    from protokoll.normalize.normaliser import Normaliser, PageSwitches
    from protokoll.normalize.settings import Change

PAGE_BREAK = "\f"
BATCH_CHARACTERS = 20_000  # about 3,000 words a batch: each costs one message each way
BATCHES_AHEAD = 4  # per worker: enough to keep it busy while the pages before are written
READ_AHEAD_WORDS = 500  # distinct words a worker finds the readings of at a time


def batches(pages: Iterable[str], characters: int = BATCH_CHARACTERS) -> Iterator[list[str]]:
    """`pages` in consecutive batches of about `characters` characters (a long page alone).

    >>> [len(batch) for batch in batches(["a" * 6, "b" * 6, "c" * 20, "d"], characters=10)]
    [2, 1, 1]
    """
    batch: list[str] = []
    size = 0
    for page in pages:
        batch.append(page)
        size += len(page)
        if size >= characters:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def repaired(normaliser: Normaliser, pages: list[str], jobs: int = 1) -> Iterator[str]:
    """Each of `pages` repaired, in order, with `jobs` processes (at most one per batch).

    >>> from protokoll.normalize import Normaliser
    >>> list(repaired(Normaliser.load(), ["Kommunerna ar overens om fragan.", "Nämnden ar överens."]))
    ['Kommunerna är överens om frågan.', 'Nämnden ar överens.']
    """
    for batch in _in_order(normaliser, pages, jobs, explain=False):
        yield from batch


def explained(normaliser: Normaliser, pages: list[str], jobs: int = 1) -> Iterator[tuple[str, list[Change]]]:
    """Each of `pages` repaired, with its changes (`Normaliser.explain`), in order."""
    for batch in _in_order(normaliser, pages, jobs, explain=True):
        yield from batch


def _in_order(normaliser: Normaliser, pages: list[str], jobs: int, explain: bool) -> Iterator[list]:
    work = list(batches(pages))
    workers = min(jobs, len(work))
    if workers <= 1:
        for batch in work:
            yield _repair_batch(normaliser, batch, explain)
        return
    switches = _read_ahead(normaliser, work, workers)
    # Forked now, the workers start with every reading the pages need.
    with _pool(normaliser, workers) as pool:
        tasks = [(_repair_in_worker, batch, judged, explain) for batch, judged in zip(work, switches)]
        yield from _results_in_order(pool, tasks, workers)


def _read_ahead(normaliser: Normaliser, work: list[list[str]], workers: int) -> list[list[PageSwitches]]:
    """Work out the readings of every word of the legacy pages in `work` with `workers`
    processes, each distinct word once, and remember them in `normaliser`; the switches of
    each page of each batch (so that the pages are not judged twice).

    Finding a word's readings is most of the cost of a page the first time the word is met (the
    lexicon, compound and fuzzy look-ups); workers that each met the words of their own pages
    would find the common ones once each. So first the workers list the words their batches of
    pages read; then each finds the readings of its share of the distinct words not yet known.
    """
    with _pool(normaliser, workers) as pool:
        known = normaliser.readings[True]
        needed: dict[str, None] = {}
        switches = []
        for judged, words in _results_in_order(pool, [(_words_in_worker, batch) for batch in work], workers):
            switches.append(judged)
            needed.update((word, None) for word in words if word not in known)
        words = list(needed)
        shares = [words[i:i + READ_AHEAD_WORDS] for i in range(0, len(words), READ_AHEAD_WORDS)]
        for share, found in zip(shares, _results_in_order(pool, [(_readings_in_worker, share) for share in shares], workers)):
            normaliser.add_readings(share, found)
    return switches


def _pool(normaliser: Normaliser, workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("fork")  # the loaded normaliser goes with it, not pickled
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(normaliser,))


def _results_in_order(pool: ProcessPoolExecutor, tasks: list[tuple], workers: int) -> Iterator:
    """The result of each task (function, *arguments), in order, with a few tasks per worker out at once."""
    pending: deque[Future] = deque()
    try:
        for function, *arguments in tasks:
            pending.append(pool.submit(function, *arguments))
            if len(pending) >= workers * BATCHES_AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool:
        raise WorkerLost("a worker process was killed (out of memory?) before it finished; the pages printed "
                         "so far are complete; run again, with fewer --jobs if memory is short") from None
    finally:
        for future in pending:  # stopped early (an error, a closed pipe): drop what is queued
            future.cancel()


def _repair_batch(normaliser: Normaliser, batch: list[str], explain: bool,
                  switches: list[PageSwitches] | None = None) -> list:
    repair = normaliser.explain if explain else normaliser.repair
    return [repair(page, judged) for page, judged in zip(batch, switches or [None] * len(batch))]


# The normaliser of a worker process: set once as the worker starts (inherited through fork) and
# read by each batch; a task cannot carry it, since a pickled normaliser loads its lexicons again.
_worker_normaliser: Normaliser | None = None
# The words this worker has listed already (_words_in_worker): each is sent to the parent once.
_worker_listed: set[str] = set()


def _start_worker(normaliser: Normaliser) -> None:
    global _worker_normaliser, _worker_listed
    _worker_normaliser = normaliser
    _worker_listed = set()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle: it stops the pool
    end_with_parent(signal.SIGTERM)  # not linger on an empty queue when the command is killed


def _worker() -> Normaliser:
    assert _worker_normaliser is not None, "a worker started without _start_worker"
    return _worker_normaliser


def _repair_in_worker(batch: list[str], switches: list[PageSwitches], explain: bool) -> list:
    return _repair_batch(_worker(), batch, explain, switches)


def _words_in_worker(batch: list[str]) -> tuple[list[PageSwitches], list[str]]:
    """The switches of each page of `batch`, and the distinct words its legacy pages read that
    this worker has not listed before (the parent gathers them from every worker: most words of
    a batch were in the batches before, and sending them again only cost pickling)."""
    switches, words = [], {}
    for page in batch:
        judged, read = _worker().words_to_read(page)
        switches.append(judged)
        words.update(dict.fromkeys(read))
    new = [word for word in words if word not in _worker_listed]
    _worker_listed.update(new)
    return switches, new


def _readings_in_worker(words: list[str]) -> list:
    return _worker().readings_of(words)
