"""The web application: a read-only Starlette app over index.search and the archive.

Read-only by construction: every route is GET (HEAD), the index is only searched, and files
are looked up by document id in the archive's records, never by a path taken from the request.
Jinja2 autoescapes every value; snippets are escaped before their matches are marked.
"""
from __future__ import annotations

import logging
import math
import mimetypes
import re
import socket
import sys
from functools import lru_cache
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from whoosh.filedb.filestore import FileStorage

from protokoll.errors import BadQuery, ExitCode, IndexUnavailable, ProtokollError
from protokoll import pipeline
from protokoll.index import search as index_search
from protokoll.index.store import open_live
from protokoll.archive import Archive
from protokoll.web import query as url
from protokoll.web.markup import mark_snippet

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
DOC_ID = re.compile(r"^[0-9a-f]{64}$")
PARAGRAPH_ID = re.compile(r"^[0-9A-Za-z._-]{1,100}$")  # loose: the id format is structure's to choose
# Fields whose values fill the filter menus, read from the index's own term lists.
CHOICE_FIELDS = {"organisation": "organisation", "body": "body", "topic": "topics", "doc_type": "doc_type"}
DOC_TYPE_LABELS = {"protokoll": "Protokoll", "anteckningar": "Anteckningar", "rapport": "Rapport",
                   "tjänsteskrivelse": "Tjänsteskrivelse", "other": "Övrigt"}
FACET_LABELS = {"organisation": "Organisation", "body": "Organ", "year": "År", "topic": "Ämne", "doc_type": "Dokumenttyp"}
# Files we serve inline; anything else is offered as a download.
INLINE_TYPES = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8", ".png": "image/png",
                ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
# Python's names of the encodings ingest decodes text exports with, as HTTP labels them.
CHARSET_LABELS = {"utf-8": "utf-8", "cp1252": "windows-1252", "latin-1": "iso-8859-1", "cp850": "ibm850"}
# No scripts at all, and nothing from outside the machine.
CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

# autoescape=True for every template, whatever its file name.
templates = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                                   trim_blocks=True, lstrip_blocks=True))
templates.env.filters["mark"] = mark_snippet
templates.env.filters["doc_type"] = lambda value: DOC_TYPE_LABELS.get(value or "other", value)
templates.env.globals.update(url_with=url.url_with, active_filters=url.active_filters, facet_params=url.FACET_PARAMS, facet_labels=FACET_LABELS)


def create_app(archive: Archive) -> Starlette:
    # Plain functions, not async: Starlette runs them in worker threads, so a slow search
    # does not hold up other requests (files, style sheet) on the event loop.
    def search_page(request: Request) -> Response:
        params = dict(request.query_params)
        search = url.search_request(params)  # BadQuery -> 400 page
        results, pages = None, []
        if search.query:
            results = index_search.search(archive, search)
            last = max(1, math.ceil(results.total / search.limit))
            if search.page > last:  # an old bookmark after the archive shrank, or an edited URL
                return RedirectResponse(url.url_with(params, sida=last if last > 1 else None), status_code=303)
            pages = url.page_numbers(search.page, last)
        return page(request, "search.html", params=params, search=search, results=results, pages=pages,
                    choices=filter_choices(archive), missing_query=not search.query and url.has_filters(params))

    def paragraph_page(request: Request) -> Response:
        paragraph_id = request.path_params["paragraph_id"]
        fields = index_search.get_paragraph(archive, paragraph_id) if PARAGRAPH_ID.match(paragraph_id) else None
        if fields is None:
            raise HTTPException(404, "Det finns ingen paragraf med det id:t i indexet.")
        doc = archive.load(fields["doc_id"]) if archive.has(fields["doc_id"]) else None
        return page(request, "paragraph.html", p=fields, doc=doc, pdf=doc and archived_pdf(archive, doc),
                    meta=doc and pipeline.document_meta(doc),
                    topics=as_list(fields.get("topics")), case_numbers=as_list(fields.get("case_numbers")),
                    back=request.headers.get("referer", "") if _same_site(request) else "")

    async def original_file(request: Request) -> Response:
        doc = archived_document(archive, request.path_params["doc_id"])
        response = file_response(archive, doc.original, doc.source)
        encoding = doc.encoding or doc.triage.get("encoding")  # older records kept it in the triage only
        if encoding and response.media_type.startswith("text/plain"):  # the bytes as they came, labelled as read
            response.headers["content-type"] = f"text/plain; charset={CHARSET_LABELS.get(encoding, encoding)}"
        return response

    async def pdf_file(request: Request) -> Response:
        doc = archived_document(archive, request.path_params["doc_id"])
        pdf = archived_pdf(archive, doc)
        if pdf is None:
            raise HTTPException(404, "Dokumentet har ingen PDF i arkivet.")
        return file_response(archive, pdf, Path(doc.source).stem + ".pdf")

    routes = [
        Route("/", search_page, methods=["GET"]),
        Route("/paragraf/{paragraph_id}", paragraph_page, methods=["GET"]),
        Route("/original/{doc_id}", original_file, methods=["GET"]),
        Route("/pdf/{doc_id}", pdf_file, methods=["GET"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    handlers = {HTTPException: http_error, BadQuery: bad_query, ProtokollError: archive_error, Exception: server_error}
    return Starlette(routes=routes, exception_handlers=handlers, middleware=[Middleware(SecurityHeaders)])


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


def as_list(value) -> list[str]:
    """A stored multi-value field, whether the index gives a list or a comma-joined string.

    >>> as_list("skola,vård"), as_list(["skola"]), as_list(None)
    (['skola', 'vård'], ['skola'], [])
    """
    if isinstance(value, str):
        value = value.split(",")
    return [item for item in value or [] if item]


def page(request: Request, name: str, status: int = 200, **context) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


# -- archived files ----------------------------------------------------------------------
def archived_document(archive: Archive, doc_id: str):
    """The Document record for an id from the URL; 404 for anything that is not an archived id."""
    if not DOC_ID.match(doc_id) or not archive.has(doc_id):
        raise HTTPException(404, "Det finns inget sådant dokument i arkivet.")
    return archive.load(doc_id)


def archived_pdf(archive: Archive, doc) -> str | None:
    """The PDF to open at a page: the PDF/A copy, or a born-digital original PDF kept as it is."""
    if doc.archival:
        return doc.archival
    return doc.original if doc.original.lower().endswith(".pdf") else None


def file_response(archive: Archive, relative: str, filename: str) -> Response:
    """Serve a file named by an archive record, and only if it really lies inside the archive."""
    root = archive.root.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise HTTPException(404, "Filen saknas i arkivet.")
    media_type = INLINE_TYPES.get(path.suffix.lower())
    return FileResponse(path, media_type=media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                        filename=filename, content_disposition_type="inline" if media_type else "attachment")


# -- filter menus -----------------------------------------------------------------------
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


# -- error pages --------------------------------------------------------------------------
async def http_error(request: Request, exc: HTTPException) -> Response:
    titles = {404: "Sidan finns inte", 405: "Det går inte här"}
    message = exc.detail if exc.status_code != 405 else "Sidan går bara att läsa; inget kan ändras här."
    if exc.status_code == 404 and exc.detail == "Not Found":
        message = "Adressen finns inte. Börja om från söksidan."
    return page(request, "error.html", exc.status_code, title=titles.get(exc.status_code, "Fel"), message=message)


async def bad_query(request: Request, exc: BadQuery) -> Response:
    # Our own checks speak Swedish; the index's parser explains itself in English (as for the CLI).
    return page(request, "error.html", 400, title="Sökningen gick inte att förstå",
                message="Ändra sökfrågan eller filtren och sök igen.", detail=exc.message, params=dict(request.query_params))


async def archive_error(request: Request, exc: ProtokollError) -> Response:
    log.error("%s", exc.message)
    advice = "Indexet saknas eller går inte att läsa. Be den som sköter arkivet att köra 'protokoll reindex'." \
        if isinstance(exc, IndexUnavailable) else "Arkivet gick inte att läsa. Be den som sköter arkivet att titta på det."
    return page(request, "error.html", 503, title="Sökningen är inte tillgänglig", message=advice)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    return page(request, "error.html", 500, title="Något gick fel", message="Ett oväntat fel uppstod. Försök igen.")


def _same_site(request: Request) -> bool:
    referer = request.headers.get("referer", "")
    return referer.startswith(f"{request.url.scheme}://{request.url.netloc}/?")


# -- serving ------------------------------------------------------------------------------
class AddressInUse(ProtokollError):
    exit_code = ExitCode.usage


def check_port(host: str, port: int) -> None:
    """Fail with a one-line message before uvicorn would, if the address cannot be bound."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        raise AddressInUse(f"cannot listen on {host}:{port} ({exc.strerror or exc}): choose another --port or --host") from None


def serve(archive: Archive, host: str, port: int) -> None:
    import uvicorn

    open_live(archive)  # no index: say so now, not on the first request
    check_port(host, port)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"protokoll: note: listening on {host}, so other machines can reach the page", file=sys.stderr)
    print(f"protokoll: serving {archive.root} on http://{host}:{port}/ (read-only; Ctrl-C stops)", flush=True)
    uvicorn.run(create_app(archive), host=host, port=port, log_level="warning")
