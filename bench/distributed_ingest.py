"""Distributed ingest benchmark: pages per minute locally, through 1 and 2 queue workers, the queue's
overhead, and a projection for 500,000 pages on 10 and 50 eight-core machines.

    python -m bench.distributed_ingest [--pages 20] [--pages-per-doc 2] [--dpi 300]

Renders scanned PDFs (bench/ingest_bench.py's make_scans, seeded), starts its own redis-server on
a loopback port, and times on the same files, each into a new archive:
1. local:     `protokoll ingest --jobs 2`;
2. 1 worker:  `protokoll worker --concurrency 2` and `protokoll ingest --broker`;
3. 2 workers: two `protokoll worker --concurrency 1` and `protokoll ingest --broker`.
The submitting command is then run once more on the same files (all archived by then): its CPU
is the fixed part (start-up, lexicon, hashing) that the cost per page leaves out.
CPU time is counted for every process of a run (the submitting command, the workers and their
pool processes, Tesseract and Ghostscript below them), from the start of the submission to its
end: on a machine shared with other work, CPU time shows the queue's overhead where wall time
cannot. The overhead ratio is the queue run's CPU over the local run's (target <= 1.10).

The projection divides the measured OCR CPU per page (from the 1-worker run) over 8 cores a
machine and names the bottleneck among the shared disk (bytes written and read per page,
measured in the archive), the broker (Redis commands per document, from Redis' own counter)
and the single index writer (the submitting command's CPU per page, measured).
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest_bench import children_cpu, make_scans  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGES_TO_PROJECT = 500_000
CORES_PER_MACHINE = 8
# What one Redis serves (single-threaded; redis-benchmark gives 50,000-100,000 simple commands a
# second on one core of this kind); the projection states this assumption.
REDIS_COMMANDS_PER_SECOND = 50_000
# A shared archive over NFS on 1 Gbit/s Ethernet moves about 110 MB/s; over 10 Gbit/s about 1 GB/s.
DISK_BYTES_PER_SECOND = {"1 Gbit/s NFS": 110e6, "10 Gbit/s NFS": 1.0e9}


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and all its descendants, live or waited for (utime, stime, cutime, cstime)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15]) / CLOCK_TICKS
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError):
            pass
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_commands(port: int) -> int:
    out = subprocess.run(["redis-cli", "-p", str(port), "info", "stats"], capture_output=True, text=True).stdout
    return next(int(line.split(":")[1]) for line in out.splitlines() if line.startswith("total_commands_processed:"))


def protokoll(*args: str) -> list[str]:
    return [sys.executable, "-m", "protokoll", *args]


def start_worker(archive: Path, broker: str, concurrency: int, log: Path) -> subprocess.Popen:
    worker = subprocess.Popen(protokoll("worker", "--broker", broker, "--archive", str(archive),
                                        "--concurrency", str(concurrency)),
                              stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 180
    while b" ready." not in log.read_bytes():
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"worker did not start: {log.read_text(errors='replace')[-1000:]}")
        time.sleep(0.2)
    return worker


def archive_bytes(archive: Path) -> int:
    return sum(p.stat().st_size for folder in ("originals", "archival", "documents")
               for p in (archive / folder).glob("*") if p.is_file())


def run_local(inbox: Path, archive: Path) -> dict:
    cpu = children_cpu()
    started = time.monotonic()
    subprocess.run(protokoll("--archive", str(archive), "ingest", "--jobs", "2", "-q", str(inbox)), check=True)
    return {"wall": time.monotonic() - started, "cpu": children_cpu() - cpu}


def run_queued(inbox: Path, archive: Path, broker: str, port: int, concurrencies: list[int], logs: Path) -> dict:
    workers = [start_worker(archive, broker, c, logs / f"worker-{len(concurrencies)}-{n}.log")
               for n, c in enumerate(concurrencies)]
    try:
        worker_cpu, commands = sum(tree_cpu(w.pid) for w in workers), redis_commands(port)
        submitter_cpu = children_cpu()
        started = time.monotonic()
        subprocess.run(protokoll("--archive", str(archive), "ingest", "--broker", broker, "-q", str(inbox)), check=True)
        wall = time.monotonic() - started
        submitter_cpu = children_cpu() - submitter_cpu
        worker_cpu = sum(tree_cpu(w.pid) for w in workers) - worker_cpu
        commands = redis_commands(port) - commands
        # The same command again finds every file archived: its CPU is the submitting command's
        # fixed part (start-up, loading the normaliser's lexicon, hashing), not the cost per page.
        fixed_cpu = children_cpu()
        subprocess.run(protokoll("--archive", str(archive), "ingest", "--broker", broker, "-q", str(inbox)), check=True)
        fixed_cpu = children_cpu() - fixed_cpu
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(60)
    return {"wall": wall, "cpu": submitter_cpu + worker_cpu, "submitter_cpu": submitter_cpu,
            "worker_cpu": worker_cpu, "redis_commands": commands, "submitter_fixed_cpu": fixed_cpu}


def hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--pages-per-doc", type=int, default=2)
    ap.add_argument("--dpi", type=int, default=300)
    a = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))  # stop workers and Redis on the way out
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is not installed (Debian package redis-server; make system installs it)")
    with tempfile.TemporaryDirectory(prefix="distributed-bench-") as tmp:
        tmp = Path(tmp)
        inbox = tmp / "inkorg"
        inbox.mkdir()
        docs = make_scans(inbox, a.pages, a.pages_per_doc, a.dpi)
        for truth in inbox.glob(".truth-*"):
            truth.unlink()
        pages = sum(len(pikepdf.open(doc).pages) for doc in docs)
        input_bytes = sum(doc.stat().st_size for doc in docs)
        port = free_port()
        redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--dir", str(tmp)], stdout=subprocess.DEVNULL)
        broker = f"redis://127.0.0.1:{port}/0"
        time.sleep(0.5)
        print(f"{len(docs)} scanned PDFs, {pages} pages at {a.dpi} dpi; machine: {os.cpu_count()} cores, "
              f"shared with other work; load average before: {os.getloadavg()[0]:.1f}", flush=True)
        try:
            runs = {"local (ingest --jobs 2)": run_local(inbox, tmp / "local")}
            print(f"{'local (ingest --jobs 2)':30} {runs['local (ingest --jobs 2)']['wall']:7.1f} s wall "
                  f"{runs['local (ingest --jobs 2)']['cpu']:7.1f} s CPU", flush=True)
            for label, concurrencies in (("1 worker (--concurrency 2)", [2]), ("2 workers (--concurrency 1 each)", [1, 1])):
                runs[label] = run_queued(inbox, tmp / f"queued-{len(concurrencies)}", broker, port, concurrencies, tmp)
                print(f"{label:30} {runs[label]['wall']:7.1f} s wall {runs[label]['cpu']:7.1f} s CPU "
                      f"(submitter {runs[label]['submitter_cpu']:.1f} s, workers {runs[label]['worker_cpu']:.1f} s)",
                      flush=True)
            stored = archive_bytes(tmp / "queued-1")
        finally:
            redis.terminate()
            redis.wait(10)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        print()
        local = runs["local (ingest --jobs 2)"]
        print(f"{'run':32} {'pages/min':>9} {'CPU s/page':>10} {'CPU vs local':>12} {'wall vs local':>13}")
        for label, run in runs.items():
            print(f"{label:32} {pages / run['wall'] * 60:9.1f} {run['cpu'] / pages:10.2f} "
                  f"{run['cpu'] / local['cpu']:12.3f} {run['wall'] / local['wall']:13.3f}")
        queued = runs["1 worker (--concurrency 2)"]
        overhead = max(run["cpu"] for label, run in runs.items() if label != "local (ingest --jobs 2)") / local["cpu"]
        print(f"queue overhead (CPU, the larger of the two queue runs / local): {overhead:.3f} (target <= 1.10)")
        print()
        worker_per_page = queued["worker_cpu"] / pages
        submitter_per_page = max(0.0, queued["submitter_cpu"] - queued["submitter_fixed_cpu"]) / pages
        commands_per_doc = queued["redis_commands"] / len(docs)
        disk_per_page = (input_bytes * 2 + stored) / pages  # incoming copy written and read, then the archive
        print(f"measured per page: {worker_per_page:.2f} CPU s on the workers (OCR), {submitter_per_page:.3f} CPU s "
              f"in the submitting command (hashing, hand-over, normalisation, structure, index); "
              f"{disk_per_page / 1e3:.0f} kB through the shared archive; {commands_per_doc:.0f} Redis commands "
              f"per document ({a.pages_per_doc} pages)")
        print(f"projection for {PAGES_TO_PROJECT:,} pages ({CORES_PER_MACHINE}-core machines, every core a worker "
              f"process, the measured CPU per page and queue overhead):")
        for machines in (10, 50):
            cores = machines * CORES_PER_MACHINE
            ocr_wall = PAGES_TO_PROJECT * worker_per_page / cores
            rate = PAGES_TO_PROJECT / ocr_wall  # pages a second the workers finish
            indexer = rate * submitter_per_page  # cores the single submitting process would need
            broker = rate / a.pages_per_doc * commands_per_doc / REDIS_COMMANDS_PER_SECOND
            disks = {name: rate * disk_per_page / speed for name, speed in DISK_BYTES_PER_SECOND.items()}
            limits = {"OCR on the workers": 1.0, "the single index writer": indexer, "the broker": broker,
                      **{f"the shared disk ({name})": load for name, load in disks.items()}}
            worst = max((v, k) for k, v in limits.items() if not k.endswith("(10 Gbit/s NFS)"))
            wall = ocr_wall * max(1.0, worst[0])
            print(f"  {machines} machines ({cores} cores): OCR alone {hours(ocr_wall)} ({rate:.0f} pages/s); "
                  f"load on: index writer {indexer:.2f} of a core, broker {broker:.3f} of its capacity, "
                  + ", ".join(f"disk {name} {load:.2f}" for name, load in disks.items())
                  + f"; bottleneck: {worst[1]}; wall about {hours(wall)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
