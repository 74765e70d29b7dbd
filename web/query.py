"""The search lives in the URL: query parameters <-> SearchRequest, and links that change one of them.

Parameter names are short Swedish words, so a bookmarked or shared address reads naturally:
    /?q=bredband&org=Region+Jämtland+Härjedalen&fran=2024-01-01&beslut=1&sida=2
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from protokoll.errors import BadQuery
from protokoll.index.search import SearchRequest
from protokoll.records import case_key

PAGE_SIZE = 10
MAX_QUERY_CHARS = 500
MAX_PAGE = 1000

# URL parameter -> SearchRequest field, for the plain text filters.
TEXT_FILTERS = {"org": "organisation", "organ": "body", "amne": "topic", "typ": "doc_type"}
# Facet name in SearchResults.facets -> the URL parameter that narrows to it.
FACET_PARAMS = {"organisation": "org", "body": "organ", "year": "ar", "topic": "amne", "doc_type": "typ"}
FILTER_LABELS = {"org": "Organisation", "organ": "Organ", "amne": "Ämne", "typ": "Dokumenttyp",
                 "fran": "Från", "till": "Till", "ar": "År", "beslut": "Bara beslut"}
# SearchRequest field -> URL parameter, to point at the filter index/filters.py found wrong.
FILTER_PARAMS = {**{field: param for param, field in TEXT_FILTERS.items()},
                 "date_from": "fran", "date_to": "till", "year": "ar"}
SORTS = {"relevans": "relevance", "datum": "date"}


def search_request(params) -> SearchRequest:
    """Build a SearchRequest from the URL's query parameters; BadQuery (Swedish) when one is wrong."""
    query = params.get("q", "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise BadQuery(f"Sökfrågan är för lång (högst {MAX_QUERY_CHARS} tecken).")
    sort = params.get("sort") or "relevans"
    if sort not in SORTS:
        raise BadQuery("Okänd sortering: välj relevans eller datum.")
    # Filter values and dates are checked against the index by the search itself
    # (index/filters.py), as for `protokoll search`; FilterError names the nearest values.
    request = SearchRequest(
        query=query,
        date_from=params.get("fran", "").strip() or None,
        date_to=params.get("till", "").strip() or None,
        year=_number(params.get("ar"), "Året", 1000, 9999),
        decisions_only=params.get("beslut") in ("1", "on", "ja"),
        sort=SORTS[sort],
        limit=PAGE_SIZE,
        page=_number(params.get("sida"), "Sidnumret", 1, MAX_PAGE) or 1,
    )
    for param, field in TEXT_FILTERS.items():
        setattr(request, field, params.get(param, "").strip() or None)
    return request


def active_filters(params) -> list[tuple[str, str, str]]:
    """(parameter, label, value) of each filter set in the URL, to show and remove one by one.

    >>> active_filters({"q": "skola", "ar": "2024", "beslut": "1"})
    [('ar', 'År', '2024'), ('beslut', 'Bara beslut', 'ja')]
    """
    return [(name, label, "ja" if name == "beslut" else params[name])
            for name, label in FILTER_LABELS.items() if params.get(name)]


def url_with(params, **changes) -> str:
    """The search page's URL with some parameters changed (None removes one); back to page 1
    unless the page itself is what changes.

    >>> url_with({"q": "bredband", "sida": "3"}, org="Region Jämtland Härjedalen")
    '/?q=bredband&org=Region+J%C3%A4mtland+H%C3%A4rjedalen'
    >>> url_with({"q": "bredband"}, sida=2)
    '/?q=bredband&sida=2'
    """
    return "/?" + query_string(params, **changes)


def query_string(params, **changes) -> str:
    """The parameters of url_with, without the path: for other pages of the same search (CSV).

    >>> query_string({"q": "skola", "sida": "2", "ar": ""})
    'q=skola'
    """
    merged = {key: value for key, value in params.items() if value not in (None, "")}
    if "sida" not in changes:
        merged.pop("sida", None)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = str(value)
    return urlencode(merged)


def case_path(written: str) -> str:
    """The path segment of a case page: the case number's search key, so every written form
    of one number links to the same page.

    >>> case_path("KS 2021/87"), case_path("Dnr KS-2021-0087")
    ('KS-2021-87', 'KS-2021-87')
    """
    return quote(case_key(written) or written, safe="")


def page_numbers(current: int, last: int, around: int = 3) -> list[int]:
    """The page links to show: first, last and a few around the current page.

    >>> page_numbers(1, 3)
    [1, 2, 3]
    >>> page_numbers(10, 40)
    [1, 7, 8, 9, 10, 11, 12, 13, 40]
    """
    shown = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    return sorted(shown)


def _number(value: str | None, label: str, low: int, high: int) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise BadQuery(f"{label} {value!r} är inget heltal.") from None
    if not low <= number <= high:
        raise BadQuery(f"{label} måste ligga mellan {low} och {high}.")
    return number
