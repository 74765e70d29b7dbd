"""The web application: read-only pages and a JSON API over the index and the archive.

Read-only by construction: every route is GET (HEAD), the index is only searched, and files
are looked up by document id in the archive's records, never by a path taken from the request.
Jinja2 autoescapes every value; snippets are escaped before their matches are marked.

    pages.py    the HTML pages (search and browse, paragraph, document, case, CSV)
    api.py      the JSON API and /healthz; openapi.py describes it
    files.py    original files and archival PDFs
    serving.py  `protokoll serve`, the app factory for uvicorn, the access log
"""
from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from protokoll.archive import Archive
from protokoll.errors import BadQuery, FilterError, IndexUnavailable, ProtokollError
from protokoll.index.filters import checked_date, fold
from protokoll.web.api import api_routes
from protokoll.web.files import file_routes
from protokoll.web.pages import page_routes
from protokoll.web import query as url
from protokoll.web.rendering import HERE, page, root_path, templates  # noqa: F401  (templates: for tests)

log = logging.getLogger(__name__)

# No scripts at all, and nothing from outside the machine.
CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"


def create_app(archive: Archive, server_line: str = "") -> Starlette:
    """The application over `archive`; `server_line` is the footer's word on what serves it."""
    routes = [*page_routes(archive), *api_routes(archive), *file_routes(archive),
              Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")]
    handlers = {HTTPException: http_error, BadQuery: bad_query, ProtokollError: archive_error, Exception: server_error}
    app = Starlette(routes=routes, exception_handlers=handlers, middleware=[Middleware(SecurityHeaders)])
    app.state.server_line = server_line
    return app


class SecurityHeaders:
    """ASGI middleware: no MIME sniffing on any response, and the no-script CSP on HTML pages."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = CSP
            await send(message)

        await self.app(scope, receive, send_with_headers)


# -- errors: a JSON body for the API, a Swedish page for people -----------------------------
def wants_json(request: Request) -> bool:
    path = request.url.path[len(root_path(request)):]
    return path.startswith("/api/") or path == "/healthz"


def json_error(status: int, message: str, **more) -> Response:
    return JSONResponse({"error": message, "status": status, **more}, status_code=status)


async def http_error(request: Request, exc: HTTPException) -> Response:
    if wants_json(request):
        standard = {404: "no such resource", 405: "the API is read-only: use GET"}.get(exc.status_code, exc.detail)
        response = json_error(exc.status_code, standard if exc.detail in ("Not Found", "Method Not Allowed") else exc.detail)
    else:
        titles = {404: "Sidan finns inte", 405: "Det går inte här"}
        message = exc.detail if exc.status_code != 405 else "Sidan går bara att läsa; inget kan ändras här."
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = "Adressen finns inte. Börja om från söksidan."
        response = page(request, "error.html", exc.status_code, title=titles.get(exc.status_code, "Fel"), message=message)
    response.headers.update(exc.headers or {})  # a 405's Allow: GET, HEAD
    return response


async def bad_query(request: Request, exc: BadQuery) -> Response:
    if wants_json(request):
        more = {"parameter": exc.what, "nearest": exc.nearest} if isinstance(exc, FilterError) else {}
        return json_error(400, exc.message, **more)
    params = dict(request.query_params)
    # Our own checks speak Swedish; the index's parser explains itself in English (as for the CLI).
    detail, param = (filter_problem(exc), url.FILTER_PARAMS.get(exc.what)) if isinstance(exc, FilterError) else (exc.message, None)
    nearest = [(value, url.url_with(params, **{param: value})) for value in exc.nearest] if param else []
    return page(request, "error.html", 400, title="Sökningen gick inte att förstå",
                message="Ändra sökfrågan eller filtren och sök igen.", detail=detail, nearest=nearest, params=params)


def filter_problem(exc: FilterError) -> str:
    """What is wrong with a filter, in Swedish (the index's message is in English, for the CLI)."""
    label = url.FILTER_LABELS.get(url.FILTER_PARAMS.get(exc.what, ""), exc.what)
    if exc.what in ("date_from", "date_to"):
        if is_date(exc.value):  # a real date, so the range runs backwards
            return "Från-datum ligger efter till-datum."
        return f"{label} ”{exc.value}” är inget datum; skriv det som ÅÅÅÅ-MM-DD, t.ex. 2024-09-16."
    if exc.what == "year":
        return f"{label} ”{exc.value}” är inget årtal."
    if exc.nearest and all(fold(value) == fold(exc.value) for value in exc.nearest):
        return f"{label} ”{exc.value}” kan vara flera värden i indexet; välj ett:"
    return f"Indexet har inget värde ”{exc.value}” för {label.lower()}." + (" Närmast:" if exc.nearest else "")


def is_date(value: str) -> bool:
    try:
        return checked_date(value, "date") is not None
    except FilterError:
        return False


async def archive_error(request: Request, exc: ProtokollError) -> Response:
    log.error("%s", exc.message)
    if wants_json(request):
        return json_error(503, exc.message)
    advice = "Indexet saknas eller går inte att läsa. Be den som sköter arkivet att köra 'protokoll reindex'." \
        if isinstance(exc, IndexUnavailable) else "Arkivet gick inte att läsa. Be den som sköter arkivet att titta på det."
    return page(request, "error.html", 503, title="Sökningen är inte tillgänglig", message=advice)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    if wants_json(request):
        return json_error(500, "unexpected server error")
    return page(request, "error.html", 500, title="Något gick fel", message="Ett oväntat fel uppstod. Försök igen.")
