"""The read-only JSON API, on the same server as the pages.

    GET /api/search                   the parameters and the JSON of `protokoll search --json`
    GET /api/paragraphs/{id}          one paragraph in its place, as `protokoll show ID --json`
    GET /api/documents/{doc_id}       a whole document, as `protokoll show DOC_ID --json`
    GET /api/cases/{diarienummer}     a case history, as `protokoll case NUMBER --json`
    GET /healthz                      index age and document count, for monitoring
    GET /api/openapi.json      the OpenAPI description of all of them

Parameters are checked before anything is searched; a bad one is a 400 with a JSON error
naming it, never a 500. Messages are in English, as the command line's are.
"""
from __future__ import annotations

import re
import time
from datetime import datetime, timezone

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from protokoll.archive import Archive
from protokoll.errors import BadQuery
from protokoll.index import export
from protokoll.index import search as index_search
from protokoll.index.search import MAX_LIMIT, SearchRequest
from protokoll.index.searchers import live_searcher
from protokoll.index.store import index_info, live_dir, reading_errors
from protokoll.web.openapi import DATE_PATTERN, SEARCH_PARAMETERS, openapi_description
from protokoll.web.query import MAX_QUERY_CHARS
from protokoll.web.pages import case_history, document_view, paragraph_view
from protokoll.web.rendering import root_path

MAX_PAGE = 1000
DATE_FORM = re.compile(DATE_PATTERN)


def api_routes(archive: Archive) -> list[Route]:
    def search(request: Request) -> Response:
        search_request = api_search_request(request.query_params)
        results = index_search.search(archive, search_request)
        return JSONResponse({**export.search_head(search_request.query, results), "hits": results.hits})

    def paragraph(request: Request) -> Response:
        view = paragraph_view(archive, request.path_params["paragraph_id"])
        if view is None:
            raise HTTPException(404, f"no paragraph {request.path_params['paragraph_id']!r} in the index")
        return JSONResponse(view)

    def document(request: Request) -> Response:
        view = document_view(archive, request.path_params["doc_id"])
        if view is None:
            raise HTTPException(404, f"no document {request.path_params['doc_id']!r} in the index")
        return JSONResponse(view)

    def case(request: Request) -> Response:
        history = case_history(archive, request.path_params["diarienummer"])
        if not history["paragraphs"]:
            raise HTTPException(404, f"no paragraph carries case number {history['case_number']!r}")
        return JSONResponse({"case_number": history["case_number"], "key": history["key"],
                             "total": len(history["paragraphs"]), "paragraphs": history["paragraphs"]})

    def health(request: Request) -> Response:
        return JSONResponse(index_health(archive))

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_description(root_path(request)))

    return [Route("/api/search", search, methods=["GET"]),
            Route("/api/paragraphs/{paragraph_id}", paragraph, methods=["GET"]),
            Route("/api/documents/{doc_id}", document, methods=["GET"]),
            Route("/api/cases/{diarienummer:path}", case, methods=["GET"]),
            Route("/api/openapi.json", openapi, methods=["GET"]),
            Route("/healthz", health, methods=["GET"])]


def api_search_request(params) -> SearchRequest:
    """A SearchRequest from the API's query parameters, the names of `protokoll search`'s options.
    Stricter than a form: every value must be what the OpenAPI description says it is."""
    unknown = sorted(set(params.keys()) - set(SEARCH_PARAMETERS))
    if unknown:
        raise BadQuery(f"unknown parameter {unknown[0]!r}: use {', '.join(SEARCH_PARAMETERS)}")
    query = params.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        raise BadQuery(f"q is too long: at most {MAX_QUERY_CHARS} characters")
    decisions = params.get("decisions", "false")
    if decisions not in ("true", "false"):
        raise BadQuery(f"decisions must be true or false, not {decisions!r}")
    sort = params.get("sort", "relevance")
    if sort not in ("relevance", "date"):
        raise BadQuery(f"sort must be 'relevance' or 'date', not {sort!r}")
    for name in ("from", "to"):
        if params.get(name) and not DATE_FORM.fullmatch(params[name]):
            raise BadQuery(f"{name} must be a date written YYYY-MM-DD (or YYYY-MM, YYYY), not {params[name]!r}")
    request = SearchRequest(
        query=query.strip(),
        organisation=params.get("org") or None, body=params.get("body") or None,
        topic=params.get("topic") or None, doc_type=params.get("type") or None,
        date_from=params.get("from") or None, date_to=params.get("to") or None,
        year=_integer(params, "year", 1000, 9999), decisions_only=decisions == "true", sort=sort,
        limit=_integer(params, "limit", 1, MAX_LIMIT) or 10, page=_integer(params, "page", 1, MAX_PAGE) or 1)
    index_search.check_request(request)  # a query or a filter; the filters are checked by the search
    return request


def _integer(params, name: str, low: int, high: int) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise BadQuery(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


def index_health(archive: Archive) -> dict:
    """What a monitor wants to know: is the index readable, how old is it, how much does it hold."""
    path = live_dir(archive)  # IndexUnavailable -> 503
    with reading_errors(path):
        searcher = live_searcher(archive)
        paragraphs = searcher.doc_count()
        documents = len(list(searcher.reader().lexicon("doc_id")))
        changed = max(f.stat().st_mtime for f in path.glob("*.toc"))  # the last commit: a reindex or an ingest
    return {"status": "ok", "index": path.name, "documents": documents, "paragraphs": paragraphs,
            "index_built_at": index_info(path).get("built_at"),
            "index_changed_at": datetime.fromtimestamp(changed, timezone.utc).isoformat(timespec="seconds"),
            "index_age_seconds": round(time.time() - changed)}
