"""Ingest benchmark: pages per minute, and `protokoll ingest` against plain `ocrmypdf` on the same files.

    python bench/ingest_bench.py [--pages 40] [--pages-per-doc 2] [--dpi 300] [--jobs N] [--protokoll-first]

Renders scanned PDFs from the corpus texts (tools/render_scan.py, seeded), then times
1. plain OCRmyPDF: the same options protokoll uses (swe+eng, PDF/A, force_ocr, sidecar,
   jobs=1 per document) over all files in a process pool of N workers;
2. the whole `protokoll ingest --jobs N` command in a subprocess (start-up, hashing, triage,
   archive, OCR, normalisation, structure and the index write included).
Prints both wall times, pages per minute and their ratio (target <= 1.15).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from protokoll.datafiles import SAMPLES_DIR  # noqa: E402
from protokoll.ingest import ocr  # noqa: E402
from protokoll.ingest.batch import default_jobs  # noqa: E402
from tools.render_scan import render_scan, wrap_lines  # noqa: E402

LINES_PER_PAGE = 40  # about what render_scan fits on an A4 page at 6 mm a line


def make_scans(folder: Path, pages: int, pages_per_doc: int, dpi: int) -> list[Path]:
    lines = [line for src in sorted(SAMPLES_DIR.glob("*.txt")) for line in wrap_lines(src.read_text(encoding="utf-8"))]
    per_doc = LINES_PER_PAGE * pages_per_doc
    docs, made = [], 0
    while made < pages:
        start = (len(docs) * per_doc) % max(1, len(lines) - per_doc)
        text = "\n".join(lines[start:start + per_doc])
        out = folder / f"scan-{len(docs):03d}.pdf"
        truth = render_scan(text, out, dpi=dpi, seed=len(docs), truth_path=folder / f".truth-{len(docs)}.txt")
        made += truth.count("\f") + 1
        docs.append(out)
    return docs


def plain_ocr(src: Path, out_dir: Path) -> None:
    import logging

    import ocrmypdf

    logging.getLogger("ocrmypdf").setLevel(logging.ERROR)  # as quiet as the protokoll command

    ocrmypdf.ocr(src, out_dir / src.name, language=list(ocr.LANGUAGES), output_type="pdfa", force_ocr=True,
                 sidecar=out_dir / (src.stem + ".txt"), jobs=1, progress_bar=False)


def children_cpu() -> float:
    """CPU seconds of finished child processes (and what they waited for: tesseract, gs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(run) -> tuple[float, float]:
    """Wall seconds and child CPU seconds of `run()`. CPU time hardly depends on what else the
    machine runs, so it shows our overhead even when other work makes wall times noisy."""
    wall, cpu = time.monotonic(), children_cpu()
    run()
    return time.monotonic() - wall, children_cpu() - cpu


def run_plain(docs: list[Path], out_dir: Path, jobs: int) -> None:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(plain_ocr, docs, [out_dir] * len(docs)))


def run_protokoll(inbox: Path, archive: Path, jobs: int) -> None:
    subprocess.run([sys.executable, "-m", "protokoll", "--archive", str(archive), "ingest", "--jobs", str(jobs), str(inbox)],
                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--pages-per-doc", type=int, default=2)
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--protokoll-first", action="store_true", help="time protokoll before plain ocrmypdf")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        tmp = Path(tmp)
        inbox, plain_out = tmp / "inkorg", tmp / "plain"
        inbox.mkdir()
        plain_out.mkdir()
        docs = make_scans(inbox, a.pages, a.pages_per_doc, a.dpi)
        for truth in inbox.glob(".truth-*"):
            truth.unlink()
        pages = sum(len(pikepdf.open(doc).pages) for doc in docs)
        print(f"{len(docs)} scanned PDFs, {pages} pages at {a.dpi} dpi, {a.jobs} parallel jobs "
              f"({os.cpu_count()} cores)", flush=True)
        print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
        runs = {"plain ocrmypdf": lambda: run_plain(docs, plain_out, a.jobs),
                "protokoll ingest": lambda: run_protokoll(inbox, tmp / "arkiv", a.jobs)}
        figures = {}
        for name in (reversed(runs) if a.protokoll_first else runs):
            wall, cpu = figures[name] = timed(runs[name])
            print(f"{name + ':':17} {wall:7.1f} s wall  {cpu:7.1f} s CPU  {pages / wall * 60:6.1f} pages/min", flush=True)
        (plain, plain_cpu), (ours, ours_cpu) = figures["plain ocrmypdf"], figures["protokoll ingest"]
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        print(f"ratio protokoll / plain: wall {ours / plain:.3f} (target <= 1.15), CPU {ours_cpu / plain_cpu:.3f}")


if __name__ == "__main__":
    main()
