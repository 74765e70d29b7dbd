"""A batch import through the queue (`protokoll ingest --broker`): hash here, OCR on the workers.

The submitting run finds and hashes the files as a local run does (batch.find_inputs, batch.plan),
copies each file the archive lacks into the archive's incoming/ folder, sends one task per file,
and waits. Results come back through Redis; the archive itself is the final word: a document
whose record exists is archived, whatever became of its task's result. The report and the exit
codes are those of a local run.

A task that did not come back: when the broker was unreachable, restarted, or nothing finished
for a while, each outstanding task is looked for: in the archive (archived), under its document
lock (a worker is at it), in the broker's queue or among the tasks workers hold. One found
nowhere twice in a row was lost by the broker (a restart without persistence); it is reported
failed, not remembered as a bad file, and the same command run again sends it again.
"""
from __future__ import annotations

import logging
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import click

from protokoll.archive import Archive
from protokoll.errors import ArchiveError, BrokerUnavailable
from protokoll.ingest import batch, office, queue
from protokoll.ingest.batch import ARCHIVED, BatchReport
from protokoll.ingest.files import ImportResult, read_error

log = logging.getLogger(__name__)

LOST = ("did not come back from the workers: the broker lost its task (restarted without saving its "
        "queue?); nothing was archived for it; run the same command again")


@dataclass
class Outstanding:
    """Tasks sent and not yet back: task id -> (file, SHA-256)."""
    tasks: dict[str, tuple[Path, str]] = field(default_factory=dict)
    later: dict[str, list[Path]] = field(default_factory=dict)  # sha256 -> more files with those bytes
    suspects: set[str] = field(default_factory=set)  # found nowhere at the last look
    last_look: float = 0.0
    last_progress: float = field(default_factory=time.monotonic)


def run(archive: Archive, paths: list[Path], broker: str, org: str | None = None, progress: bool = False,
        on_archived: Callable[[str], None] | None = None, *, retry_failed: bool = False,
        convert_timeout: float = office.DEFAULT_TIMEOUT, wait: bool = True, poll: float = 1.0,
        stalled_after: float = 30.0) -> BatchReport:
    """Import `paths` through the workers behind `broker`; `on_archived(doc_id)` is called here for each
    new document. Without `wait`, the files are sent and the report lists them as queued.

    `stalled_after`: seconds without a finished task before the outstanding ones are looked for.
    """
    app = queue.make_app(broker, polled=True)
    queue.reachable(broker)
    with batch.reported_run(archive, jobs=0) as report:
        outstanding = send_all(app, archive, paths, org, report, retry_failed, convert_timeout)
        if wait:
            wait_for(app, broker, archive, outstanding, report, on_archived, progress, poll, stalled_after)
        else:
            report.queued = [str(path) for path, _ in outstanding.tasks.values()]
    return report


def send_all(app, archive: Archive, paths: list[Path], org: str | None, report: BatchReport,
             retry_failed: bool, convert_timeout: float) -> Outstanding:
    files, refused, report.skipped = batch.find_inputs(paths, archive)
    report.results += refused
    work = batch.plan(archive, files, report, retry_failed)
    outstanding = Outstanding(later=work.later)
    for path, sha in work.todo:
        try:
            archive.hand_over(path, sha)
        except OSError as exc:
            if batch.archive_cannot_be_written(archive, exc):
                raise ArchiveError(f"cannot write to the archive {archive.root}: {exc.strerror or exc}") from None
            report.results.append(ImportResult(str(path), "failed", sha, reason=read_error(exc)))
            continue
        try:
            sent = app.send_task(queue.TASK, args=[sha, path.name, org, convert_timeout], queue=queue.QUEUE,
                                 retry=True, retry_policy={"max_retries": 3, "interval_start": 1})
        except Exception as exc:  # kombu's OperationalError and redis' ConnectionError: no common base
            raise BrokerUnavailable(f"cannot send to the broker {app.conf.broker_url}: {exc}; "
                                    f"{len(outstanding.tasks)} files were sent; run the same command again") from None
        outstanding.tasks[sent.id] = (path, sha)
    return outstanding


def wait_for(app, broker: str, archive: Archive, outstanding: Outstanding, report: BatchReport,
             on_archived: Callable[[str], None] | None, progress: bool, poll: float, stalled_after: float) -> None:
    show = progress and bool(outstanding.tasks)
    bar = click.progressbar(length=len(outstanding.tasks), label="ingest (workers)",
                            file=click.get_text_stream("stderr")) if show else nullcontext()
    broker_was_down, broker_errors = False, queue.broker_errors()
    with bar:
        while outstanding.tasks:
            try:
                finished = collect_results(app, outstanding)
                if broker_was_down or look_due(outstanding, stalled_after, confirm_after=2 * poll):
                    finished += look_for_lost(broker, archive, outstanding)
                broker_was_down = False
            except broker_errors as exc:
                if not broker_was_down:
                    log.warning("the broker %s cannot be reached (%s); waiting for it", broker, exc)
                broker_was_down, finished = True, []
            for task_id, result in dict(reversed(finished)).items():  # a result beats the record's reading
                path, sha = outstanding.tasks.pop(task_id)
                outstanding.suspects.discard(task_id)
                outstanding.last_progress = time.monotonic()
                record(archive, report, result, path, outstanding.later.get(sha, []), on_archived)
                if show:
                    bar.update(1)
            if outstanding.tasks and not finished:
                time.sleep(poll)


def look_due(outstanding: Outstanding, stalled_after: float, confirm_after: float) -> bool:
    """Time to look for lost tasks: nothing came back (and nobody looked) for `stalled_after` seconds,
    or tasks found nowhere at the last look wait to be looked for once more. The look reads the
    broker's whole queue, so it is not done while results keep coming."""
    since = time.monotonic() - max(outstanding.last_progress, outstanding.last_look)
    return since > stalled_after or (bool(outstanding.suspects) and since > confirm_after)


def collect_results(app, outstanding: Outstanding, chunk: int = 1000) -> list[tuple[str, ImportResult]]:
    """The tasks whose result is in the backend: (task id, result)."""
    backend, finished = app.backend, []
    ids = list(outstanding.tasks)
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        values = backend.client.mget([backend.get_key_for_task(task_id) for task_id in part])
        for task_id, value in zip(part, values):
            if value is None:
                continue
            meta = backend.decode_result(value)
            path, sha = outstanding.tasks[task_id]
            if meta["status"] == "SUCCESS":
                finished.append((task_id, ImportResult(**meta["result"])))
            elif meta["status"] == "FAILURE":
                finished.append((task_id, ImportResult(str(path), "failed", sha, reason=failure_reason(meta["result"]))))
    return finished


def failure_reason(error: BaseException | dict) -> str:
    """A task's failure in words, from the exception Celery stored (decoded, or as its JSON).

    >>> failure_reason({"exc_type": "WorkerLostError", "exc_message": ["Worker exited prematurely: signal 9"]})
    'the worker process died on it 3 times (killed, or crashed by the file): a poisoned file? (Worker exited prematurely: signal 9)'
    """
    if isinstance(error, BaseException):
        kind, text = type(error).__name__, str(error)
    else:
        kind, message = error.get("exc_type", "error"), error.get("exc_message")
        text = " ".join(str(part) for part in message) if isinstance(message, (list, tuple)) else str(message or "")
    if kind == "WorkerLostError":
        return (f"the worker process died on it {queue.LOST_RETRIES + 1} times (killed, or crashed by the file): "
                f"a poisoned file? ({text})")
    if kind == "TimeLimitExceeded":
        return f"took longer than the workers' time limit ({text}); a worker with a larger --time-limit may read it"
    return f"worker error ({kind}: {text})"


def look_for_lost(broker: str, archive: Archive, outstanding: Outstanding) -> list[tuple[str, ImportResult]]:
    """Outstanding tasks settled without a result: archived (the record is the proof), or lost by the broker."""
    outstanding.last_look = time.monotonic()
    in_broker = queue.task_ids_in_broker(broker)
    settled, missing = [], set()
    for task_id, (path, sha) in outstanding.tasks.items():
        if archive.has(sha):
            settled.append((task_id, from_record(archive, path, sha)))
            continue
        with archive.document_lock(sha, wait=False) as free:
            busy = not free
        if busy or task_id in in_broker:
            continue
        missing.add(task_id)
        if task_id in outstanding.suspects:
            settled.append((task_id, ImportResult(str(path), "failed", sha, reason=LOST, details={"lost": True})))
    outstanding.suspects = missing
    return settled


def from_record(archive: Archive, path: Path, doc_id: str) -> ImportResult:
    """What a worker's result would have said, read from the document record it wrote."""
    doc = archive.load(doc_id)
    decision = doc.triage.get("decision", "")
    status = "no-text" if "no text found" in decision else "re-ocr" if "OCR'd again" in decision else "new"
    return ImportResult(str(path), status, doc_id, pages=len(doc.pages), kind=doc.kind,
                        details={"decision": decision, "from": "the document record"})


def record(archive: Archive, report: BatchReport, result: ImportResult, path: Path, later: list[Path],
           on_archived: Callable[[str], None] | None) -> None:
    """Enter a worker's result in the report as a local run does (failures remembered, repeats)."""
    result.path = str(path)
    if result.status == "unchanged":  # another worker or run archived these bytes: keep this name too
        result = batch.unchanged(archive, path, result.doc_id)
    if not (result.details.get("lost") or result.details.get("worker_problem")):
        batch.remember(archive, result, report)
    report.results.append(result)
    report.results += batch.repeats(archive, result, later)
    if result.status in ARCHIVED and on_archived:
        on_archived(result.doc_id)

