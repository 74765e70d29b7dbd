"""OCR on several machines: a Celery app with a Redis broker, and the task its workers run.

A worker (`protokoll worker`) archives documents into an archive folder that every machine
mounts (NFS or SMB; docs/scaling.md says what the mount must offer). The submitting run
(ingest/submit.py) copies each file into the archive's incoming/ folder and sends one task per
file; the worker reads the copy there, so no machine needs the others' paths.

Nothing lost, nothing twice:
- tasks are acknowledged late (after the document is archived), so a worker that dies leaves
  its task in the broker: a lost pool process is retried at once (a bounded number of times,
  then the file is reported failed: a poisoned file), and a whole worker that dies (SIGKILL, a
  machine gone) leaves its task unacknowledged until the visibility timeout hands it to another
  worker. The visibility timeout is set above the hard time limit of one document;
- a document is archived under its SHA-256 through temporary names and atomic renames, by the
  one process that holds its lock (Archive.document_lock); whoever takes the lock after that
  finds the record and archives nothing.

Celery is an optional dependency (the `workers` extra): it is imported only here, and only
when a broker is used.
"""
from __future__ import annotations

import json
import math
import logging
import os
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlparse

from protokoll.errors import BadQuery, BrokerUnavailable, MissingDependency, ProtokollError
from protokoll.archive import Archive
from protokoll.ingest import batch, office
from protokoll.ingest.files import ImportResult

log = logging.getLogger(__name__)

QUEUE = "protokoll-ingest"
TASK = "protokoll.archive_document"
DEFAULT_TIME_LIMIT = 3600  # seconds: the longest one document may take (a few hundred scanned pages)
LOST_RETRIES = 2  # a pool process lost this many times more makes the file failed (3 attempts in all)


def visibility_timeout(time_limit: float) -> int:
    """Seconds an unacknowledged task waits before the broker hands it to another worker: above the
    longest document, or a slow document would be worked on twice (the lock would keep the archive
    right, but the work would be wasted).

    >>> visibility_timeout(3600)
    5400
    """
    return math.ceil(time_limit * 1.5)


def check_broker_url(url: str) -> str:
    """A redis:// URL with a host, or BadQuery (a usage error) naming what is wrong.

    >>> check_broker_url("redis://queue.example:6379/0")
    'redis://queue.example:6379/0'
    """
    parsed = urlparse(url)
    if parsed.scheme not in ("redis", "rediss") or not parsed.hostname:
        raise BadQuery(f"--broker {url!r}: give a Redis URL, redis://HOST:PORT/N")
    try:
        parsed.port
    except ValueError:
        raise BadQuery(f"--broker {url!r}: the port is not a number") from None
    return url


def make_app(broker: str, time_limit: float = DEFAULT_TIME_LIMIT, restore_interval: float = 10.0,
             archive_root: Path | None = None, polled: bool = False):
    """The Celery app of both sides: the worker's (with `archive_root`, where this machine mounts the
    archive) and the submitter's (`polled`: it reads results in bulk, ingest/submit.py, instead of
    subscribing to each task's, which for half a million tasks would be half a million channels).
    Results go to the same Redis.

    `restore_interval`: how often a worker looks for tasks whose worker died (after the visibility
    timeout); shorter in tests.
    """
    try:
        from celery import Celery
    except ImportError:
        raise MissingDependency("ingest --broker and worker need Celery with Redis: "
                                "pip install 'protokoll[workers]' (or pip install 'celery[redis]')") from None
    app = Celery("protokoll", broker=check_broker_url(broker), backend=polled_backend() if polled else broker)
    app.conf.update(
        task_default_queue=QUEUE,
        task_serializer="json", result_serializer="json", accept_content=["json"],
        task_acks_late=True,  # acknowledged once the document is archived, not when it is received
        task_reject_on_worker_lost=True,
        task_retry_on_worker_lost=True,  # a lost pool process: try again, LOST_RETRIES times
        task_acks_on_failure_or_timeout=True,  # a document over the time limit fails; it is not retried
        task_time_limit=time_limit,
        task_track_started=True,
        worker_prefetch_multiplier=1,  # reserve no more than the pool can work on: others take the rest
        result_expires=7 * 24 * 3600,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": visibility_timeout(time_limit),
            "unacked_restore_interval": restore_interval, "unacked_restore_throttle": 1,
        },
        result_backend_transport_options={"retry_policy": {"timeout": 5.0}},
        worker_hijack_root_logger=False,
        result_backend=broker,
        redis_socket_connect_timeout=5,
        protokoll_archive=str(archive_root) if archive_root else None,
    )

    @app.task(name=TASK, bind=True, max_retries=LOST_RETRIES, default_retry_delay=1)
    def archive_document(task, doc_id: str, name: str, org: str | None, convert_timeout: float) -> dict:
        archive = Archive(task.app.conf.protokoll_archive)
        return asdict(archive_one(archive, doc_id, name, org, convert_timeout))

    return app


def archive_one(archive: Archive, doc_id: str, name: str, org: str | None,
                convert_timeout: float = office.DEFAULT_TIMEOUT) -> ImportResult:
    """The worker's part: archive incoming/<doc_id>/<name> once, whoever else was given it.

    Holds the document's lock; a document already archived (by another worker, or by a run of
    this task that the broker handed out twice) is reported unchanged. A missing program fails
    the file here with the host named, since another worker may have it.
    """
    with archive.document_lock(doc_id):
        if archive.has(doc_id):
            archive.take_back(doc_id)
            return ImportResult(name, "unchanged", doc_id, pages=len(archive.load(doc_id).pages),
                                reason="archived by another worker or run")
        source = archive.incoming_path(doc_id, name)
        if not source.exists():
            return ImportResult(name, "failed", doc_id, reason=(
                f"its copy {source} is gone from the archive and no document was made: run ingest again"))
        try:
            result = batch.import_one(archive, source, doc_id, org, convert_timeout)
        except ProtokollError as exc:  # this worker lacks a program or cannot write: not the file's fault
            return ImportResult(name, "failed", doc_id, reason=f"worker {os.uname().nodename}: {exc.message}",
                                details={"worker_problem": True})
        archive.take_back(doc_id)
    result.path = name
    return result


def polled_backend():
    """Celery's Redis result backend without the per-task subscription (results are polled)."""
    from celery.backends.redis import RedisBackend

    class PolledRedisBackend(RedisBackend):
        def __init__(self, app=None, url=None, **kwargs):
            super().__init__(app=app, url=url or app.conf.result_backend, **kwargs)

        def on_task_call(self, producer, task_id):
            """Sending a task subscribes to nothing: the submitter reads results with MGET."""

    return PolledRedisBackend


def reachable(broker: str) -> None:
    """BrokerUnavailable at once, in one line, when the broker does not answer (rather than Celery's
    retries and log lines)."""
    import redis

    client = redis.Redis.from_url(broker, socket_connect_timeout=5, socket_timeout=5)
    try:
        client.ping()
    except broker_errors() as exc:
        raise BrokerUnavailable(f"cannot reach the broker {broker} ({exc}): start redis-server there, "
                                "or check --broker") from None
    finally:
        client.close()


def broker_errors() -> tuple[type[Exception], ...]:
    """What a lost connection to Redis raises, through Celery's backend or redis-py directly."""
    from kombu.exceptions import OperationalError
    from redis.exceptions import ConnectionError, TimeoutError

    return OperationalError, ConnectionError, TimeoutError


def task_ids_in_broker(broker: str) -> set[str]:
    """Ids of the tasks the broker holds: waiting in the queue, or handed to a worker and not yet
    acknowledged. Reads the lists kombu's Redis transport keeps (the queue, and the hash `unacked`)."""
    import redis

    client = redis.Redis.from_url(broker)
    try:
        waiting = client.lrange(QUEUE, 0, -1)
        handed_out = [json.loads(value)[0] for value in client.hvals("unacked")]
    finally:
        client.close()
    return {message["headers"]["id"] for message in (*map(json.loads, waiting), *handed_out)
            if isinstance(message, dict) and "id" in message.get("headers", {})}


def run_worker(archive: Archive, broker: str, concurrency: int, time_limit: float = DEFAULT_TIME_LIMIT,
               restore_interval: float = 10.0, loglevel: str = "INFO") -> None:
    """Run a Celery worker (prefork pool of `concurrency` processes) until it is stopped."""
    archive.root.mkdir(parents=True, exist_ok=True)
    archive.remove_leftovers()
    app = make_app(broker, time_limit, restore_interval, archive.root.resolve())
    app.conf.worker_concurrency = concurrency
    logging.getLogger("celery").setLevel(getattr(logging, loglevel))
    name = f"protokoll-{os.getpid()}@{os.uname().nodename}"
    log.info("worker %s: archive %s, broker %s, %d processes", name, archive.root, broker, concurrency)
    app.worker_main(["worker", "--pool", "prefork", "--concurrency", str(concurrency), "--hostname", name,
                     "--queues", QUEUE, "--loglevel", loglevel, "--without-gossip", "--without-mingle"])

