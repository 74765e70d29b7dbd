"""Generate the normaliser's dev set: clean Swedish rendered as noisy scans, OCR'd with eng and swe.

    PYTHONPATH=. python bench/normalize_devset.py [--only NAME]

Sources are our own minutes: data/normalize/corpus/train_*.txt (learned from),
bench/normalize_texts/dev_*.txt (never learned from, but looked at while tuning) and
bench/normalize_texts/heldout_*.txt (never learned from, never looked at while tuning) and the clean corpus documents in data/samples/ (000, 001,
003, 004; they also feed the context model, so they count as training data). Each is rendered with
tools/render_scan.py (seeded, so it regenerates the same pages) and OCR'd page by page with real
Tesseract, once with `-l eng` (the legacy damage the normaliser repairs: Swedish letters unknown)
and once with `-l swe` (fresh OCR, used to measure over-correction). Written to
tests/resources/normalize/devset/NAME.{truth,eng,swe}.txt, pages separated by form feeds, so tests
and benchmarks run without OCR.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import zlib
from pathlib import Path

from protokoll.datafiles import SAMPLES_DIR
from tools.render_scan import render_pages, wrap_lines

ROOT = Path(__file__).resolve().parent.parent
TEXTS_DIR = ROOT / "bench" / "normalize_texts"  # held-out minutes: never learned from
CORPUS_DIR = ROOT / "data" / "normalize" / "corpus"  # clean training minutes: also feed the context model
DEVSET_DIR = ROOT / "tests" / "resources" / "normalize" / "devset"
CLEAN_SAMPLES = ["000_effe2c7c135b0eba", "001_6c24cf0587c73d17", "003_2fd5b4c710605cc5", "004_6df10ec04d010a6e"]


def sources() -> dict[str, Path]:
    found = {p.stem: p for p in sorted(TEXTS_DIR.glob("*.txt")) + sorted(CORPUS_DIR.glob("train_*.txt"))}
    found.update({f"train_sample_{name[:3]}": SAMPLES_DIR / f"{name}.txt" for name in CLEAN_SAMPLES})
    return found


def ocr_page(image_path: Path, lang: str) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out = subprocess.run(["tesseract", str(image_path), "-", "-l", lang], capture_output=True, check=True, env=env)
    return out.stdout.decode("utf-8").rstrip("\f\n ") + "\n"


def generate(name: str, src: Path, seed: int) -> None:
    text = src.read_text(encoding="utf-8")
    # Vary the scan a little between documents, as real archives do.
    pages, chunks = render_pages(wrap_lines(text), dpi=300, noise=8.0 + seed % 3 * 3, rotate=0.6, seed=seed)
    truth = "\f".join("\n".join(chunk) for chunk in chunks) + "\n"
    ocr = {"eng": [], "swe": []}
    with tempfile.TemporaryDirectory() as tmp:
        for number, page in enumerate(pages):
            image = Path(tmp) / f"page{number}.png"
            page.save(image, dpi=(300, 300))
            for lang in ocr:
                ocr[lang].append(ocr_page(image, lang))
    DEVSET_DIR.mkdir(parents=True, exist_ok=True)
    (DEVSET_DIR / f"{name}.truth.txt").write_text(truth, encoding="utf-8")
    for lang, texts in ocr.items():
        (DEVSET_DIR / f"{name}.{lang}.txt").write_text("\f".join(texts), encoding="utf-8")
    print(f"{name}: {len(pages)} pages")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="regenerate only this source (file stem)")
    args = ap.parse_args()
    for name, src in sources().items():
        if args.only in (None, name):
            generate(name, src, seed=zlib.crc32(name.encode()) % 1000)  # stable per document


if __name__ == "__main__":
    main()
