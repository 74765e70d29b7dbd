"""Latency of browsing with filters alone, case histories, document views and exports.

    .venv/bin/python -m bench.case_bench [--root /tmp/protokoll-bench] [--paragraphs 200000] [--rounds 5]

Uses the index benchmark's synthetic archive (bench/synthetic_archive.py) at --root, building it
and its index first when it has none. In one process, as the web server runs them:

- browse: filter-only requests (newest first, facets over the whole result set), page 1 of 10;
- case: case_history for the case numbers carried by the most paragraphs, and for as many drawn
  at random, each asked in a written form other than the indexed one;
- document: document_view (metadata, contents, every paragraph) of documents drawn at random;
- export: every hit of one browse request written as CSV, to nowhere, in rows per second.

Each kind runs one warm-up round, then --rounds counted rounds; p50, p95 and max per kind.
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BROWSE = [  # filters alone, as staff browse
    {"decisions_only": True, "body": "Socialnämnden", "year": 2021},
    {"decisions_only": True},
    {"organisation": "Åre kommun"},
    {"year": 2010},
    {"body": "Kommunstyrelsen", "date_from": "2015-01-01", "date_to": "2019-12-31"},
    {"topic": "vård och omsorg", "decisions_only": True},
    {"doc_type": "protokoll", "year": 2024},
    {"query": "*"},
]
CASES = 20  # most-carried case numbers, and as many at random


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, max {max(ms):.1f} ms ({len(ms)} timed)"


def timed(calls: list, rounds: int) -> list[float]:
    for call in calls:  # warm-up: searcher open, columns built, pages in the OS cache
        call()
    timings = []
    for _ in range(rounds):
        for call in calls:
            started = time.perf_counter()
            call()
            timings.append(time.perf_counter() - started)
    return timings


def prepare(root: Path, paragraphs: int, seed: int):
    """The synthetic archive at `root` with a current index: written when its marker (the index
    benchmark's) is missing, reindexed when its index is missing or of another schema."""
    from protokoll import pipeline
    from protokoll.archive import Archive
    from protokoll.errors import IndexUnavailable
    from protokoll.index import store

    archive = Archive(root)
    marker = root / f".synthetic-{paragraphs}-{seed}"
    started = time.perf_counter()
    if not marker.exists():
        from bench.synthetic_archive import build_synthetic_archive

        shutil.rmtree(root, ignore_errors=True)
        build_synthetic_archive(root, paragraphs, seed)
        marker.touch()
    try:
        store.open_live(archive)
    except IndexUnavailable:
        summary = pipeline.reindex(archive)
        print(f"reindexed {summary['paragraphs']} paragraphs in {time.perf_counter() - started:.0f} s")
    return archive


def case_numbers(archive, count: int, rng: random.Random) -> list[tuple[str, int]]:
    """(a written form, paragraphs carrying it) for the most carried case keys and random ones."""
    from protokoll.index.searchers import live_searcher

    reader = live_searcher(archive).reader()
    keys = [(reader.doc_frequency("case_keys", term), term.decode() if isinstance(term, bytes) else term)
            for term in reader.lexicon("case_keys")]
    keys.sort(reverse=True)
    chosen = keys[:count] + rng.sample(keys[count:], min(count, len(keys) - count))
    # KS-2019-408 -> "Dnr ks 2019/0408": another written form of the same number
    return [(_written(key), n) for n, key in chosen]


def _written(key: str) -> str:
    parts = key.split("-")
    if len(parts) == 3 and not parts[0].isdigit():
        return f"Dnr {parts[0].lower()} {parts[1]}/{int(parts[2]):04d}"
    return key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("/tmp/protokoll-bench"))
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from protokoll.index import export, views
    from protokoll.index.search import SearchRequest, all_hits, search

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    archive = prepare(args.root, args.paragraphs, args.seed)
    print(f"machine: {os.cpu_count()} cores, {cpu}; load average before: {os.getloadavg()[0]:.1f}")
    rng = random.Random(args.seed)

    started = time.perf_counter()
    search(archive, SearchRequest("*"))
    print(f"first request in a new process: {(time.perf_counter() - started) * 1000:.0f} ms (opens the index, builds its columns)")

    requests = [SearchRequest(**{"query": "", **filters}) for filters in BROWSE]
    totals = [search(archive, request).total for request in requests]
    print("browse: " + summary(timed([lambda r=r: search(archive, r) for r in requests], args.rounds))
          + f"; matches per request {min(totals)}-{max(totals)}")

    cases = case_numbers(archive, CASES, rng)
    counts = [len(views.case_history(archive, written)["paragraphs"]) for written, _ in cases]
    assert counts == [n for _, n in cases], "a written form did not find every paragraph of its key"
    print("case: " + summary(timed([lambda w=w: views.case_history(archive, w) for w, _ in cases], args.rounds))
          + f"; paragraphs per case {min(counts)}-{max(counts)}, the {CASES} most carried {counts[CASES - 1]}-{counts[0]}")

    doc_ids = rng.sample(archive.document_ids(), 20)
    sizes = [len(views.document_view(archive, doc_id)["paragraphs"]) for doc_id in doc_ids]
    print("document: " + summary(timed([lambda d=d: views.document_view(archive, d) for d in doc_ids], args.rounds))
          + f"; paragraphs per document {min(sizes)}-{max(sizes)}")

    request = SearchRequest("", decisions_only=True, year=2010)
    started = time.perf_counter()
    results, hits = all_hits(archive, request)
    rows = export.write_csv(hits, export.SEARCH_COLUMNS, io.StringIO())
    seconds = time.perf_counter() - started
    print(f"export: {rows} hits as CSV in {seconds:.2f} s ({rows / seconds:.0f} rows/s), total {results.total}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
