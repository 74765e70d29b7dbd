"""Does structure extraction still give the same records? Save its output once, compare later.

    PYTHONPATH=. python -m bench.structure_identical save /tmp/structure-before.jsonl
    PYTHONPATH=. python -m bench.structure_identical check /tmp/structure-before.jsonl

For a speed-up of structure/metadata that must not change a single field: `save` runs analyse()
on a sample of an archive's documents (their repaired pages read from the archive's
normalised-text cache, read only) and on the texts of data/samples and tests/resources/minutes,
and writes the document metadata and every Paragraph record as JSON lines; `check` runs the
current code on the same inputs and prints every record that differs (exit code 1 if any).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

from datafiles import SAMPLES_DIR
from ingest.archive import Archive
from ingest.structure import analyse
from records import Document

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


def outputs(root: Path, count: int) -> Iterator[dict]:
    for doc, pages in [*text_inputs(), *archive_inputs(root, count)]:
        meta, paragraphs = analyse(doc, pages)
        yield {"doc_id": doc.id, "meta": meta.to_json()}
        for p in paragraphs:
            yield {"doc_id": doc.id, "paragraph": p.to_json()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["save", "check"])
    ap.add_argument("file", type=Path)
    ap.add_argument("--root", type=Path, default=Path("/tmp/protokoll-bench"))
    ap.add_argument("--documents", type=int, default=300)
    args = ap.parse_args()
    lines = [json.dumps(o, ensure_ascii=False, sort_keys=True) for o in outputs(args.root, args.documents)]
    if args.action == "save":
        args.file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"saved {len(lines)} records to {args.file}")
        return 0
    saved = args.file.read_text(encoding="utf-8").splitlines()
    differ = [(a, b) for a, b in zip(saved, lines) if a != b]
    for before, now in differ[:20]:
        print(f"- {before[:300]}\n+ {now[:300]}")
    if len(saved) != len(lines):
        print(f"record count differs: {len(saved)} saved, {len(lines)} now")
    print(f"{len(lines)} records compared, {len(differ)} differ")
    return 1 if differ or len(saved) != len(lines) else 0


if __name__ == "__main__":
    sys.exit(main())
