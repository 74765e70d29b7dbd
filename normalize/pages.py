"""Repairing a text of many pages: page by page, in order, in one process or several.

A page is what a form feed ends, as a text export or OCR writes pages and as ingest stores
them: each page is repaired on its own (its legacy switch, its spellings), so a document's
pages come out as the archive keeps them, and the pages can be shared between processes.
Whatever the number of processes, the output is the same, in the same order: `repair` is a
function of the page alone (the memos only save work).

With several processes, the workers are forked once from the process that loaded the
normaliser and read the pages (both shared, copy-on-write: neither the lexicons nor the pages
are sent), and work in three rounds:
1. judge each batch of pages (its foreign paragraphs, its legacy switch) and list the words
   its legacy pages read that the worker has not listed before (a task to whichever worker is
   free);
2. find the readings of the distinct words, each word once, in shares of READ_AHEAD_WORDS:
   a word goes to the worker its small letters hash to, so that "Kommun" and "kommun", which
   share their candidates, are looked up by one; each worker sends the readings it found,
   pickled, and the command passes them on to the other workers unopened, so every worker
   ends with every reading, and none is worked out twice;
3. repair each batch with the switches of round 1 (sent with it; a task to whichever worker is
   free), in order of the batches: each page is handed on (written) as soon as it and every
   page before it are done.
The garbage collector leaves the objects the workers inherit alone (gc.freeze): collecting in
a worker would scan the lexicons' million objects, and writing to them would copy their memory.
"""
from __future__ import annotations

import gc
import multiprocessing
import pickle
import queue
import signal
import threading
import zlib
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Iterable, Iterator

from protokoll.errors import WorkerLost
from protokoll.processes import end_with_parent

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from protokoll.normalize.normaliser import Normaliser, PageSwitches
    from protokoll.normalize.settings import Change

PAGE_BREAK = "\f"
BATCH_CHARACTERS = 20_000  # about 3,000 words a batch: each costs one message each way
TASKS_AHEAD = 2  # per worker: one to work on, one waiting, so it never waits for the next
READ_AHEAD_WORDS = 500  # distinct words a worker finds the readings of at a time
WORKER_LOST = ("a worker process was killed (out of memory?) before it finished; the pages printed "
               "so far are complete; run again, with fewer --jobs if memory is short")


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
    team = _Team(normaliser, work, workers)
    finished = False
    try:
        yield from team.repaired(explain)
        finished = True
    finally:
        team.close(finished)


def _repair_batch(normaliser: Normaliser, batch: list[str], explain: bool,
                  switches: list[PageSwitches] | None = None) -> list:
    repair = normaliser.explain if explain else normaliser.repair
    return [repair(page, judged) for page, judged in zip(batch, switches or [None] * len(batch))]


@dataclass
class _Member:
    """A worker process, the pipe to it, and the tasks it was sent and has not answered, in order.
    A thread sends its messages, so that the command never blocks on a full pipe while the
    worker blocks on sending an answer the command is not yet reading."""

    process: BaseProcess
    connection: Connection
    outbox: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)
    pending: deque = field(default_factory=deque)  # the tasks sent, each answered in turn
    unread: list[str] = field(default_factory=list)  # words for this worker to read, not yet in a task
    reads: deque = field(default_factory=deque)  # its reading tasks, not yet sent
    sender: threading.Thread | None = None

    def start_sending(self) -> None:
        self.sender = threading.Thread(target=self._send_all, daemon=True)
        self.sender.start()

    def post(self, message: tuple, answered: bool = True) -> None:
        if answered:
            self.pending.append(message)
        self.outbox.put(message)

    def _send_all(self) -> None:
        while (message := self.outbox.get()) is not None:
            try:
                self.connection.send(message)
            except OSError:
                return  # the worker is gone: the command sees its end and says so


class _Failed(tuple):
    """(exception,): what a task raised in a worker, to be raised again in the command."""


class _Team:
    """The worker processes of one run and the three rounds of work (the module's docstring)."""

    def __init__(self, normaliser: Normaliser, work: list[list[str]], workers: int):
        context = multiprocessing.get_context("fork")  # the loaded normaliser and the pages go with it, not pickled
        # The loaded normaliser's million objects: the workers' garbage collections neither scan them
        # nor write to (and so copy) the memory they share with this process.
        gc.freeze()
        self.work = work
        self.members: list[_Member] = []
        for _ in range(workers):
            ours, theirs = context.Pipe()
            inherited = [member.connection for member in self.members]  # the others' ends: the worker closes them
            process = context.Process(target=_serve, args=(normaliser, work, theirs, inherited), daemon=True)
            process.start()
            theirs.close()
            self.members.append(_Member(process, ours))
        for member in self.members:  # threads only once every worker is forked
            member.start_sending()

    def repaired(self, explain: bool) -> Iterator[list]:
        """Each batch repaired (or explained), in order."""
        count = len(self.work)
        switches: list[list[PageSwitches] | None] = [None] * count
        to_do: deque[tuple] = deque(("judge", k) for k in range(count))
        listed: set[str] = set()  # words sent out to be read, or waiting for it
        judging, reading = count, 0
        done: dict[int, list] = {}
        next_batch = 0
        while next_batch < count:
            self._deal(to_do)
            for member, task, answer in self._answers():
                if task[0] == "judge":
                    switches[task[1]], words = answer
                    judging -= 1
                    for word in words:
                        if word not in listed:
                            listed.add(word)
                            self._to_read(word)
                    reading += self._share_out(last=not judging)
                elif task[0] == "read":
                    reading -= 1
                    self._pass_on(member, answer)
                else:
                    done[task[1]] = answer
                if not judging and not reading and switches:
                    # Every reading is known to every worker (the "known" messages went before): repair.
                    to_do.extend(("repair", k, judged, explain) for k, judged in enumerate(switches))
                    switches = []
            while next_batch in done:
                yield done.pop(next_batch)
                next_batch += 1

    def _to_read(self, word: str) -> None:
        """Give `word` to the worker that reads it in small letters: the words of one form
        ("Kommun", "kommun") share their candidates (words.observed), which one worker then
        looks up once."""
        self.members[zlib.crc32(word.lower().encode()) % len(self.members)].unread.append(word)

    def _share_out(self, last: bool) -> int:
        """Make reading tasks of each worker's unread words, READ_AHEAD_WORDS a task (and the
        rest if `last`); how many."""
        tasks = 0
        for member in self.members:
            while len(member.unread) >= READ_AHEAD_WORDS or (last and member.unread):
                member.reads.append(("read", member.unread[:READ_AHEAD_WORDS]))
                del member.unread[:READ_AHEAD_WORDS]
                tasks += 1
        return tasks

    def _pass_on(self, finder: _Member, readings: bytes) -> None:
        """Send the readings `finder` found, pickled, to every other worker."""
        for member in self.members:
            if member is not finder:
                member.post(("known", readings), answered=False)

    def _deal(self, to_do: deque[tuple]) -> None:
        """Send tasks to the workers with the fewest waiting, up to TASKS_AHEAD each: a worker's
        own reading tasks first, then the next of `to_do`."""
        while True:
            free = [member for member in self.members if len(member.pending) < TASKS_AHEAD and (member.reads or to_do)]
            if not free:
                return
            member = min(free, key=lambda m: len(m.pending))
            member.post(member.reads.popleft() if member.reads else to_do.popleft())

    def _answers(self) -> Iterator[tuple[_Member, tuple, object]]:
        """(worker, task, answer) for the answers that have come in; waits for one at least."""
        by_connection = {member.connection: member for member in self.members if member.pending}
        ends = {member.process.sentinel for member in self.members}
        ready = wait([*by_connection, *ends])
        for connection in ready:
            member = by_connection.get(connection)
            if member is None:
                continue
            try:
                answer = connection.recv()
            except (EOFError, OSError):
                raise WorkerLost(WORKER_LOST) from None
            if isinstance(answer, _Failed):
                raise answer[0]
            yield member, member.pending.popleft(), answer
        if any(end in ready for end in ends):
            raise WorkerLost(WORKER_LOST)

    def close(self, finished: bool) -> None:
        """End the workers: when done, by closing their pipes; else at once."""
        gc.unfreeze()
        for member in self.members:
            if finished:
                member.outbox.put(("stop",))
            else:
                member.process.terminate()
            member.outbox.put(None)
        for member in self.members:
            if member.sender is not None:
                member.sender.join()
            member.connection.close()
            member.process.join(timeout=None if finished else 5)
            if member.process.is_alive():
                member.process.kill()
                member.process.join()


def _serve(normaliser: Normaliser, work: list[list[str]], connection: Connection, inherited: list[Connection]) -> None:
    """A worker: answers each task of the command in turn, until the command says stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle: it ends the workers
    end_with_parent(signal.SIGTERM)  # not linger when the command is killed
    for other in inherited:
        other.close()
    listed: set[str] = set()  # the words this worker has listed already: each is sent once
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        kind = message[0]
        if kind == "stop":
            return
        try:
            if kind == "known":  # readings another worker found
                normaliser.add_readings(*pickle.loads(message[1]))
                continue
            if kind == "judge":
                answer: object = _judge(normaliser, work[message[1]], listed)
            elif kind == "read":
                words = message[1]
                found = normaliser.readings_of(words)
                normaliser.add_readings(words, found)
                answer = pickle.dumps((words, found), protocol=pickle.HIGHEST_PROTOCOL)  # passed on unopened
            else:
                _, k, switches, explain = message
                answer = _repair_batch(normaliser, work[k], explain, switches)
        except Exception as error:  # noqa: BLE001 - raised again in the command
            answer = _Failed((error,))
        connection.send(answer)


def _judge(normaliser: Normaliser, batch: list[str], listed: set[str]) -> tuple[list[PageSwitches], list[str]]:
    """The switches of each page of `batch`, and the distinct words its legacy pages read that
    this worker has not listed before (most words of a batch were in the batches before, and
    sending them again only costs pickling)."""
    switches, words = [], set()
    for page in batch:
        judged, read = normaliser.words_to_read(page)
        switches.append(judged)
        words.update(read)
    new = words - listed
    listed |= new
    return switches, list(new)
