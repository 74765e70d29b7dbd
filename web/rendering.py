"""HTML rendering: the Jinja2 environment, its filters, and what every page knows about the site.

Every link in a template starts with `root`, the path the application is mounted under
(`serve --root-path /protokoll` behind a reverse proxy; empty when it answers at "/").
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from protokoll.web import query as url
from protokoll.web.markup import mark_snippet

HERE = Path(__file__).resolve().parent
DOC_TYPE_LABELS = {"protokoll": "Protokoll", "anteckningar": "Anteckningar", "rapport": "Rapport",
                   "tjänsteskrivelse": "Tjänsteskrivelse", "other": "Övrigt"}
MAX_CSV_ROWS = 50_000  # a page's CSV download is built in memory; more is `protokoll search --format csv`
FACET_LABELS = {"organisation": "Organisation", "body": "Organ", "year": "År", "topic": "Ämne", "doc_type": "Dokumenttyp"}


def root_path(request: Request) -> str:
    """The path prefix the application answers under, as the server was told ('' or '/protokoll')."""
    return request.scope.get("app_root_path", request.scope.get("root_path", "")).rstrip("/")


def site_context(request: Request) -> dict:
    """What every page needs: the link prefix, and the footer's line about this server."""
    return {"root": root_path(request), "server_line": getattr(request.app.state, "server_line", "")}


def iso_day(value) -> str:
    """A date or timestamp as YYYY-MM-DD, whatever the reader's locale; other text as it is.

    >>> iso_day("2024-09-16T08:12:00+00:00"), iso_day("2024-09-16"), iso_day(None), iso_day("2024")
    ('2024-09-16', '2024-09-16', '', '2024')
    """
    text = "" if value is None else str(value)
    return text[:10] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else text


def shown_facets(facets: dict | None) -> list[tuple[str, dict]]:
    """The facets worth a box: those the page can narrow by, without values counted zero.

    >>> shown_facets({"year": {"2024": 3, "2023": 0}, "topic": {"skola": 0}, "unknown": {"x": 1}})
    [('year', {'2024': 3})]
    """
    shown = [(name, {value: n for value, n in (counts or {}).items() if n})
             for name, counts in (facets or {}).items() if name in url.FACET_PARAMS]
    return [(name, counts) for name, counts in shown if counts]


@jinja2.pass_context
def search_url(context, params, **changes) -> str:
    """url.url_with under this site's prefix."""
    return context.get("root", "") + url.url_with(params, **changes)


@jinja2.pass_context
def case_url(context, written: str) -> str:
    """The case page of a case number, in any written form."""
    return context.get("root", "") + "/arende/" + url.case_path(written)


def build_templates() -> Jinja2Templates:
    # autoescape=True for every template, whatever its file name.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(mark=mark_snippet, doc_type=lambda value: DOC_TYPE_LABELS.get(value or "other", value),
                       day=iso_day, shown_facets=shown_facets)
    env.globals.update(url_with=search_url, case_url=case_url, query_string=url.query_string,
                       active_filters=url.active_filters, facet_params=url.FACET_PARAMS, facet_labels=FACET_LABELS,
                       max_csv_rows=MAX_CSV_ROWS)
    return Jinja2Templates(env=env, context_processors=[site_context])


templates = build_templates()


def page(request: Request, name: str, status: int = 200, **context) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)
