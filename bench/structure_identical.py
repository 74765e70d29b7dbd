"""Does structure extraction still give the same records? Save its output once, compare later.

    PYTHONPATH=. python -m bench.structure_identical save /tmp/structure-before.jsonl [--documents 300]
    PYTHONPATH=. python -m bench.structure_identical check /tmp/structure-before.jsonl

For a speed-up of structure/metadata that must not change a single field: `save` runs analyse()
on a sample of an archive's documents (their repaired pages read from the archive's
normalised-text cache, read only) and on the texts of data/samples and tests/resources/minutes,
and writes, one JSON line per document, its input (record and pages) and output (document
metadata and every Paragraph record). `check` runs the current code on the saved inputs and
prints every document whose output differs (exit code 1 if any), so it needs no archive.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

from protokoll.datafiles import SAMPLES_DIR
from protokoll.archive import Archive
from protokoll.structure.paragraphs import analyse
from protokoll.records import Document

MINUTES_DIR = Path(__file__).resolve().parent.parent / "tests" / "resources" / "minutes"


def cache_dir(archive: Archive) -> Path:
    """The fullest normalised-text cache of the archive (whatever normaliser version made it)."""
    folders = [p for p in (archive.root / "cache" / "normalised").iterdir() if p.is_dir()]
    if not folders:
        sys.exit(f"{archive.root} has no normalised-text cache; run a reindex there first")
    return max(folders, key=lambda p: sum(1 for _ in p.iterdir()))


def archive_inputs(root: Path, count: int) -> Iterator[tuple[Document, list[str]]]:
    """`count` documents spread over the archive (every n-th id), with their cached repaired pages."""
    archive = Archive(root)
    cached = cache_dir(archive)
    ids = archive.document_ids()
    for doc_id in ids[:: max(1, len(ids) // count)][:count]:
        path = cached / f"{doc_id}.json"
        if path.exists():
            yield archive.load(doc_id), json.loads(path.read_text(encoding="utf-8"))


def text_inputs() -> Iterator[tuple[Document, list[str]]]:
    """The real sample texts and test minutes, one page each (as text exports)."""
    for path in sorted(SAMPLES_DIR.glob("*.txt")) + sorted(MINUTES_DIR.glob("*.txt")):
        pages = path.read_text(encoding="utf-8").split("\f")
        yield Document(id=path.stem.ljust(64, "0"), source=path.name, original="", kind="text", pages=pages), pages


def output(doc: Document, pages: list[str]) -> dict:
    meta, paragraphs = analyse(doc, pages)
    return {"meta": meta.to_json(), "paragraphs": [p.to_json() for p in paragraphs]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["save", "check"])
    ap.add_argument("file", type=Path)
    ap.add_argument("--root", type=Path, default=Path("/tmp/protokoll-bench"))
    ap.add_argument("--documents", type=int, default=300)
    args = ap.parse_args()
    if args.action == "save":
        with open(args.file, "w", encoding="utf-8") as out:
            for n, (doc, pages) in enumerate([*text_inputs(), *archive_inputs(args.root, args.documents)], start=1):
                line = {"document": doc.to_json(), "pages": pages, **output(doc, pages)}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(f"saved the input and output of {n} documents to {args.file}")
        return 0
    documents = paragraphs = differ = 0
    for line in args.file.read_text(encoding="utf-8").splitlines():
        saved = json.loads(line)
        now = output(Document.from_json(saved["document"]), saved["pages"])
        documents, paragraphs = documents + 1, paragraphs + len(saved["paragraphs"])
        if now != {"meta": saved["meta"], "paragraphs": saved["paragraphs"]}:
            differ += 1
            print(f"differs: {saved['document']['source']} ({saved['document']['id'][:16]})")
    print(f"{documents} documents ({paragraphs} paragraphs) compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
