"""Benchmark of the normaliser on real scans and on foreign-language passages.

    PROTOKOLL_REALSCANS=/path/to/realscans PYTHONPATH=. python bench/normalize_real.py

Real scans: page images from public repositories that this project did not make (a 1974
parliamentary record, newspaper pages of 1991-92, a photographed leaflet), each OCR'd with `eng`
(the legacy damage) and `swe` (fresh OCR). The set lives outside the repository, in
$PROTOKOLL_REALSCANS (default: ../realscans beside the checkout), laid out as its README says:
split.tsv names each page's set (dev: looked at while tuning; heldout: only measured, never
tuned on) and its truth ("hand": truth/PAGE.txt checked by hand against the image; "swe": fresh
swe OCR is the reference). Without the folder the real-scan part is skipped with a message.

Per page and per set: WER and CER of the eng OCR before and after `normalize.repair`, the WER
of fresh swe OCR against the same truth (the floor: errors of the scan itself), and
over-correction: the share of tokens `normalize.explain` changes in the fresh swe OCR.

Foreign passages (tests/resources/normalize/foreign/): Swedish minutes quoting English,
Norwegian, German and Finnish. The share of the foreign paragraph's tokens that the normaliser
changes, on the clean page and on the same page with å/ä/ö (and ø) stripped as legacy OCR
strips them (the case that turned "the widow's garden" into "gården"). Target: 0.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from protokoll import normalize
from protokoll.normalize import language

from bench.normalize_bench import add, cer, pct, repair_pages, wer

ROOT = Path(__file__).resolve().parent.parent
FOREIGN_DIR = ROOT / "tests" / "resources" / "normalize" / "foreign"
LEGACY_FOLD = str.maketrans("åäöÅÄÖøØæÆ", "aaoAAOoOaA")
WORDS = re.compile(r"\w+")


def realscans_dir() -> Path:
    return Path(os.environ.get("PROTOKOLL_REALSCANS") or ROOT.parent / "realscans")


def read_split(folder: Path) -> list[tuple[str, str, str]]:
    """(page, set, truth kind) of every page in split.tsv."""
    rows = []
    for line in (folder / "split.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            page, subset, truth = line.split("\t")[:3]
            rows.append((page, subset, truth))
    return rows


def changed_tokens(text: str) -> tuple[int, int]:
    changes = [c for c in normalize.explain(text)[1] if c.reason != "hyphenation"]
    return len(changes), len(WORDS.findall(text))


def real_scans() -> None:
    folder = realscans_dir()
    if not (folder / "split.tsv").exists():
        print(f"real scans: skipped, no set at {folder} (set PROTOKOLL_REALSCANS to the folder with split.tsv)")
        return
    print(f"real scans from {folder}")
    print(f"{'page':36} {'set':8} {'truth':5} {'WER before':>10} {'after':>7} {'CER before':>10} {'after':>7} "
          f"{'swe WER':>8} {'swe chg':>8}")
    totals: dict[str, dict[str, tuple[int, int]]] = {}
    for page, subset, kind in read_split(folder):
        eng = (folder / "eng" / f"{page}.txt").read_text(encoding="utf-8")
        swe = (folder / "swe" / f"{page}.txt").read_text(encoding="utf-8")
        truth = (folder / "truth" / f"{page}.txt").read_text(encoding="utf-8") if kind == "hand" else swe
        repaired = repair_pages(eng)
        row = {"wer_before": wer(truth, eng), "wer_after": wer(truth, repaired), "cer_before": cer(truth, eng),
               "cer_after": cer(truth, repaired), "swe_wer": wer(truth, swe), "swe_changed": changed_tokens(swe)}
        for group in (f"{subset} {kind}", subset):
            acc = totals.setdefault(group, {})
            for key, value in row.items():
                acc[key] = add(acc.get(key, (0, 0)), value)
        print(f"{page[:36]:36} {subset:8} {kind:5} {pct(row['wer_before']):>10} {pct(row['wer_after']):>7} "
              f"{pct(row['cer_before']):>10} {pct(row['cer_after']):>7} {pct(row['swe_wer']):>8} {pct(row['swe_changed']):>8}")
    for group in ("dev hand", "dev swe", "dev", "heldout hand", "heldout swe", "heldout"):
        row = totals.get(group)
        if row:
            print(f"{'TOTAL ' + group:51} {pct(row['wer_before']):>10} {pct(row['wer_after']):>7} "
                  f"{pct(row['cer_before']):>10} {pct(row['cer_after']):>7} {pct(row['swe_wer']):>8} "
                  f"{pct(row['swe_changed']):>8}  ({row['wer_before'][1]} words)")


def foreign_changed(text: str, foreign: list[language.Passage]) -> tuple[int, int]:
    """Changes inside the page's foreign paragraphs, and their tokens. The paragraphs are those
    found on the clean page (stripping å/ä/ö keeps every offset)."""
    changes = [c for c in normalize.explain(text)[1] if c.reason != "hyphenation"]
    changed = tokens = 0
    for passage in foreign:
        tokens += len(WORDS.findall(text[passage.start:passage.end]))
        changed += sum(1 for c in changes if passage.start <= c.position < passage.end)
    return changed, tokens


def foreign_passages() -> None:
    total = {"clean": (0, 0), "legacy": (0, 0)}
    for path in sorted(FOREIGN_DIR.glob("*.txt")):
        clean = path.read_text(encoding="utf-8")
        foreign = language.foreign_passages(clean)
        for kind, text in (("clean", clean), ("legacy", clean.translate(LEGACY_FOLD))):
            share = foreign_changed(text, foreign)
            total[kind] = add(total[kind], share)
            print(f"foreign {path.stem:10} {kind:6} {share[0]:3d} of {share[1]:3d} foreign tokens changed {pct(share)}")
    for kind, share in total.items():
        print(f"foreign TOTAL {kind:6} {share[0]} of {share[1]} foreign tokens changed {pct(share)}")


def main() -> None:
    real_scans()
    foreign_passages()
    return 0


if __name__ == "__main__":
    sys.exit(main())
