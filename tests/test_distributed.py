"""OCR on queue workers (`ingest --broker`, `protokoll worker`): real redis-server, real worker
processes, real OCR where a test is marked slow. Nothing of Celery or Redis is mocked.

Each test starts its own redis-server on a free loopback port and stops it at the end; workers are
`protokoll worker` processes in their own process groups.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from protokoll import pipeline
from protokoll.archive import Archive, sha256_of
from protokoll.datafiles import SAMPLES_DIR
from tests.conftest import run_cli
from tests.distributed_parts import NetworkNamespace, Worker, free_port, redis_server, submit, wait_for_holder
from tests.ingest_makers import scan_pdf, swedish_lines

TEXTS = sorted(SAMPLES_DIR.glob("00*.txt"))


@pytest.fixture
def redis(tmp_path):
    yield from redis_server(tmp_path)


@pytest.fixture
def workers(tmp_path):
    started: list[Worker] = []

    def start(archive: Path, broker: str, **options) -> Worker:
        worker = Worker(archive, broker, tmp_path / f"worker-{len(started)}.log", **options)
        started.append(worker)
        return worker.wait_ready()

    yield start
    for worker in started:
        worker.stop()


def ingested_events(archive: Path) -> list[dict]:
    lines = (archive / "events.jsonl").read_text(encoding="utf-8").splitlines()
    return [event for event in map(json.loads, lines) if event["event"] == "ingested"]


def archived_once(archive: Path, doc_id: str) -> None:
    """One record, one original, one 'ingested' event, no work left in tmp/ or incoming/."""
    assert (archive / "documents" / f"{doc_id}.json").exists()
    assert [e["doc"] for e in ingested_events(archive)].count(doc_id) == 1
    assert len(list((archive / "originals").glob(f"{doc_id}*"))) == 1
    assert not (archive / "incoming" / doc_id).exists()


def multi_page_scan(path: Path, pages: int = 2) -> Path:
    """A scan long enough that a test can catch a worker in the middle of its OCR."""
    return scan_pdf(path, "\n".join(swedish_lines() * (pages * 2)))


# -- usage and broker errors: one line, a documented exit code ---------------------------------

def test_a_broker_url_that_is_not_redis_is_a_usage_error(tmp_path):
    result = run_cli(tmp_path / "arkiv", "ingest", "--broker", "amqp://host/", str(TEXTS[0]))
    assert result.exit_code == 2
    assert "give a Redis URL, redis://HOST:PORT/N" in result.output


def test_an_unreachable_broker_fails_at_once_in_one_line(tmp_path):
    port = free_port()
    result = run_cli(tmp_path / "arkiv", "ingest", "--broker", f"redis://127.0.0.1:{port}/0", str(TEXTS[0]))
    assert result.exit_code == 4
    assert f"cannot reach the broker redis://127.0.0.1:{port}/0" in result.output
    assert "Traceback" not in result.output


def test_no_wait_needs_a_broker_and_collect_takes_no_path(tmp_path):
    assert run_cli(tmp_path / "arkiv", "ingest", "--no-wait", str(TEXTS[0])).exit_code == 2
    assert run_cli(tmp_path / "arkiv", "ingest", "--jobs", "2", "--broker", "redis://127.0.0.1:1/0",
                   str(TEXTS[0])).exit_code == 2
    result = run_cli(tmp_path / "arkiv", "ingest", "--collect", str(TEXTS[0]))
    assert result.exit_code == 2 and "--collect takes no PATH" in result.output


def test_a_worker_without_broker_is_a_usage_error(tmp_path):
    result = run_cli(tmp_path / "arkiv", "worker")
    assert result.exit_code == 2 and "give --broker" in result.output


# -- text files through a real worker (no OCR) -----------------------------------------------

def test_text_files_through_a_worker_are_archived_and_indexed_by_the_submitter(tmp_path, redis, workers):
    archive = tmp_path / "arkiv"
    workers(archive, redis.url, concurrency=2)
    result = run_cli(archive, "ingest", "--broker", redis.url, *map(str, TEXTS))
    assert result.exit_code == 0, result.output
    assert f"ingest: {len(TEXTS)} new, 0 unchanged" in result.output
    for path in TEXTS:
        archived_once(archive, sha256_of(path))
    assert run_cli(archive, "search", "bredband").exit_code == 0
    again = run_cli(archive, "ingest", "--broker", redis.url, *map(str, TEXTS))
    assert f"ingest: 0 new, {len(TEXTS)} unchanged" in again.output and again.exit_code == 0


def test_no_wait_returns_and_collect_indexes_what_the_workers_finished(tmp_path, redis, workers):
    archive = tmp_path / "arkiv"
    run_cli(archive, "ingest", str(TEXTS[0]))  # an index exists; the rest comes through the queue
    sent = run_cli(archive, "ingest", "--broker", redis.url, "--no-wait", *map(str, TEXTS[1:]))
    assert sent.exit_code == 0, sent.output
    assert f"{len(TEXTS) - 1} queued" in sent.output
    workers(archive, redis.url, concurrency=2)
    deadline = time.monotonic() + 300  # a loaded machine (the tests run two at a time) is slow
    while len(Archive(archive).document_ids()) < len(TEXTS) and time.monotonic() < deadline:
        time.sleep(0.5)
    before = pipeline.unindexed(Archive(archive), set(Archive(archive).document_ids()))
    assert len(before) == len(TEXTS) - 1
    collected = run_cli(archive, "ingest", "--collect", "--json")
    assert collected.exit_code == 0, collected.output
    assert json.loads(collected.output)["documents"] == len(TEXTS) - 1
    assert not pipeline.unindexed(Archive(archive), set(Archive(archive).document_ids()))


def test_two_workers_in_separate_network_namespaces_share_one_batch(tmp_path, workers):
    """Two hosts as far as the network goes: each worker reaches the broker over its own veth pair."""
    if os.geteuid() != 0 or not shutil.which("ip"):
        pytest.skip("network namespaces need root and iproute2 (ip netns)")
    subnets = [(os.getpid() * 2 + n) % 250 + 1 for n in range(2)]
    try:
        hosts = [NetworkNamespace(f"pk{os.getpid() % 100000}{n}", subnet) for n, subnet in enumerate(subnets)]
    except OSError as exc:
        pytest.skip(f"cannot make network namespaces here: {exc}")
    server = redis_server(tmp_path, ("127.0.0.1", *(host.gateway for host in hosts)))
    try:
        redis = next(server)
        archive = tmp_path / "arkiv"
        for host in hosts:
            workers(archive, f"redis://{host.gateway}:{redis.port}/0", namespace=host.name)
        files = tmp_path / "in"
        files.mkdir()
        for n in range(3):  # the same sample texts, each made different by one line
            for path in TEXTS:
                (files / f"{n}-{path.name}").write_text(path.read_text(encoding="utf-8") + f"\n{n}\n", encoding="utf-8")
        result = run_cli(archive, "ingest", "--broker", redis.url, str(files))
        assert result.exit_code == 0, result.output
        assert f"ingest: {3 * len(TEXTS)} new" in result.output
        logs = [(tmp_path / f"worker-{n}.log").read_text(errors="replace") for n in range(2)]
        for host, log in zip(hosts, logs):
            assert f"Connected to redis://:**@{host.gateway}:{redis.port}/0" in log
        assert sum(log.count(" succeeded in ") for log in logs) == 3 * len(TEXTS)
        for path in files.iterdir():
            archived_once(archive, sha256_of(path))
    finally:
        server.close()  # stops redis-server
        for host in hosts:
            host.remove()


# -- with OCR ------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_local_and_a_distributed_run_archive_the_same(tmp_path, redis, workers):
    """Same documents, same text, same paragraphs in the index, same report, same exit code."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    scan_pdf(inputs / "scan.pdf")
    for path in TEXTS[:2]:
        shutil.copy(path, inputs / path.name)
    shutil.copy(TEXTS[0], inputs / "copy-of-the-first.txt")
    (inputs / "empty.pdf").write_bytes(b"")
    local, distributed = tmp_path / "local", tmp_path / "distributed"
    by_local = run_cli(local, "ingest", "--jobs", "2", str(inputs))
    workers(distributed, redis.url, concurrency=2)
    by_workers = run_cli(distributed, "ingest", "--broker", redis.url, str(inputs))
    assert by_local.exit_code == by_workers.exit_code == 1  # the empty file fails in both
    summary = [line.split("; report")[0] for line in (by_local.output, by_workers.output)]
    assert summary[0].splitlines()[-1] == summary[1].splitlines()[-1]
    a, b = Archive(local), Archive(distributed)
    assert a.document_ids() == b.document_ids() and len(a.document_ids()) == 3
    for doc_id in a.document_ids():
        mine, theirs = a.load(doc_id), b.load(doc_id)
        assert (mine.pages, mine.kind, mine.text_origin, mine.source, mine.aliases) == \
               (theirs.pages, theirs.kind, theirs.text_origin, theirs.source, theirs.aliases)
        assert (local / mine.original).read_bytes() == (distributed / theirs.original).read_bytes()
    found = [json.loads(run_cli(root, "search", "samverkan", "--json", "--limit", "50").output) for root in (local, distributed)]
    assert found[0]["total"] > 0
    assert [h["id"] for h in found[0]["hits"]] == [h["id"] for h in found[1]["hits"]]
    assert run_cli(distributed, "verify").exit_code == 0


@pytest.mark.slow
def test_a_worker_killed_mid_document_leaves_it_to_another_archived_once(tmp_path, redis, workers):
    archive = tmp_path / "arkiv"
    scan = multi_page_scan(tmp_path / "long.pdf")
    doc_id = sha256_of(scan)
    # A short time limit gives a short visibility timeout (1.5 x 60 s), so the test waits less.
    first = workers(archive, redis.url, time_limit=60)
    run = submit(archive, redis.url, str(scan))
    holder = wait_for_holder(archive / "locks" / f"{doc_id}.lock")
    assert holder in first.pids()
    second = workers(archive, redis.url, time_limit=60)
    first.kill()  # SIGKILL to the worker and its pool: its task stays unacknowledged in the broker
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert "ingest: 1 new, 0 unchanged" in err
    archived_once(archive, doc_id)
    assert holder not in second.pids()
    assert run_cli(archive, "verify").exit_code == 0


@pytest.mark.slow
def test_a_poisoned_file_is_tried_a_bounded_number_of_times_then_failed(tmp_path, redis, workers):
    """A file that crashes the worker process each time it reads it. No input that crashes
    OCRmyPDF or Tesseract for real is at hand, so the crash is made by the test: every process that
    takes the file's lock gets SIGKILL (a real signal, to a real pool process, as a segfault ends it)."""
    archive = tmp_path / "arkiv"
    poisoned = scan_pdf(tmp_path / "poisoned.pdf")
    good = TEXTS[0]
    worker = workers(archive, redis.url)
    run = submit(archive, redis.url, str(poisoned), str(good))
    lock, kills = archive / "locks" / f"{sha256_of(poisoned)}.lock", 0
    deadline = time.monotonic() + 300
    while run.poll() is None and time.monotonic() < deadline:
        try:
            holder = wait_for_holder(lock, timeout=5, poll=0.02)
        except AssertionError:
            continue
        if holder in worker.pids():
            os.kill(holder, signal.SIGKILL)
            kills += 1
            while holder in worker.pids():
                time.sleep(0.05)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 1, err
    assert kills == 3  # tried three times: once and LOST_RETRIES more
    assert "died on it 3 times" in err and "poisoned file?" in err
    assert "ingest: 1 new, 0 unchanged, 0 no text, 1 failed" in err
    assert Archive(archive).failure(sha256_of(poisoned)) is not None  # a drop folder does not try it every night
    assert not Archive(archive).has(sha256_of(poisoned))


@pytest.mark.slow
def test_a_broker_restart_loses_no_file_the_run_says_what_did_not_come_back(tmp_path, redis, workers):
    archive, inputs = tmp_path / "arkiv", tmp_path / "in"
    inputs.mkdir()
    scans = [scan_pdf(inputs / f"scan-{n}.pdf", seed=n) for n in range(3)]
    worker = workers(archive, redis.url)  # one at a time: the others wait in the broker's queue
    run = submit(archive, redis.url, str(inputs))
    wait_for_holder(_first_lock(archive, scans))
    redis.restart()  # no persistence: the queued tasks are gone
    out, err = run.communicate(timeout=300)
    assert run.returncode == 1, err
    lost = err.count("did not come back from the workers")
    archived = len(Archive(archive).document_ids())
    assert lost >= 1 and lost + archived == 3, err
    assert worker.process.poll() is None  # the worker reconnected
    rerun = submit(archive, redis.url, str(inputs))
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"ingest: {lost} new, {archived} unchanged" in err
    for scan in scans:
        archived_once(archive, sha256_of(scan))


def _first_lock(archive: Path, scans: list[Path], timeout: float = 300) -> Path:
    """The lock file of whichever scan a worker took first."""
    locks = [archive / "locks" / f"{sha256_of(scan)}.lock" for scan in scans]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for lock in locks:
            if lock.exists():
                return lock
        time.sleep(0.05)
    raise AssertionError("no worker started on the scans")


@pytest.mark.slow
def test_one_file_submitted_twice_at_once_is_archived_once(tmp_path, redis, workers):
    archive = tmp_path / "arkiv"
    run_cli(archive, "ingest", str(TEXTS[0]))  # the index exists: both runs add to it
    scan = scan_pdf(tmp_path / "scan.pdf")
    other_name = tmp_path / "elsewhere" / "same-bytes.pdf"
    other_name.parent.mkdir()
    shutil.copy(scan, other_name)
    workers(archive, redis.url, concurrency=2)
    runs = [submit(archive, redis.url, str(scan)), submit(archive, redis.url, str(other_name))]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    lines = sorted(err.splitlines()[-1].split("; report")[0] for _, err in results)
    assert lines == ["ingest: 0 new, 1 unchanged, 0 no text, 0 failed, 0 skipped",
                     "ingest: 1 new, 0 unchanged, 0 no text, 0 failed, 0 skipped"]
    archived_once(archive, sha256_of(scan))
    doc = Archive(archive).load(sha256_of(scan))
    assert {doc.source, *doc.aliases} == {"scan.pdf", "same-bytes.pdf"}
    hits = json.loads(run_cli(archive, "search", "samverkan", "--json", "--limit", "50").output)["hits"]
    ids = [hit["id"] for hit in hits]
    assert ids and len(ids) == len(set(ids))
