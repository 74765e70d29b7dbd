"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

Written out by hand beside the routes (web/api.py): it is the contract people program
against, and tests/test_api_schema.py runs schemathesis against it over real HTTP.
"""
from __future__ import annotations

from protokoll.index.search import MAX_LIMIT
from protokoll.web.query import MAX_QUERY_CHARS

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Query parameters of /api/search: the names of `protokoll search`'s options.
SEARCH_PARAMETERS = {
    "q": ({"type": "string", "maxLength": MAX_QUERY_CHARS},
          "Query text (OCH/AND, ELLER/OR, INTE/NOT, \"phrases\", bredband*). Empty: filters alone, newest first."),
    "org": ({"type": "string"}, "Only this organisation (canonical name)."),
    "body": ({"type": "string"}, "Only this board or group."),
    "from": ({"type": "string", "pattern": DATE_PATTERN},
             "Only paragraphs dated on or after this day (YYYY-MM-DD; YYYY-MM and YYYY mean its first day)."),
    "to": ({"type": "string", "pattern": DATE_PATTERN},
           "Only paragraphs dated on or before this day (YYYY-MM-DD; YYYY-MM and YYYY mean its last day)."),
    "year": ({"type": "integer", "minimum": 1000, "maximum": 9999}, "Only paragraphs from this year."),
    "topic": ({"type": "string"}, "Only paragraphs with this topic."),
    "type": ({"type": "string"}, "Only this document type (protokoll, anteckningar, rapport, other)."),
    "decisions": ({"type": "boolean"}, "Only paragraphs that record a decision."),
    "sort": ({"type": "string", "enum": ["relevance", "date"], "default": "relevance"}, "Order of the hits."),
    "limit": ({"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10}, "Hits per page."),
    "page": ({"type": "integer", "minimum": 1, "maximum": 1000, "default": 1}, "Page of hits."),
}

STRINGS = {"type": "array", "items": {"type": "string"}}
NULLABLE_STRING = {"type": ["string", "null"]}
ERROR = {"type": "object", "required": ["error", "status"],
         "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}
HIT = {
    "type": "object",
    "required": ["id", "doc_id", "source", "title", "date", "organisation", "doc_type", "topics", "is_decision",
                 "score", "snippet", "snippet_spans"],
    "properties": {
        "id": {"type": "string"}, "doc_id": {"type": "string"}, "source": {"type": "string"},
        "section": NULLABLE_STRING, "title": NULLABLE_STRING, "date": NULLABLE_STRING,
        "organisation": NULLABLE_STRING, "body": NULLABLE_STRING, "doc_type": {"type": "string"},
        "page": {"type": ["integer", "null"]}, "topics": STRINGS, "is_decision": {"type": "boolean"},
        "case_numbers": STRINGS, "decision": NULLABLE_STRING,
        "score": {"type": ["number", "null"], "description": "Relevance; null when sorted by date."},
        "snippet": {"type": "string"},
        "snippet_spans": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
    },
}
FACETS = {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}}
SEARCH_RESULTS = {
    "type": "object", "required": ["query", "total", "hits", "facets", "suggestions", "any_word"],
    "properties": {"query": {"type": "string"}, "total": {"type": "integer"}, "hits": {"type": "array", "items": HIT},
                   "facets": FACETS, "suggestions": STRINGS,
                   "any_word": {"type": "boolean", "description": "No paragraph holds every word of the query: "
                                "the hits hold some of them, those with more and rarer words first."}},
}
PARAGRAPH = {
    "type": "object", "required": ["id", "doc_id", "text"],
    "properties": {"id": {"type": "string"}, "doc_id": {"type": "string"}, "text": {"type": "string"},
                   "title": NULLABLE_STRING, "section": NULLABLE_STRING, "date": NULLABLE_STRING,
                   "topics": STRINGS, "case_numbers": STRINGS, "references": STRINGS, "is_decision": {"type": "boolean"},
                   "decision": NULLABLE_STRING},
}
ENTRY = {  # a line of a table of contents, or a neighbour
    "type": ["object", "null"], "required": ["id", "ordinal", "section", "title", "page", "is_decision"],
    "properties": {"id": {"type": "string"}, "ordinal": {"type": ["integer", "null"]}, "section": NULLABLE_STRING,
                   "title": NULLABLE_STRING, "page": {"type": ["integer", "null"]}, "is_decision": {"type": "boolean"}},
}
DOCUMENT_FACTS = {
    "doc_id": {"type": "string"}, "source": {"type": "string"}, "date": NULLABLE_STRING,
    "organisation": NULLABLE_STRING, "body": NULLABLE_STRING, "doc_type": NULLABLE_STRING,
    "title": NULLABLE_STRING, "original": NULLABLE_STRING, "archival": NULLABLE_STRING,
    "present": STRINGS, "absent": STRINGS, "justerare": STRINGS, "next_meeting": NULLABLE_STRING,
}
PARAGRAPH_VIEW = {
    "type": "object", "required": ["paragraph", "previous", "next", "document"],
    "properties": {"paragraph": PARAGRAPH, "previous": ENTRY, "next": ENTRY,
                   "document": {"type": "object", "required": ["doc_id", "source", "paragraph_count"],
                                "properties": {**DOCUMENT_FACTS, "paragraph_count": {"type": "integer"}}}},
}
DOCUMENT_VIEW = {
    "type": "object", "required": ["doc_id", "source", "contents", "paragraphs"],
    "properties": {**DOCUMENT_FACTS, "contents": {"type": "array", "items": ENTRY},
                   "paragraphs": {"type": "array", "items": PARAGRAPH}},
}
CASE_ROW = {
    "type": "object", "required": ["id", "doc_id", "date", "organisation", "body", "section", "title", "decision"],
    "properties": {"id": {"type": "string"}, "doc_id": {"type": "string"}, "date": NULLABLE_STRING,
                   "organisation": NULLABLE_STRING, "body": NULLABLE_STRING, "section": NULLABLE_STRING,
                   "title": NULLABLE_STRING, "is_decision": {"type": "boolean"}, "decision": NULLABLE_STRING,
                   "case_numbers": STRINGS, "references": STRINGS, "source": {"type": "string"},
                   "page": {"type": ["integer", "null"]},
                   "cited": {"type": "boolean", "description": "The paragraph only refers to the case in its text."}},
}
CASE = {
    "type": "object", "required": ["case_number", "key", "total", "paragraphs"],
    "properties": {"case_number": {"type": "string"}, "key": {"type": "string"}, "total": {"type": "integer"},
                   "paragraphs": {"type": "array", "items": CASE_ROW}},
}
HEALTH = {
    "type": "object", "required": ["status", "documents", "paragraphs", "index_age_seconds"],
    "properties": {"status": {"type": "string", "enum": ["ok"]}, "index": {"type": "string"},
                   "documents": {"type": "integer"}, "paragraphs": {"type": "integer"},
                   "index_built_at": NULLABLE_STRING, "index_changed_at": {"type": "string"},
                   "index_age_seconds": {"type": "integer"}},
}


def json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {"400": json_response("A parameter is wrong; `error` says which and why.", ERROR),
          "503": json_response("The index is missing or unreadable: run `protokoll reindex`.", ERROR)}
NOT_FOUND = {"404": json_response("Nothing with that id or number in the index.", ERROR)}


def path_parameter(name: str, description: str, **schema) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "minLength": 1, **schema}}


def operation(operation_id: str, summary: str, ok: dict, parameters: list[dict], extra: dict | None = None,
              links: dict | None = None) -> dict:
    """A GET operation; `links` maps a link name to (operation id, {parameter: runtime expression})."""
    response = json_response("OK", ok)
    if links:
        response["links"] = {name: {"operationId": target, "parameters": parameters_of}
                             for name, (target, parameters_of) in links.items()}
    return {"get": {"operationId": operation_id, "summary": summary, "parameters": parameters,
                    "responses": {"200": response, **ERRORS, **(extra or {})}}}


def openapi_description(root_path: str = "") -> dict:
    """The description, with the server's own prefix (`serve --root-path`) as its base URL."""
    search_parameters = [{"name": name, "in": "query", "required": False, "description": text, "schema": schema}
                         for name, (schema, text) in SEARCH_PARAMETERS.items()]
    return {
        "openapi": "3.1.0",
        "info": {"title": "protokoll", "version": "1",
                 "description": "Read-only search of archived Swedish meeting minutes: paragraphs, documents, cases."},
        "servers": [{"url": root_path or "/"}],
        "paths": {
            "/api/search": operation(
                "search", "Search paragraphs, or list them by filters alone (newest first), with facets",
                SEARCH_RESULTS, search_parameters,
                links={"firstHitParagraph": ("paragraph", {"paragraph_id": "$response.body#/hits/0/id"}),
                       "firstHitDocument": ("document", {"doc_id": "$response.body#/hits/0/doc_id"})}),
            "/api/paragraphs/{paragraph_id}": operation(
                "paragraph", "One paragraph as the index holds it, its previous and next paragraph, and its document",
                PARAGRAPH_VIEW, [path_parameter("paragraph_id", "A paragraph id, as search hits give it.")], NOT_FOUND,
                links={"nextParagraph": ("paragraph", {"paragraph_id": "$response.body#/next/id"}),
                       "firstCase": ("case", {"diarienummer": "$response.body#/paragraph/case_numbers/0"})}),
            "/api/documents/{doc_id}": operation(
                "document", "A whole document: its metadata, table of contents and every paragraph in order",
                DOCUMENT_VIEW, [path_parameter("doc_id", "A document id (SHA-256), or its first 8 or more hex digits.")],
                NOT_FOUND),
            "/api/cases/{diarienummer}": operation(
                "case", "Every paragraph carrying a case number, in any written form, oldest first", CASE,
                [path_parameter("diarienummer", "A case number as the minutes write it, e.g. KS 2021/87 "
                                "(URL-encoded) or KS-2021-87.", pattern="[0-9]", maxLength=100)], NOT_FOUND),
            "/healthz": operation("health", "Index age and size, for monitoring", HEALTH, []),
        },
    }
