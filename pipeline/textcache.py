"""A cache of normalised page texts, so a reindex repeats normalisation only when it changed.

Entries live in `<archive>/cache/normalised/<key>/<doc_id>.json`. The key is a digest of all
that decides what the normaliser writes, and nothing else (`cache_key`):

- its code: the source files of normalize/;
- its data: every file under data/normalize/;
- its inputs from outside: the wordfreq version and the hunspell dictionary (sv_SE.dic and
  .aff, as the lexicon cache reads them), and the version of the language detector (Lingua,
  whose models ship in its wheel);
- its settings: the normaliser's Config and its list of steps (the pipeline keeps the defaults,
  but a normaliser built otherwise must not read their pages);
- what it learned from the archive: a digest of the archive's clean pages.

So an edited lexicon, a hunspell-sv or wordfreq upgrade, or new clean documents start a fresh
cache, and a reindex repairs every document again; an edit elsewhere (the gazetteer, the
structure stage) keeps it. The archive's raw text stays the source of truth: the cache can be
deleted at any time.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable

from protokoll import normalize
from protokoll.archive import Archive, write_atomically
from protokoll.normalize import DEFAULT, STEPS, Config, Step, lexicon
from protokoll.records import Document

CODE_DIR = Path(normalize.__file__).parent


@dataclass(frozen=True)
class KeyInputs:
    """Where the normaliser's inputs are; the defaults are this installation's."""

    code_dir: Path = CODE_DIR
    data_dir: Path = lexicon.NORMALIZE_DATA
    wordfreq_version: str = field(default_factory=lambda: _version("wordfreq"))
    dictionary: tuple[Path, ...] = (lexicon.WORD_FORMS_DIC, lexicon.WORD_FORMS_DIC.with_suffix(".aff"))
    language_detector_version: str = field(default_factory=lambda: _version("lingua-language-detector"))


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "missing"


def cache_key(learned: str = "", inputs: KeyInputs | None = None, config: Config = DEFAULT,
              steps: tuple[Step, ...] = STEPS) -> str:
    """The digest that names a cache: the normaliser's code, data, outside inputs, settings and
    `learned` (the digest of the archive's clean pages, see pipeline.learned_from)."""
    inputs = inputs or KeyInputs()
    digest = hashlib.sha256()
    for label, root, pattern in (("code", inputs.code_dir, "*.py"), ("data", inputs.data_dir, "*")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            _add(digest, f"{label}/{path.relative_to(root).as_posix()}", path.read_bytes())
    _add(digest, "wordfreq", inputs.wordfreq_version.encode())
    for path in inputs.dictionary:
        _add(digest, f"dictionary/{path.name}", path.read_bytes() if path.exists() else b"missing")
    _add(digest, "language detector", inputs.language_detector_version.encode())
    _add(digest, "config", repr(config).encode())
    _add(digest, "steps", repr([(s.name, s.find.__module__, s.find.__qualname__, s.legacy_only) for s in steps]).encode())
    _add(digest, "learned", learned.encode())
    return digest.hexdigest()[:16]


def _add(digest, name: str, data: bytes) -> None:
    """One named input: its name and length first, so no two inputs run together."""
    digest.update(f"{name}\0{len(data)}\0".encode())
    digest.update(data)


class NormalisedCache:
    def __init__(self, archive: Archive, key: str):
        """`key`: cache_key() of the normaliser that repairs the pages."""
        self.root = archive.root / "cache" / "normalised"
        self.dir = self.root / key
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
