"""The reindex's per-document structure work and its serial learning step, timed on the bench archive.

    PYTHONPATH=. python -m bench.reindex_speed [--root /tmp/protokoll-bench] [--documents 400] [--before /work/main]

Reads the archive only (no index, no cache entry is written). For this checkout, and with
--before for another checkout of the project run the same way, prints:

- structure: for the first N documents, reading the cached normalised pages and
  split_paragraphs, which is what pipeline.paragraphs_from_cache does for a document whose
  repaired text is cached (as on every reindex but the first);
- learning: pipeline.learning_from(archive, normaliser, procs) (in older checkouts a context
  manager, entered), what a reindex does serially before its writers start (reading every
  document, is_legacy on the clean pages, counting, extending the normaliser); with procs 1 and,
  where the checkout can, 2.

Each figure is wall seconds and CPU seconds (this process and its children).
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work) -> dict:
    wall, cpu = time.perf_counter(), cpu_seconds()
    work()
    return {"wall": round(time.perf_counter() - wall, 1), "cpu": round(cpu_seconds() - cpu, 1)}


def measure(root: Path, documents: int) -> dict:
    """The figures for the code on sys.path (imported here, so --before can point elsewhere)."""
    from protokoll import pipeline
    from protokoll.archive import Archive
    from protokoll.structure.paragraphs import split_paragraphs

    archive = Archive(root)
    caches = [p for p in (root / "cache" / "normalised").iterdir() if p.is_dir()]
    cache = max(caches, key=lambda p: sum(1 for _ in p.iterdir()))  # the one the last reindex filled
    docs = [archive.load(doc_id) for doc_id in archive.document_ids()[:documents]]
    split_paragraphs(docs[0], json.loads((cache / f"{docs[0].id}.json").read_text(encoding="utf-8")))  # warm up
    paragraphs = []

    def structure():
        for doc in docs:
            pages = json.loads((cache / f"{doc.id}.json").read_text(encoding="utf-8"))
            paragraphs.extend(split_paragraphs(doc, pages))

    figures = {"documents": len(docs), "structure": timed(structure), "paragraphs": len(paragraphs)}
    parameters = inspect.signature(pipeline.learning_from).parameters
    parallel, explicit = "procs" in parameters, "normaliser" in parameters
    if explicit:
        from protokoll.normalize import Normaliser
        normaliser = Normaliser.load()
    for procs in (1, 2) if parallel else (1,):
        def learning():
            if explicit:  # a normaliser passed in, an extended one returned
                figures["digest"] = pipeline.learning_from(archive, normaliser, procs)[0]
                return
            with pipeline.learning_from(archive, *([procs] if parallel else [])) as digest:  # older checkouts
                figures["digest"] = digest
        figures[f"learning, {procs} procs"] = timed(learning)
    return figures


def run_in(checkout: Path, root: Path, documents: int) -> dict:
    """measure() in a new process with `checkout` first on the path."""
    done = subprocess.run([sys.executable, __file__, "--json", "--root", str(root), "--documents", str(documents)],
                          env={**os.environ, "PYTHONPATH": str(checkout)}, cwd=checkout,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", type=Path, default=Path("/tmp/protokoll-bench"))
    ap.add_argument("--documents", type=int, default=400)
    ap.add_argument("--before", type=Path, help="another checkout, e.g. /work/main, measured first")
    ap.add_argument("--json", action="store_true", help="print the figures of this checkout as JSON")
    args = ap.parse_args()
    if args.json:
        print(json.dumps(measure(args.root, args.documents)))
        return
    here = Path(__file__).resolve().parent.parent
    runs = ([("before", args.before)] if args.before else []) + [("this checkout", here)]
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    for name, checkout in runs:
        figures = run_in(checkout.resolve(), args.root, args.documents)
        print(f"{name} ({checkout}): {figures.pop('documents')} documents, {figures.pop('paragraphs')} paragraphs,"
              f" digest {figures.pop('digest')}")
        for what, t in figures.items():
            print(f"  {what:20} {t['wall']:6.1f} s wall {t['cpu']:6.1f} s CPU")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
