"""Benchmark of the index: full reindex, cached reindex, index size, query latency, peak memory.

    PYTHONPATH=. python -m bench.index_bench [--paragraphs 200000] [--root /tmp/protokoll-bench]

1. Builds (or reuses) a synthetic archive (bench/synthetic_archive.py).
2. Full reindex end to end, as cron runs it (`protokoll reindex --json` in a subprocess), with
   the normalised-text cache emptied first: normalisation, structure, analysis, writing.
3. The same again with the normalised text cached.
4. Query latency in one process (as the web page runs them): a fixed mixed set of single words,
   phrases, operators, filters and date sort, each with facet counts over the whole result set.
Peak memory is the largest sum of RSS over the reindex process and its writer processes.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUERIES = [  # (query, filters): the fixed mixed set
    ("bredband", {}), ("kompetensförsörjning", {}), ("försörjning", {}), ("influensa", {}),
    ("Jamtland", {}), ("detaljplan", {}), ("hemtjänsten", {}), ("budgetuppföljning", {}),
    ("Östersund", {}), ("årsredovisning", {}), ("beslutar", {}), ("kompetensförsörjnlng", {}),
    ("aldreomsorgen", {}), ('"förslag till beslut"', {}), ('"särskilt boende"', {}),
    ('"godkänna redovisningen"', {}), ("bredband ELLER fiberanslutning", {}),
    ("kommunstyrelsen INTE budgetuppföljning", {}), ("KS 2019/408", {}),
    ("bredband", {"organisation": "Åre kommun"}), ("skolskjuts", {"year": 2010}),
    ("krisberedskap", {"date_from": "2015-01-01", "date_to": "2019-12-31"}),
    ("investeringsbudget", {"decisions_only": True}), ("detaljplan", {"body": "Kommunstyrelsen"}),
    ("äldreomsorgen", {"sort": "date"}), ("hemtjänsten", {"topic": "vård och omsorg"}),
]


class PeakRss:
    """Samples the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            time.sleep(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return pids


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_reindex(command: list[str]) -> tuple[dict, float, float, int]:
    """Run a reindex command; (its JSON summary, wall seconds, CPU seconds of it and its workers, peak RSS)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    peak = PeakRss(proc.pid)
    out, err = proc.communicate()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"reindex failed ({proc.returncode}): {err.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(out.strip().splitlines()[-1]), wall, cpu, peak.stop()


def report(label: str, summary: dict, wall: float, cpu: float, peak: int) -> None:
    count = summary["paragraphs"]
    print(f"{label}: {count} paragraphs from {summary['documents']} documents in {wall:.1f} s wall "
          f"({count / wall:.0f} paragraphs/s); CPU {cpu:.0f} s over {summary['procs']} writer processes "
          f"({count / cpu:.0f} paragraphs per CPU-second, so about {cpu / summary['procs']:.0f} s on "
          f"{summary['procs']} idle cores); peak memory {peak / 2**20:.0f} MiB; index {summary['index_bytes'] / 2**20:.0f} MiB")


def query_latency(root: Path, rounds: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from protokoll.index.search import SearchRequest, search
    from protokoll.archive import Archive

    archive = Archive(root)
    started = time.perf_counter()
    first = search(archive, SearchRequest("bredband"))
    cold = time.perf_counter() - started  # includes building the facet table for this index
    timings, cpu, totals, by_kind = [], [], {}, {}
    for _ in range(rounds):
        for text, filters in QUERIES:
            request = SearchRequest(text, **filters)
            started, started_cpu = time.perf_counter(), time.process_time()
            results = search(archive, request)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            kind = text + json.dumps(filters, ensure_ascii=False)
            totals[kind] = results.total
            by_kind.setdefault(kind, []).append(timings[-1])
    timings.sort()
    cpu.sort()
    return {"cold_first_query_ms": round(cold * 1000, 1), "queries": len(timings),
            "p50_ms": round(statistics.median(timings) * 1000, 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1] * 1000, 1),
            "max_ms": round(timings[-1] * 1000, 1), "cpu_p50_ms": round(statistics.median(cpu) * 1000, 1),
            "cpu_p95_ms": round(cpu[int(len(cpu) * 0.95) - 1] * 1000, 1), "facets_nonempty": bool(first.facets.get("organisation")),
            "totals": totals, "rss_bytes": _rss(os.getpid()),
            "slowest": sorted(((round(statistics.median(t) * 1000, 1), k) for k, t in by_kind.items()), reverse=True)[:4]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark reindex and search on a synthetic archive.")
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--root", type=Path, default=Path("/tmp/protokoll-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="times the query set is run")
    parser.add_argument("--show-totals", action="store_true", help="print each query's number of matches")
    parser.add_argument("--skip-reindex", action="store_true", help="only measure queries on the existing index")
    parser.add_argument("--no-cached-rerun", action="store_true",
                        help="time the full reindex only, not the second one with the normalised text cached")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.synthetic_archive import build_synthetic_archive

    marker = args.root / f".synthetic-{args.paragraphs}-{args.seed}"
    if not marker.exists():
        shutil.rmtree(args.root, ignore_errors=True)
        started = time.monotonic()
        build_synthetic_archive(args.root, args.paragraphs, args.seed)
        marker.touch()
        print(f"synthetic archive: {args.paragraphs} paragraphs written in {time.monotonic() - started:.0f} s")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"machine: {os.cpu_count()} cores, {cpu}; load average before: {os.getloadavg()[0]:.1f}")
    cli = [sys.executable, str(ROOT / "cli.py"), "--archive", str(args.root), "reindex", "--json"]
    if not args.skip_reindex:
        shutil.rmtree(args.root / "cache", ignore_errors=True)
        report("full reindex (protokoll reindex, normalisation included)", *run_reindex(cli))
        if not args.no_cached_rerun:
            report("reindex, normalised text cached", *run_reindex(cli))
    latency = query_latency(args.root, args.rounds)
    print(f"queries: {latency['queries']} ({len(QUERIES)} kinds x {args.rounds}), with facets: "
          f"p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms, max {latency['max_ms']} ms "
          f"(CPU time per query: p50 {latency['cpu_p50_ms']} ms, p95 {latency['cpu_p95_ms']} ms); "
          f"first query in a new process {latency['cold_first_query_ms']} ms; "
          f"query process RSS {latency['rss_bytes'] / 2**20:.0f} MiB; facets filled: {latency['facets_nonempty']}")
    print("slowest kinds (median ms): " + "; ".join(f"{kind} {ms}" for ms, kind in latency["slowest"]))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if args.show_totals:
        for query, total in latency["totals"].items():
            print(f"  {total:7} {query}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
