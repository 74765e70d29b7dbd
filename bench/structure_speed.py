"""How long structure + metadata take per document and per page.

    PYTHONPATH=. python bench/structure_speed.py [--repeat 3]

Runs analyse() on every sample text and on a long protokoll made by repeating our own test
minutes (renumbered), and prints milliseconds per document and per 1000 words: the best of
--repeat runs, in which later runs find the organisation search's memo of fuzzy matches
filled (as a reindex does after its first documents); --repeat 1 for a cold run. For the
bench archive, and before/after figures, see bench/reindex_speed.py.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import re
import time
from pathlib import Path

from protokoll.datafiles import SAMPLES_DIR
from protokoll.structure.paragraphs import analyse
from protokoll.records import Document

MINUTES = Path(__file__).resolve().parent.parent / "tests" / "resources" / "minutes" / "ks_bollnas_1998.txt"


def long_protokoll(copies: int) -> list[str]:
    """A protokoll of `copies` pages, each page one of the 1998 paragraphs renumbered."""
    body = "§ 45" + MINUTES.read_text(encoding="utf-8").split("§ 45", 1)[1].replace("\f", "")
    numbers = itertools.count(1)
    return [re.sub(r"^§ \d+", lambda m: f"§ {next(numbers)}", body, flags=re.M) for _ in range(copies)]


def timed(name: str, pages: list[str], repeat: int) -> None:
    doc = Document(id=hashlib.sha256(name.encode()).hexdigest(), source=name, original="", kind="text", pages=pages)
    words = sum(len(p.split()) for p in pages)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        _, paragraphs = analyse(doc, pages)
        best = min(best, time.perf_counter() - start)
    print(f"{name:32} {len(pages):4d} pages {words:7d} words {len(paragraphs):4d} records "
          f"{best * 1000:8.1f} ms  {best * 1000 / max(words, 1) * 1000:6.1f} ms/1000 words")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    analyse(Document(id="0" * 64, source="warm", original="", kind="text", pages=["§ 1 A\n\nB"]), ["§ 1 A\n\nB"])
    for path in sorted(SAMPLES_DIR.glob("*.txt")):
        timed(path.name, [path.read_text(encoding="utf-8")], args.repeat)
    timed("long protokoll (100 pages)", long_protokoll(100), args.repeat)


if __name__ == "__main__":
    main()
