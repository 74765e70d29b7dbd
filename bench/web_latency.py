"""How long the pages take: results pages and case pages, p50/p95, through real HTTP to uvicorn.

    python -m bench.web_latency --archive DIR [--rounds 5]
    python -m bench.web_latency --archive DIR --paragraphs 200000 [--seed 1]   # the index benchmark archive
    python -m bench.web_latency --archive DIR --repeat 400                    # what can be built without it

The target (150 ms p95) is set on the 200,000-paragraph archive that the index benchmark builds
with bench.synthetic_archive.build_synthetic_archive(root, paragraphs, seed); `--paragraphs`
builds it into DIR (and indexes it) when DIR has no index yet. `--repeat K` instead ingests the text samples K
times, each copy made distinct by a header line, and reindexes once. An archive with documents
but no index (or an index of another schema) is reindexed; one with a current index is used as
it is. Each request is timed from sending to the last byte of the page, search and rendering
included; one warm-up round is not counted.

Results pages: a fixed set of staff-like queries, and browsing with filters alone. Case pages
(/arende/<number>): the case number carried by CASE_SIZE paragraphs (or the nearest size the
archive has), asked in other written forms, and a few numbers of other sizes for comparison.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from protokoll import pipeline  # noqa: E402
from protokoll.datafiles import SAMPLES_DIR  # noqa: E402
from protokoll.errors import IndexUnavailable  # noqa: E402
from protokoll.index.searchers import live_searcher  # noqa: E402
from protokoll.index.store import open_live  # noqa: E402
from protokoll.archive import Archive  # noqa: E402
from protokoll.ingest.files import import_file  # noqa: E402
from protokoll.web.app import create_app  # noqa: E402
from protokoll.index.filters import filter_choices  # noqa: E402

# A staff-like mix: single words, a phrase, a case number, no diacritics, filters, date sort, paging.
QUERIES = [
    {"q": "kompetensförsörjning"},
    {"q": "bredband"},
    {"q": "beslut"},
    {"q": '"civilt försvar"'},
    {"q": "Jamtland"},
    {"q": "RUN/16/2020"},
    {"q": "budget", "beslut": "1"},
    {"q": "skola", "fran": "2020-01-01", "till": "2024-12-31"},
    {"q": "digitalisering", "sort": "datum"},
    {"q": "samverkan", "sida": "2"},
    {"q": "kollektivtrafik", "typ": "protokoll"},
    {"q": "sammanträdesdatum 2025"},
    {"organ": "Kommunstyrelsen", "beslut": "1"},  # filters alone: browsing, newest first
    {"beslut": "1", "ar": "2021"},
]
CASE_SIZE = 20  # the case: a number carried by 20 paragraphs
OTHER_CASES = 5


def build_repeated_samples(archive: Archive, copies: int) -> None:
    """The sample text exports, `copies` times each, made distinct so each is a new document."""
    texts = sorted(SAMPLES_DIR.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(copies):
            for text in texts:
                copy = Path(tmp) / f"{text.stem}_kopia{n:05d}.txt"
                copy.write_text(f"Kopia {n}\n" + text.read_text(encoding="utf-8"), encoding="utf-8")
                import_file(archive, copy)
                copy.unlink()
    pipeline.reindex(archive)


def prepare(args) -> Archive:
    archive = Archive(args.archive)
    try:
        open_live(archive)
        return archive
    except IndexUnavailable:
        pass
    started = time.perf_counter()
    if archive.document_ids():
        pipeline.reindex(archive)
    elif args.paragraphs:
        from bench.synthetic_archive import build_synthetic_archive  # comes with the index benchmark

        build_synthetic_archive(archive.root, args.paragraphs, args.seed)  # documents only
        pipeline.reindex(archive)
    elif args.repeat:
        build_repeated_samples(archive, args.repeat)
    else:
        sys.exit(f"{archive.root} has no index: give --paragraphs N or --repeat K to build one")
    print(f"built the archive in {time.perf_counter() - started:.0f} s")
    return archive


def queries_for(archive: Archive) -> list[dict]:
    """The fixed set, plus an organisation filter on a value this archive really has."""
    organisations = filter_choices(archive)["organisation"]
    extra = [{"q": "beslut", "org": organisations[len(organisations) // 2]}] if organisations else []
    return QUERIES + extra


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def case_numbers(archive: Archive) -> tuple[list[str], list[str], int]:
    """Written forms of the case number with CASE_SIZE paragraphs (or the nearest size), and of
    the most carried numbers; and that size."""
    reader = live_searcher(archive).reader()
    sizes = sorted((reader.doc_frequency("case_keys", term), _text(term)) for term in reader.lexicon("case_keys"))
    if not sizes:
        return [], [], 0
    size, key = min(sizes, key=lambda entry: (abs(entry[0] - CASE_SIZE), entry[1]))
    # KS-2019-408 -> "KS 2019/408" and "Dnr KS 2019/0408": other ways minutes write the same number
    return [_written(key, "{} {}/{}"), _written(key, "Dnr {} {}/{:0>4}"), key], [k for _, k in sizes[-OTHER_CASES:]], size


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _written(key: str, form: str) -> str:
    parts = key.split("-")
    return form.format(*parts) if len(parts) == 3 and not parts[0].isdigit() else key


def measure(archive: Archive, rounds: int, requests: list[tuple[str, str, dict]]) -> dict[str, dict[str, list[float]]]:
    """{kind: {request: [ms, ...]}} for (kind, path, params) requests, `rounds` times after a warm-up."""
    config = uvicorn.Config(create_app(archive), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    timings: dict[str, dict[str, list[float]]] = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for round_number in range(rounds + 1):  # round 0 warms caches and is not counted
                for kind, path, params in requests:
                    started = time.perf_counter()
                    response = client.get(path, params=params)
                    response.read()
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        sys.exit(f"{path} {params} gave HTTP {response.status_code}")
                    if round_number:
                        timings.setdefault(kind, {}).setdefault(f"{path} {params or ''}", []).append(elapsed)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return timings


def report(kind: str, timings: dict[str, list[float]], target: str) -> None:
    every = [t for values in timings.values() for t in values]
    for name, values in timings.items():
        print(f"  {statistics.median(values):7.1f} ms  {name}")
    print(f"{kind}: p50 {percentile(every, 0.50):.1f} ms, p95 {percentile(every, 0.95):.1f} ms, "
          f"max {max(every):.1f} ms over {len(every)} requests ({target})")


def cpu_model() -> str:
    try:
        lines = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines()
        return next(line.split(":", 1)[1].strip() for line in lines if line.startswith("Model name"))
    except (OSError, subprocess.CalledProcessError, StopIteration):
        return platform.processor() or "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", type=Path, required=True)
    ap.add_argument("--paragraphs", type=int, help="build the index benchmark's synthetic archive of N paragraphs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, help="build an archive of the text samples repeated K times")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    archive = prepare(args)
    paragraphs = open_live(archive).doc_count()
    requests = [("results page", "/", params) for params in queries_for(archive)]
    twenty, most, size = case_numbers(archive)
    requests += [("case page", f"/arende/{number}", {}) for number in twenty]
    requests += [("other case pages", f"/arende/{number}", {}) for number in most]
    print(f"archive: {archive.root} ({paragraphs} paragraphs)")
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}; load average before: {os.getloadavg()[0]:.1f}")
    timings = measure(archive, args.rounds, requests)
    print(f"{args.rounds} rounds after one warm-up round; median per request:")
    report("results page", timings["results page"], "target p95 <= 150 ms on 200,000 paragraphs")
    if twenty:
        report("case page", timings["case page"], f"a number with {size} paragraphs, in 3 written forms; "
               "target p95 <= 150 ms for 20")
        report("other case pages", timings["other case pages"], "the most carried numbers")


if __name__ == "__main__":
    main()
