"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

Written out by hand beside the routes (web/api.py): it is the contract people program
against, and tests/test_api_schema.py runs schemathesis against it over real HTTP.
"""
from __future__ import annotations

from protokoll.index.search import MAX_LIMIT

# Query parameters of /api/search: the names of `protokoll search`'s options.
SEARCH_PARAMETERS = {
    "q": ({"type": "string", "maxLength": 500},
          "Query text (OCH/AND, ELLER/OR, INTE/NOT, \"phrases\", bredband*). Empty: filters alone, newest first."),
    "org": ({"type": "string"}, "Only this organisation (canonical name)."),
    "body": ({"type": "string"}, "Only this board or group."),
    "from": ({"type": "string", "format": "date"}, "Only paragraphs dated on or after this day (YYYY-MM-DD)."),
    "to": ({"type": "string", "format": "date"}, "Only paragraphs dated on or before this day (YYYY-MM-DD)."),
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
        "score": {"type": "number"}, "snippet": {"type": "string"},
        "snippet_spans": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
    },
}
FACETS = {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}}
SEARCH_RESULTS = {
    "type": "object", "required": ["query", "total", "hits", "facets", "suggestions"],
    "properties": {"query": {"type": "string"}, "total": {"type": "integer"}, "hits": {"type": "array", "items": HIT},
                   "facets": FACETS, "suggestions": STRINGS},
}
PARAGRAPH = {
    "type": "object", "required": ["id", "doc_id", "text"],
    "properties": {"id": {"type": "string"}, "doc_id": {"type": "string"}, "text": {"type": "string"},
                   "title": NULLABLE_STRING, "section": NULLABLE_STRING, "date": NULLABLE_STRING,
                   "topics": STRINGS, "case_numbers": STRINGS, "is_decision": {"type": "boolean"},
                   "decision": NULLABLE_STRING},
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


def path_parameter(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "minLength": 1}}


def operation(summary: str, ok: dict, parameters: list[dict], extra: dict | None = None) -> dict:
    return {"get": {"summary": summary, "parameters": parameters,
                    "responses": {"200": json_response("OK", ok), **ERRORS, **(extra or {})}}}


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
            "/api/search": operation("Search paragraphs, or list them by filters alone (newest first), with facets",
                                     SEARCH_RESULTS, search_parameters),
            "/api/paragraphs/{paragraph_id}": operation(
                "One paragraph as the index holds it", {"type": "object", "required": ["paragraph"],
                                                        "properties": {"paragraph": PARAGRAPH}},
                [path_parameter("paragraph_id", "A paragraph id, as search hits give it.")], NOT_FOUND),
            "/healthz": operation("Index age and size, for monitoring", HEALTH, []),
        },
    }
