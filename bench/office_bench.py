"""Office conversion benchmark: seconds per .docx through LibreOffice headless to PDF/A, one at a
time and two at once (each conversion starts LibreOffice with a fresh profile of its own).

    python bench/office_bench.py [--documents 6] [--paragraphs 40]

Writes .docx files with python-docx from the sample texts, then times ingest/office.py's
convert_to_pdfa over all of them sequentially and in a pool of two processes.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from protokoll.datafiles import SAMPLES_DIR  # noqa: E402
from protokoll.ingest import office  # noqa: E402


def make_docx(folder: Path, documents: int, paragraphs: int) -> list[Path]:
    import docx

    lines = [line for src in sorted(SAMPLES_DIR.glob("*.txt")) for line in src.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    made = []
    for n in range(documents):
        document = docx.Document()
        for line in lines[n * paragraphs:(n + 1) * paragraphs] or lines[:paragraphs]:
            document.add_paragraph(line)
        made.append(folder / f"doc{n:02}.docx")
        document.save(made[-1])
    return made


def convert(src: Path) -> float:
    work = Path(tempfile.mkdtemp(dir=src.parent, prefix=f"{src.stem}-"))
    started = time.monotonic()
    office.convert_to_pdfa(src, work)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=6)
    parser.add_argument("--paragraphs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="office-bench-") as tmp:
        files = make_docx(Path(tmp), args.documents, args.paragraphs)
        print(f"LibreOffice {office.version()}, {len(files)} .docx of {args.paragraphs} paragraphs each")
        started = time.monotonic()
        each = [convert(f) for f in files]
        sequential = time.monotonic() - started
        print(f"one at a time: {sequential:.1f} s, {sequential / len(files):.2f} s per document "
              f"(fastest {min(each):.2f} s, slowest {max(each):.2f} s)")
        started = time.monotonic()
        with ProcessPoolExecutor(2) as pool:
            list(pool.map(convert, files))
        parallel = time.monotonic() - started
        print(f"two at once:   {parallel:.1f} s, {parallel / len(files):.2f} s per document")


if __name__ == "__main__":
    main()
