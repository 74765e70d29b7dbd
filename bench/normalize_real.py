"""Benchmark of the normaliser on real scans and on foreign-language passages.

    PROTOKOLL_REALSCANS=/path/to/realscans PYTHONPATH=. python bench/normalize_real.py

Real scans: page images from public repositories that this project did not make (a 1974
parliamentary record, newspaper pages of 1991-92, a photographed leaflet), each OCR'd with `eng`
(the legacy damage) and `swe` (fresh OCR). The set lives outside the repository, in
$PROTOKOLL_REALSCANS (default: ../realscans beside the checkout), laid out as its README says:
split.tsv names each page's set (dev: looked at while tuning; heldout: only measured, never
tuned on) and its truth ("hand": truth/PAGE.txt checked by hand against the image; "swe": fresh
swe OCR is the reference; "render": truth/PAGE.txt is the text as drawn on a page rendered, not
scanned, in a typewriter style of tools/render_scan.py: real text, a rendered page, totalled as
a group of its own, apart from the scans). Without the folder the real-scan part is skipped with a message.

Per page and per set: WER and CER of the eng OCR before and after `normalize.repair`, the WER
of fresh swe OCR against the same truth (the floor: errors of the scan itself), and the share
of tokens `normalize.explain` changes in the fresh swe OCR (most are lost å/ä/ö restored:
where swe OCR is the reference, a right repair counts here too). Words hyphenated across a
line are joined in every text before counting, as repair joins them ("in-\nnebär" is one word).

Foreign passages (tests/resources/normalize/foreign/): Swedish minutes quoting English,
Norwegian, German and Finnish. The share of the foreign paragraph's tokens that the normaliser
changes, on the clean page and on the same page with å/ä/ö (and ø) stripped as legacy OCR
strips them (the case that turned "the widow's garden" into "gården"). Target: 0.

Real published minutes (../shared/realdata/minutes) with å/ä/ö stripped: WER before and after
repair against the minutes as published (skipped with a message without them).

With --speed: tokens per CPU-second (best of three rounds, warm) on the synthetic dev set's legacy
pages and on all its pages (mixed), with and without the language check and the diacritics step,
in one process, so other work on the machine weighs on both alike; and cold, each round with a new
normaliser whose memos are empty (the warm rounds read each distinct word's candidates once).

With --dev: the dev pages alone (what tuning may look at) and the foreign passages; with --dev
--errors also each dev page's word errors after repair, aligned with the truth.

With --styles: what OCR makes of each scan style of tools/render_scan.py. The first page of a
held-out text (bench/normalize_texts/heldout_04_*) is rendered in each style and OCR'd with eng
and swe (real Tesseract, one thread); printed: WER, and of the words OCR got wrong, the share
with two or more letters wrong (real scans damage long words in several places at once).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from protokoll import normalize
from protokoll.normalize import join_hyphenation, language

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


def word_errors(truth: str, hyp: str) -> list[tuple[str, str]]:
    """The word errors of `hyp` against `truth`, aligned: (truth words, hypothesis words) per
    run of neighbouring errors, either side empty for words lost or added."""
    t, h = WORDS.findall(truth), WORDS.findall(hyp)
    return [(" ".join(t[op.src_start:op.src_end]), " ".join(h[op.dest_start:op.dest_end]))
            for op in Levenshtein.opcodes(t, h) if op.tag != "equal"]


def real_scans(only_dev: bool = False, show_errors: bool = False) -> None:
    """Every page of the set, or with `only_dev` the dev pages alone (for tuning: the held-out
    rows are not printed), with `show_errors` each dev page's word errors after repair."""
    folder = realscans_dir()
    if not (folder / "split.tsv").exists():
        print(f"real scans: skipped, no set at {folder} (set PROTOKOLL_REALSCANS to the folder with split.tsv)")
        return
    print(f"real scans from {folder}")
    print(f"{'page':36} {'set':8} {'truth':5} {'WER before':>10} {'after':>7} {'CER before':>10} {'after':>7} "
          f"{'swe WER':>8} {'swe chg':>8}")
    totals: dict[str, dict[str, tuple[int, int]]] = {}
    for page, subset, kind in read_split(folder):
        if only_dev and subset != "dev":
            continue
        eng = (folder / "eng" / f"{page}.txt").read_text(encoding="utf-8")
        swe = (folder / "swe" / f"{page}.txt").read_text(encoding="utf-8")
        truth = swe if kind == "swe" else (folder / "truth" / f"{page}.txt").read_text(encoding="utf-8")
        repaired = repair_pages(eng)
        truth, before, fresh = join_hyphenation(truth), join_hyphenation(eng), join_hyphenation(swe)
        row = {"wer_before": wer(truth, before), "wer_after": wer(truth, repaired), "cer_before": cer(truth, before),
               "cer_after": cer(truth, repaired), "swe_wer": wer(truth, fresh), "swe_changed": changed_tokens(swe)}
        # "dev" and "heldout" total the scanned pages; rendered pages (kind "render") are a group of their own
        for group in (f"{subset} {kind}",) + ((subset,) if kind != "render" else ()):
            acc = totals.setdefault(group, {})
            for key, value in row.items():
                acc[key] = add(acc.get(key, (0, 0)), value)
        print(f"{page[:36]:36} {subset:8} {kind:5} {pct(row['wer_before']):>10} {pct(row['wer_after']):>7} "
              f"{pct(row['cer_before']):>10} {pct(row['cer_after']):>7} {pct(row['swe_wer']):>8} {pct(row['swe_changed']):>8}")
        if show_errors and subset == "dev":
            for right, wrong in word_errors(truth, join_hyphenation(repaired)):
                print(f"    {right!r:40} repaired as {wrong!r}")
    for group in ("dev hand", "dev swe", "dev", "dev render", "heldout hand", "heldout swe", "heldout", "heldout render"):
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


def stripped_minutes() -> None:
    """Real published minutes ($PROTOKOLL_REALDATA/minutes, bench/real_minutes.py) with å/ä/ö
    stripped as legacy OCR strips them, repaired and compared with the minutes as published:
    the simplest legacy damage, on real text of a municipality no data file was written from.
    Never tuned on."""
    from bench.real_minutes import minutes_dir

    paths = sorted(path for path in minutes_dir().glob("*.md") if path.name != "README.md")
    if not paths:
        print(f"stripped real minutes: skipped, none at {minutes_dir()} (set PROTOKOLL_REALDATA)")
        return
    before = after = (0, 0)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        stripped = text.translate(LEGACY_FOLD)
        before, after = add(before, wer(text, stripped)), add(after, wer(text, repair_pages(stripped)))
    print(f"stripped real minutes ({len(paths)} documents, {after[1]} words): WER before {pct(before)}, "
          f"after {pct(after)} ({after[0]} errors)")


def ocr(image: Path, lang: str, dpi: int) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    return subprocess.run(["tesseract", str(image), "-", "-l", lang, "--dpi", str(dpi)], capture_output=True, check=True,
                          env=env).stdout.decode("utf-8")


def multi_letter_share(truth: str, ocr_text: str) -> tuple[int, int]:
    """(words misread in two letters or more, words misread) over the aligned words."""
    t, h = WORDS.findall(truth), WORDS.findall(ocr_text)
    misread = [(t[op.src_pos], h[op.dest_pos]) for op in Levenshtein.editops(t, h) if op.tag == "replace"]
    return sum(1 for a, b in misread if Levenshtein.distance(a.lower(), b.lower()) >= 2), len(misread)


def scan_styles() -> None:
    from tools.render_scan import STYLE_DPI, STYLES, page_bytes, render_pages, wrap_lines

    source = sorted((ROOT / "bench" / "normalize_texts").glob("heldout_04_*.txt"))[0]
    text = source.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        for name, style in STYLES.items():
            dpi = STYLE_DPI[name]
            pages, chunks = render_pages(wrap_lines(text, style.line_width), dpi, 18.0, 0.5, 7, style)
            truth = "\n".join(chunks[0])
            image = Path(folder) / f"{name}.img"
            image.write_bytes(page_bytes(pages[0], dpi, style))
            for lang in ("eng", "swe"):
                text = ocr(image, lang, dpi)
                share = multi_letter_share(truth, text)
                print(f"style {name:10} {dpi} dpi {lang}: WER {pct(wer(truth, text))}, "
                      f"misread words with 2+ letters wrong {share[0]} of {share[1]} ({pct(share)})")


def speed() -> None:
    import time

    from protokoll.normalize import STEPS, Config, Normaliser
    from bench.normalize_bench import devset

    docs = devset()
    sets = {"legacy": [p for d in docs.values() for p in d["eng"].split("\f")],
            "mixed": [p for d in docs.values() for kind in ("eng", "swe", "truth") for p in d[kind].split("\f")]}
    loaded = Normaliser.load()
    normalisers = {
        "with language check and diacritics": loaded,
        "without both": Normaliser(Config(leave_foreign_alone=False), loaded.model,
                                   tuple(step for step in STEPS if step.name != "diacritics")),
    }
    for name, normaliser in normalisers.items():
        for label, pages in sets.items():
            for page in pages:
                normaliser.repair(page)  # warm
            tokens = sum(len(WORDS.findall(page)) for page in pages)
            best = float("inf")
            for _ in range(3):
                start = time.process_time()
                for page in pages:
                    normaliser.repair(page)
                best = min(best, time.process_time() - start)
            print(f"speed {name:36} {label:6} {tokens / best:10,.0f} tokens per CPU-second ({tokens} tokens)")
    # Cold: each round a new normaliser, its memos empty, so every distinct word is read once (the
    # warm rounds above remember each word's readings, and time little of the word model itself).
    for label, pages in sets.items():
        tokens = sum(len(WORDS.findall(page)) for page in pages)
        best = float("inf")
        for _ in range(3):
            fresh = Normaliser.load()
            start = time.process_time()
            for page in pages:
                fresh.repair(page)
            best = min(best, time.process_time() - start)
        print(f"speed {'cold (memos empty), default':36} {label:6} {tokens / best:10,.0f} tokens per CPU-second ({tokens} tokens)")


def main() -> int:
    if "--speed" in sys.argv[1:]:
        speed()
        return 0
    if "--styles" in sys.argv[1:]:
        scan_styles()
        return 0
    if "--dev" in sys.argv[1:]:
        real_scans(only_dev=True, show_errors="--errors" in sys.argv[1:])
        foreign_passages()
        return 0
    real_scans()
    foreign_passages()
    stripped_minutes()
    return 0


if __name__ == "__main__":
    sys.exit(main())
