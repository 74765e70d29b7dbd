"""Searching paragraphs. Requests and results are plain records; hits are plain dicts
(the `search --json` contract), so the CLI and the web page render the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import highlight
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import And, Term, TermRange

from errors import BadQuery
from index.store import open_live
from ingest.archive import Archive

HIT_FIELDS = ("id", "doc_id", "source", "section", "title", "date", "organisation", "body", "doc_type", "page")


@dataclass
class SearchRequest:
    query: str
    organisation: str | None = None
    body: str | None = None
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None
    year: int | None = None
    topic: str | None = None
    doc_type: str | None = None
    decisions_only: bool = False
    sort: str = "relevance"  # or "date"
    limit: int = 10
    page: int = 1  # 1-based page of `limit` hits


@dataclass
class SearchResults:
    hits: list[dict]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)  # did-you-mean, when nothing is found


def search(archive: Archive, request: SearchRequest | str, limit: int = 10) -> SearchResults:
    if isinstance(request, str):
        request = SearchRequest(request, limit=limit)
    ix = open_live(archive)
    parser = MultifieldParser(["title", "text"], ix.schema, group=OrGroup.factory(0.9))
    try:
        parsed = parser.parse(request.query)
    except Exception as exc:
        raise BadQuery(f"cannot understand the query {request.query!r}: {exc}") from None
    filters = _filters(request)
    with ix.searcher() as searcher:
        results = searcher.search_page(
            parsed, max(1, request.page), pagelen=request.limit,
            filter=And(filters) if filters else None,
            sortedby="date" if request.sort == "date" else None, reverse=request.sort == "date",
        )
        results.results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
        results.results.formatter = _SpanFormatter()
        return SearchResults(hits=[_hit(h) for h in results], total=len(results))


def get_paragraph(archive: Archive, paragraph_id: str) -> dict | None:
    """The stored fields of one paragraph, or None."""
    ix = open_live(archive)
    with ix.searcher() as searcher:
        fields = searcher.document(id=paragraph_id)
    return dict(fields) if fields else None


def _filters(request: SearchRequest) -> list:
    terms = []
    for name, value in (("organisation", request.organisation), ("body", request.body),
                        ("doc_type", request.doc_type), ("topics", request.topic)):
        if value:
            terms.append(Term(name, value))
    if request.decisions_only:
        terms.append(Term("is_decision", True))
    if request.year:
        terms.append(Term("year", request.year))
    if request.date_from or request.date_to:
        terms.append(TermRange("date", request.date_from, request.date_to))
    return terms


class _SpanFormatter(highlight.Formatter):
    """Wraps matched terms in \\x02...\\x03 so renderers can mark them after escaping the text."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return "\x02" + highlight.get_text(text, token, replace) + "\x03"


def snippet_spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Split a marked snippet into plain text and the (start, end) spans of matched terms.

    >>> snippet_spans("om \\x02beslut\\x03 i  frågan")
    ('om beslut i frågan', [(3, 9)])
    """
    marked = " ".join(marked.split())
    plain, spans, start = [], [], None
    for ch in marked:
        if ch == "\x02":
            start = sum(map(len, plain))
        elif ch == "\x03" and start is not None:
            spans.append((start, sum(map(len, plain))))
            start = None
        else:
            plain.append(ch)
    return "".join(plain), spans


def _hit(hit) -> dict:
    stored = hit.fields()
    out = {name: stored.get(name) for name in HIT_FIELDS}
    out["doc_type"] = out["doc_type"] or "other"
    out["topics"] = [t for t in (stored.get("topics") or "").split(",") if t]
    out["is_decision"] = bool(stored.get("is_decision"))
    out["score"] = round(float(hit.score), 3)
    marked = hit.highlights("text", top=2) or stored.get("text", "")[:200]
    out["snippet"], out["snippet_spans"] = snippet_spans(marked)
    return out
