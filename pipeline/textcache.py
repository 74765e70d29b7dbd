"""A cache of normalised page texts, so a reindex repeats normalisation only when it changed.

Entries live in `<archive>/cache/normalised/<fingerprint>/<doc_id>.json`. The fingerprint is a
hash of the normaliser's code and of the data files it may read (everything under data/ but the
samples), so editing a lexicon or the normaliser starts a fresh cache, and a reindex then
repairs every document again with the current code. The archive's raw text stays the source
of truth: the cache can be deleted at any time.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Callable

from protokoll import normalize
from protokoll.datafiles import DATA_DIR, SAMPLES_DIR
from protokoll.archive import Archive, write_atomically
from protokoll.records import Document


@lru_cache(maxsize=1)
def normaliser_fingerprint() -> str:
    digest = hashlib.sha256(str(getattr(normalize, "VERSION", "")).encode())
    code_dir = Path(normalize.__file__).parent
    files = [p for p in code_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    if DATA_DIR.is_dir():
        files += [p for p in DATA_DIR.rglob("*") if p.is_file() and SAMPLES_DIR not in p.parents]
    for path in sorted(files):
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class NormalisedCache:
    def __init__(self, archive: Archive, learned: str = ""):
        """`learned`: a digest of what the normaliser learned from the archive (see pipeline.learning_from)."""
        self.root = archive.root / "cache" / "normalised"
        self.dir = self.root / "-".join(filter(None, (normaliser_fingerprint(), learned)))
        self.hits = 0
        self.misses = 0

    def pages(self, doc: Document, repair: Callable[[str], str]) -> list[str]:
        """The repaired pages of `doc`, from the cache or repaired now and cached."""
        path = self.dir / f"{doc.id}.json"
        try:
            pages = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(pages, list) and len(pages) == len(doc.pages):
                self.hits += 1
                return pages
        except (OSError, ValueError):
            pass  # missing or damaged entry: repair again
        self.misses += 1
        pages = [repair(page) for page in doc.pages]
        write_atomically(path, json.dumps(pages, ensure_ascii=False).encode("utf-8"))
        return pages

    def drop_other_versions(self) -> None:
        """Remove caches made by other normaliser versions (called after a full reindex)."""
        if self.root.is_dir():
            for path in self.root.iterdir():
                if path.is_dir() and path != self.dir:
                    shutil.rmtree(path, ignore_errors=True)
