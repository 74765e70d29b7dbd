"""The HTML pages: search and browse, paragraph, document, case, and their CSV downloads.

Plain functions, not async: Starlette runs them in worker threads, so a slow search does not
hold up other requests (files, the style sheet) on the event loop.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from whoosh.filedb.filestore import FileStorage

from protokoll import pipeline
from protokoll.archive import Archive
from protokoll.index import search as index_search
from protokoll.index.store import open_live
from protokoll.web import query as url
from protokoll.web.files import archived_pdf
from protokoll.web.rendering import page, root_path

PARAGRAPH_ID = re.compile(r"^[0-9A-Za-z._-]{1,100}$")  # loose: the id format is structure's to choose
# Fields whose values fill the filter menus, read from the index's own term lists.
CHOICE_FIELDS = {"organisation": "organisation", "body": "body", "topic": "topics", "doc_type": "doc_type"}


def page_routes(archive: Archive) -> list[Route]:
    def search_page(request: Request) -> Response:
        params = dict(request.query_params)
        search = url.search_request(params)  # BadQuery -> 400 page
        results, pages = None, []
        if search.query:
            results = index_search.search(archive, search)
            last = max(1, math.ceil(results.total / search.limit))
            if search.page > last:  # an old bookmark after the archive shrank, or an edited URL
                return RedirectResponse(root_path(request) + url.url_with(params, sida=last if last > 1 else None),
                                        status_code=303)
            pages = url.page_numbers(search.page, last)
        return page(request, "search.html", params=params, search=search, results=results, pages=pages,
                    choices=filter_choices(archive), missing_query=not search.query and url.has_filters(params))

    def paragraph_page(request: Request) -> Response:
        paragraph_id = request.path_params["paragraph_id"]
        fields = index_search.get_paragraph(archive, paragraph_id) if PARAGRAPH_ID.match(paragraph_id) else None
        if fields is None:
            raise HTTPException(404, "Det finns ingen paragraf med det id:t i indexet.")
        doc = archive.load(fields["doc_id"]) if archive.has(fields["doc_id"]) else None
        return page(request, "paragraph.html", p=fields, doc=doc, pdf=doc and archived_pdf(doc),
                    meta=doc and pipeline.document_meta(doc),
                    topics=fields.get("topics") or [], case_numbers=fields.get("case_numbers") or [],
                    back=request.headers.get("referer", "") if _from_search_page(request) else "")

    return [Route("/", search_page, methods=["GET"]),
            Route("/paragraf/{paragraph_id}", paragraph_page, methods=["GET"])]


def filter_choices(archive: Archive) -> dict[str, list[str]]:
    """Values for the filter menus, from the live index's term lists (cached per index version)."""
    ix = open_live(archive)  # raises IndexUnavailable with the advice to reindex
    return _choices(str(archive.index_link.resolve()), ix.latest_generation())


@lru_cache(maxsize=4)
def _choices(index_dir: str, generation: int) -> dict[str, list[str]]:
    ix = FileStorage(index_dir, readonly=True).open_index()
    with ix.reader() as reader:
        return {name: sorted(str(term) for term in reader.field_terms(field)) if field in reader.indexed_field_names() else []
                for name, field in CHOICE_FIELDS.items()}


def _from_search_page(request: Request) -> bool:
    """Did the reader come from a search on this site? Then "back" returns to those hits."""
    referer = request.headers.get("referer", "")
    return referer.startswith(f"{request.url.scheme}://{request.url.netloc}{root_path(request)}/?")
