"""Where the live index is, and how a new one replaces it.

The live index is `<archive>/index`, a symlink to `indexes/<stamp>`. A rebuild writes a
new directory and then swaps the symlink with one rename, so readers see either the old
index or the new one, never a half-built one. A missing or unreadable index is an error,
never silently recreated.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Iterable

from whoosh import index as whoosh_index

from errors import IndexUnavailable
from index.schema import paragraph_schema
from ingest.archive import Archive
from records import Paragraph


def to_fields(p: Paragraph) -> dict:
    fields = {
        "id": p.id,
        "doc_id": p.doc_id,
        "source": p.source,
        "ordinal": p.ordinal,
        "title": p.title or "",
        "text": p.text,
        "page": p.page,
        "topics": ",".join(p.topics),
        "is_decision": p.is_decision,
        "decision": p.decision,
        "case_numbers": ",".join(p.case_numbers),
        "organisation_as_written": p.organisation_as_written,
    }
    for name in ("section", "date", "organisation", "body", "doc_type"):
        value = getattr(p, name)
        if value:
            fields[name] = value
    if p.date:
        fields["year"] = int(p.date[:4])
    return fields


def open_live(archive: Archive):
    link = archive.index_link
    if not link.exists():
        raise IndexUnavailable(f"there is no index in {archive.root}: run 'protokoll reindex' to build it")
    try:
        return whoosh_index.open_dir(str(link))
    except Exception as exc:  # Whoosh raises many kinds; all mean the same to the user
        raise IndexUnavailable(f"the index in {link} is unreadable ({type(exc).__name__}): run 'protokoll reindex'") from None


def build(archive: Archive, paragraphs: Iterable[Paragraph]) -> Path:
    """Write a complete new index from `paragraphs`, then make it the live one."""
    indexes = archive.root / "indexes"
    indexes.mkdir(parents=True, exist_ok=True)
    target = indexes / time.strftime("%Y%m%dT%H%M%S") 
    target = Path(f"{target}-{os.getpid()}")
    target.mkdir()
    ix = whoosh_index.create_in(str(target), paragraph_schema())
    with ix.writer() as writer:
        for p in paragraphs:
            writer.add_document(**to_fields(p))
    switch_to(archive, target)
    return target


def switch_to(archive: Archive, target: Path) -> None:
    """Point the index symlink at `target` with one atomic rename; drop the old directory."""
    link = archive.index_link
    old = link.resolve() if link.is_symlink() else None
    tmp_link = archive.root / f".index-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(target.relative_to(archive.root))
    os.replace(tmp_link, link)
    if old and old != target.resolve() and old.is_dir():
        shutil.rmtree(old, ignore_errors=True)


def add(archive: Archive, paragraphs: list[Paragraph]) -> None:
    """Add or replace paragraphs in the live index (builds one if there is none yet)."""
    if not archive.index_link.exists():
        build(archive, paragraphs)
        return
    ix = open_live(archive)
    with ix.writer() as writer:
        for p in paragraphs:
            writer.update_document(**to_fields(p))
