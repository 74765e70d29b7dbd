"""Archived files over HTTP: found by document id in the archive's records, never by a path
taken from the request, and served only if they really lie inside the archive."""
from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from protokoll.archive import Archive

DOC_ID = re.compile(r"^[0-9a-f]{64}$")
# Files we serve inline; anything else is offered as a download.
INLINE_TYPES = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8", ".png": "image/png",
                ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
# Python's names of the encodings ingest decodes text exports with, as HTTP labels them.
CHARSET_LABELS = {"utf-8": "utf-8", "cp1252": "windows-1252", "latin-1": "iso-8859-1", "cp850": "ibm850"}


def file_routes(archive: Archive) -> list[Route]:
    async def original_file(request: Request) -> Response:
        doc = archived_document(archive, request.path_params["doc_id"])
        response = file_response(archive, doc.original, doc.source)
        encoding = doc.encoding or doc.triage.get("encoding")  # older records kept it in the triage only
        if encoding and response.media_type.startswith("text/plain"):  # the bytes as they came, labelled as read
            response.headers["content-type"] = f"text/plain; charset={CHARSET_LABELS.get(encoding, encoding)}"
        return response

    async def pdf_file(request: Request) -> Response:
        doc = archived_document(archive, request.path_params["doc_id"])
        pdf = pdf_of({"archival": doc.archival, "original": doc.original})
        if pdf is None:
            raise HTTPException(404, "Dokumentet har ingen PDF i arkivet.")
        return file_response(archive, pdf, Path(doc.source).stem + ".pdf")

    return [Route("/original/{doc_id}", original_file, methods=["GET"]),
            Route("/pdf/{doc_id}", pdf_file, methods=["GET"])]


def archived_document(archive: Archive, doc_id: str):
    """The Document record for an id from the URL; 404 for anything that is not an archived id."""
    if not DOC_ID.match(doc_id) or not archive.has(doc_id):
        raise HTTPException(404, "Det finns inget sådant dokument i arkivet.")
    return archive.load(doc_id)


def pdf_of(document: dict) -> str | None:
    """The PDF to open at a page: the PDF/A copy, or a born-digital original PDF kept as it is
    (`document`: a record's or the index's "archival" and "original").

    >>> pdf_of({"archival": None, "original": "originals/ab.pdf"}), pdf_of({"original": "originals/ab.txt"})
    ('originals/ab.pdf', None)
    """
    if document.get("archival"):
        return document["archival"]
    original = document.get("original") or ""
    return original if original.lower().endswith(".pdf") else None


def file_response(archive: Archive, relative: str, filename: str) -> Response:
    """Serve a file named by an archive record, and only if it really lies inside the archive."""
    root = archive.root.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise HTTPException(404, "Filen saknas i arkivet.")
    media_type = INLINE_TYPES.get(path.suffix.lower())
    return FileResponse(path, media_type=media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                        filename=filename, content_disposition_type="inline" if media_type else "attachment")
