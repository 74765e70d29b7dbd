"""Searching paragraphs; hits come back as plain dicts (the `search --json` contract)."""
from __future__ import annotations

from whoosh import highlight
from whoosh.qparser import MultifieldParser, OrGroup

from errors import BadQuery
from index.store import open_live
from ingest.archive import Archive

HIT_FIELDS = ("id", "source", "section", "title", "date", "organisation", "body", "doc_type", "page")


def search(archive: Archive, query: str, limit: int = 10) -> list[dict]:
    ix = open_live(archive)
    parser = MultifieldParser(["title", "text"], ix.schema, group=OrGroup.factory(0.9))
    try:
        parsed = parser.parse(query)
    except Exception as exc:
        raise BadQuery(f"cannot understand the query {query!r}: {exc}") from None
    with ix.searcher() as searcher:
        results = searcher.search(parsed, limit=limit)
        results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
        results.formatter = highlight.UppercaseFormatter()
        return [_hit(h) for h in results]


def _hit(hit) -> dict:
    stored = hit.fields()
    out = {name: stored.get(name) for name in HIT_FIELDS}
    out["doc_type"] = out["doc_type"] or "other"
    out["topics"] = [t for t in (stored.get("topics") or "").split(",") if t]
    out["is_decision"] = bool(stored.get("is_decision"))
    out["score"] = round(float(hit.score), 3)
    snippet = hit.highlights("text", top=2) or stored.get("text", "")[:200]
    out["snippet"] = " ".join(snippet.split())
    return out
