"""The HTML pages: search and browse, paragraph, whole document, case history, CSV downloads.

Everything shown comes from the index (index/views.py, index/search.py): what was analysed when
the index was built, never a fresh reading of the archive. Plain functions, not async: Starlette
runs them in worker threads, so a slow search does not hold up other requests on the event loop.
"""
from __future__ import annotations

import io
import math
import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from protokoll.archive import Archive
from protokoll.errors import BadQuery
from protokoll.index import export, views
from protokoll.index import search as index_search
from protokoll.index.filters import filter_choices
from protokoll.web import query as url
from protokoll.web.files import pdf_of
from protokoll.web.rendering import MAX_CSV_ROWS, page, root_path

PARAGRAPH_ID = re.compile(r"^[0-9A-Za-z._-]{1,100}$")  # loose: the id format is structure's to choose
MAX_CASE_NUMBER = 100


def page_routes(archive: Archive) -> list[Route]:
    def search_page(request: Request) -> Response:
        params = dict(request.query_params)
        search = url.search_request(params)  # BadQuery -> 400 page
        results, pages = None, []
        if search.query or index_search.has_filters(search):  # filters alone browse, newest first
            results = index_search.search(archive, search)
            last = max(1, math.ceil(results.total / search.limit))
            if search.page > last:  # an old bookmark after the archive shrank, or an edited URL
                return RedirectResponse(root_path(request) + url.url_with(params, sida=last if last > 1 else None),
                                        status_code=303)
            pages = url.page_numbers(search.page, last)
        return page(request, "search.html", params=params, search=search, results=results, pages=pages,
                    choices=filter_choices(archive))

    def paragraph_page(request: Request) -> Response:
        view = paragraph_view(archive, request.path_params["paragraph_id"])
        if view is None:
            raise HTTPException(404, "Det finns ingen paragraf med det id:t i indexet.")
        return page(request, "paragraph.html", p=view["paragraph"], doc=view["document"], previous=view["previous"],
                    next=view["next"], pdf=pdf_of(view["document"]),
                    back=request.headers.get("referer", "") if _from_search_page(request) else "")

    def document_page(request: Request) -> Response:
        document = document_view(archive, request.path_params["doc_id"])
        if document is None:
            raise HTTPException(404, "Det finns inget sådant dokument i indexet.")
        return page(request, "document.html", doc=document, pdf=pdf_of(document))

    def case_page(request: Request) -> Response:
        history = case_found(archive, request.path_params["number"])
        return page(request, "case.html", history=history, forms=written_forms(history),
                    csv_query=url.query_string({"nr": history["key"]}))

    def search_csv(request: Request) -> Response:
        search = url.search_request(dict(request.query_params))
        if not search.query and not index_search.has_filters(search):
            raise BadQuery("Skriv ett sökord eller välj ett filter: en CSV-fil med hela arkivet ges inte här.")
        results, hits = index_search.all_hits(archive, search)
        if results.total > MAX_CSV_ROWS:
            raise BadQuery(f"{results.total} träffar är för många för en CSV-fil härifrån (högst {MAX_CSV_ROWS}). "
                           "Avgränsa sökningen, eller använd 'protokoll search --format csv'.")
        return csv_response(hits, export.SEARCH_COLUMNS, "protokoll-sokning.csv")

    def case_csv(request: Request) -> Response:
        history = case_found(archive, request.query_params.get("nr", ""))
        return csv_response(history["paragraphs"], export.CASE_COLUMNS, f"arende-{url.case_path(history['key'])}.csv")

    return [Route("/", search_page, methods=["GET"]),
            Route("/paragraf/{paragraph_id}", paragraph_page, methods=["GET"]),
            Route("/dokument/{doc_id}", document_page, methods=["GET"]),
            Route("/arende/{number:path}", case_page, methods=["GET"]),
            Route("/sok.csv", search_csv, methods=["GET"]),
            Route("/arende.csv", case_csv, methods=["GET"])]


# -- the index's views, with what a URL may hold checked first (shared with the JSON API) ----------
def paragraph_view(archive: Archive, paragraph_id: str) -> dict | None:
    return views.paragraph_view(archive, paragraph_id) if PARAGRAPH_ID.match(paragraph_id) else None


def document_view(archive: Archive, doc_id: str) -> dict | None:
    """The document with this id, or with the one id that begins so (8 or more hex digits)."""
    found = views.find_document_id(archive, doc_id)  # BadQuery when a prefix fits several documents
    return views.document_view(archive, found) if found else None


def case_history(archive: Archive, number: str) -> dict:
    """The case history (no paragraphs when none carries the number; BadQuery when it is none)."""
    if len(number) > MAX_CASE_NUMBER:
        raise BadQuery(f"the case number is too long (at most {MAX_CASE_NUMBER} characters)")
    return views.case_history(archive, number)


def case_found(archive: Archive, number: str) -> dict:
    """The case history for a page; a 404 page when no paragraph carries the number."""
    history = case_history(archive, number)
    if not history["paragraphs"]:
        raise HTTPException(404, f"Ingen paragraf i indexet har diarienumret ”{number}”.")
    return history


def written_forms(history: dict) -> list[str]:
    """The ways the minutes write this case's number, in the order first met (oldest first)."""
    key = history["key"]
    forms = [form for row in history["paragraphs"] for form in row["case_numbers"] if url.case_key(form) == key]
    return list(dict.fromkeys(forms)) or [history["case_number"]]


def csv_response(rows, columns: tuple[str, ...], filename: str) -> Response:
    """A CSV download as `protokoll search --format csv` writes it (UTF-8 with BOM, `;`, CRLF)."""
    out = io.StringIO()
    export.write_csv(rows, columns, out)
    return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _from_search_page(request: Request) -> bool:
    """Did the reader come from a search on this site? Then "back" returns to those hits."""
    referer = request.headers.get("referer", "")
    return referer.startswith(f"{request.url.scheme}://{request.url.netloc}{root_path(request)}/?")
