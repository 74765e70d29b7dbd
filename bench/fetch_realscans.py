"""Rebuild the real-scan set that bench/normalize_real.py reads, from public repositories.

    python -m bench.fetch_realscans --git-dir OWNER/NAME=GITDIR [--git-dir ...] [--into DIR]
    python -m bench.fetch_realscans --clone [--into DIR]

The pages are not kept in this repository; `bench/realscans/sources.toml` says where each one
comes from (repository, commit, path, page of a PDF, sha256 of the file) and which set and truth
kind it has. `--git-dir` reads the files from local git directories (bare clones or mirrors) of
the repositories; `--clone` makes partial bare clones of them from GitHub in a temporary folder.
For every page the script

- takes the file out of git at the recorded commit and checks its sha256;
- writes the page image as `images/PAGE.png` (a PDF page rendered at `dpi`, grey; an image file
  converted to PNG as it is, so Tesseract estimates its resolution as it did when the set was made);
- OCRs it with `eng` (the legacy damage) and `swe` (fresh OCR): `tesseract IMAGE - -l LANG`, one
  thread, into `eng/PAGE.txt` and `swe/PAGE.txt`;
- for a "hand" page, applies `bench/realscans/PAGE.corrections` to the swe text: the words corrected
  by hand against the image, written to `truth/PAGE.txt`;

and writes `split.tsv` (the pages built; a page left out is named, and the exit status is 1) and
a README. A correction whose OCR word is not on its line (another
Tesseract, another rendering) stops the run with the page, line and word, since the truth would
no longer be the one checked by hand. The folder is $PROTOKOLL_REALSCANS (default ../realscans
beside the checkout) unless `--into` names another.

A corrections file has one edit a line, tab-separated: the line number in the swe OCR (from 1),
the OCR word as Tesseract wrote it (a whitespace-separated token, punctuation included), the word
as the page has it (empty: the OCR word is deleted; with spaces: one token becomes several), and
optionally which occurrence on the line (from 1) when the OCR word is there more than once.
Lines starting with # are comments.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bench.fetch_real_minutes import SourceError, clone, git_blob, git_dir_args

ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = ROOT / "bench" / "realscans"


class CorrectionError(ValueError):
    """A correction that does not fit the OCR text it is applied to."""


@dataclass(frozen=True)
class Correction:
    line: int      # line number in the OCR text, from 1
    ocr: str       # the token as OCR wrote it
    right: str     # the token(s) as the page has them; "" deletes the token
    occurrence: int = 0   # which one on the line, from 1; 0: the word must be there once
    source_line: int = 0  # line of the corrections file, for messages


@dataclass(frozen=True)
class Page:
    name: str
    repository: str
    commit: str
    path: str
    sha256: str
    subset: str
    truth: str
    page: int = 0   # page of a PDF, from 1; 0 for an image file
    dpi: int = 300  # rendering resolution of a PDF page


def parse_corrections(text: str) -> list[Correction]:
    corrections = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        if len(fields) not in (3, 4) or not fields[0].strip().isdigit() or not fields[1] or " " in fields[1]:
            raise CorrectionError(f"line {number}: expected 'LINE<tab>OCR word<tab>corrected[<tab>occurrence]', got {raw!r}")
        occurrence = int(fields[3]) if len(fields) == 4 else 0
        corrections.append(Correction(int(fields[0]), fields[1], fields[2].strip(), occurrence, number))
    return corrections


def apply_corrections(ocr_text: str, corrections: list[Correction], label: str = "") -> str:
    """The OCR text with each correction made. Every line keeps its place; a corrected line is
    its tokens joined by single spaces. Raises CorrectionError when a correction's word is not
    on its line (or not as often as its occurrence says)."""
    lines = ocr_text.split("\n")
    tokens = {i: line.split() for i, line in enumerate(lines, 1)}
    done: dict[int, dict[int, str]] = {}
    where = f"{label}: " if label else ""
    for c in corrections:
        if c.line not in tokens:
            raise CorrectionError(f"{where}correction {c.source_line}: line {c.line} is past the OCR text's {len(lines)} lines")
        hits = [i for i, token in enumerate(tokens[c.line]) if token == c.ocr]
        if len(hits) < max(c.occurrence, 1):
            raise CorrectionError(f"{where}correction {c.source_line}: OCR line {c.line} has no word {c.ocr!r}"
                                  + (f" (occurrence {c.occurrence})" if c.occurrence > 1 else "")
                                  + f"; it reads {lines[c.line - 1]!r}")
        if len(hits) > 1 and not c.occurrence:
            raise CorrectionError(f"{where}correction {c.source_line}: {c.ocr!r} is {len(hits)} times on OCR line "
                                  f"{c.line}; say which occurrence")
        slot = hits[max(c.occurrence, 1) - 1]
        if slot in done.setdefault(c.line, {}):
            raise CorrectionError(f"{where}correction {c.source_line}: word {c.ocr!r} of line {c.line} corrected twice")
        done[c.line][slot] = c.right
    for number, edits in done.items():
        words = [edits.get(i, token) for i, token in enumerate(tokens[number])]
        lines[number - 1] = " ".join(word for word in words if word)
    return "\n".join(lines)


def read_sources(path: Path = SOURCES_DIR / "sources.toml") -> list[Page]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Page(**entry) for entry in data["page"]]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def page_png(page: Page, data: bytes) -> bytes:
    """The page as a grey PNG: a PDF page rendered at its dpi (the PNG says the dpi), an image
    file converted as it is (no dpi added)."""
    from PIL import Image

    if data[:5] == b"%PDF-":
        import pypdfium2

        document = pypdfium2.PdfDocument(data)
        image = document[page.page - 1].render(scale=page.dpi / 72, grayscale=True).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", dpi=(page.dpi, page.dpi))
        return out.getvalue()
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, format="PNG")
    return out.getvalue()


def tesseract(image: Path, lang: str) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    return subprocess.run(["tesseract", str(image), "-", "-l", lang], capture_output=True, check=True,
                          env=env).stdout.decode("utf-8")


README = """Real-scan set of bench/normalize_real.py, rebuilt by `python -m bench.fetch_realscans`
from bench/realscans/sources.toml (where each page comes from; not in the repository).

images/PAGE.png   the page (a PDF page rendered grey at its dpi, or the image file as PNG)
eng/PAGE.txt      tesseract IMAGE - -l eng (one thread): the legacy damage
swe/PAGE.txt      tesseract IMAGE - -l swe: fresh OCR
truth/PAGE.txt    for "hand" pages: swe/PAGE.txt with bench/realscans/PAGE.corrections applied
                  (words corrected by hand against the image)
split.tsv         page, set (dev: looked at while tuning; heldout: only measured), truth kind
"""


def build(pages: list[Page], git_dirs: dict[str, Path], into: Path, sources: Path = SOURCES_DIR) -> int:
    """Builds the folder; returns the number of pages left out or without their truth."""
    for sub in ("images", "eng", "swe", "truth"):
        (into / sub).mkdir(parents=True, exist_ok=True)
    # every corrections file is read first, so a malformed one stops the run before any OCR
    corrections = {page.name: parse_corrections(path.read_text(encoding="utf-8")) for page in pages
                   if page.truth == "hand" and (path := sources / f"{page.name}.corrections").exists()}
    bad = 0
    built = []
    for page in pages:
        data = git_blob(git_dirs[page.repository], page.commit, page.path)
        if sha256(data) != page.sha256:
            print(f"{page.name}: {page.path} at {page.commit[:12]} has sha256 {sha256(data)}, not {page.sha256}; skipped")
            bad += 1
            continue
        image = into / "images" / f"{page.name}.png"
        image.write_bytes(page_png(page, data))
        for lang in ("eng", "swe"):
            (into / lang / f"{page.name}.txt").write_text(tesseract(image, lang), encoding="utf-8")
        swe = (into / "swe" / f"{page.name}.txt").read_text(encoding="utf-8")
        if page.truth == "hand" and page.name not in corrections:
            print(f"{page.name}: no {page.name}.corrections, so no truth/{page.name}.txt; left out")
            bad += 1
        elif page.truth == "hand":
            truth = apply_corrections(swe, corrections[page.name], page.name)
            (into / "truth" / f"{page.name}.txt").write_text(truth, encoding="utf-8")
        if page.truth != "hand" or page.name in corrections:
            built.append(page)
        print(f"{page.name}: {page.subset} {page.truth}, {len(swe.split())} swe words", flush=True)
    (into / "split.tsv").write_text("# page\tset\ttruth\n" + "".join(
        f"{page.name}\t{page.subset}\t{page.truth}\n" for page in built), encoding="utf-8")
    (into / "README.md").write_text(README, encoding="utf-8")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--git-dir", action="append", default=[], metavar="OWNER/NAME=DIR",
                        help="a local git directory of a source repository")
    parser.add_argument("--clone", action="store_true", help="clone the source repositories from GitHub (partial, bare)")
    parser.add_argument("--into", type=Path, help="the folder to build (default $PROTOKOLL_REALSCANS or ../realscans)")
    args = parser.parse_args(argv)
    from bench.normalize_real import realscans_dir

    pages = read_sources()
    git_dirs = git_dir_args(args.git_dir, parser.error)
    with tempfile.TemporaryDirectory() as scratch:
        for repository in sorted({page.repository for page in pages} - set(git_dirs)):
            if not args.clone:
                parser.error(f"no --git-dir for {repository} (or use --clone)")
            git_dirs[repository] = clone(repository, Path(scratch))
        try:
            bad = build(pages, git_dirs, args.into or realscans_dir())
        except (CorrectionError, SourceError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
