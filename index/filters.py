"""Checking a search's filters against what the index holds, for the CLI and the web page alike.

A filter value names an organisation, board (body), topic or document type exactly as the index
stores it. What people type is matched generously where that cannot mislead: "kommunstyrelsen"
and "Protokoll" find "Kommunstyrelsen" and "protokoll" (case), "Are kommun" finds "Åre kommun"
(å/ä/ö and other diacritics), as long as exactly one stored value reads so. Anything else is a
FilterError (exit 2) that names the nearest stored values (rapidfuzz), never an empty result
that looks like "nothing was decided". Dates must be real dates; a range must not run backwards.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz, process

from protokoll.archive import Archive
from protokoll.errors import FilterError
from protokoll.index.columns import Columns, columns_for
from protokoll.index.searchers import live_searcher
from protokoll.index.store import live_dir, reading_errors

# SearchRequest attribute -> (indexed field, what the value is called in messages)
CHECKED_FILTERS = {"organisation": ("organisation", "organisation"), "body": ("body", "board"),
                   "topic": ("topics", "topic"), "doc_type": ("doc_type", "document type")}
NEAREST = 3  # values named when one is not found
NEAREST_CUTOFF = 50  # rapidfuzz WRatio below this is no suggestion at all
FEW = 12  # with no near value, a filter with this many values or fewer lists them all
DATE_FORMS = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
YEARS = (1000, 9999)


def fold(text: str) -> str:
    """Lower case without diacritics, for matching what people type.

    >>> fold("Åre Kommun"), fold("Bräcke"), fold("  SOCIALNÄMNDEN ")
    ('are kommun', 'bracke', 'socialnamnden')
    """
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def resolve(value: str, choices: list[str], what: str, name: str | None = None) -> str:
    """The stored value `value` stands for: itself, or the one choice that equals it ignoring
    case, or ignoring case and diacritics. FilterError names the nearest choices otherwise
    (or all of them, when there are few). `what` names the filter in messages; `name`, the
    SearchRequest field, is what the FilterError carries (default `what`).

    >>> resolve("kommunstyrelsen", ["Kommunstyrelsen", "Socialnämnden"], "board")
    'Kommunstyrelsen'
    >>> resolve("Are kommun", ["Åre kommun", "Krokoms kommun"], "organisation")
    'Åre kommun'
    >>> resolve("Bracke", ["Bräcke kommun", "Krokoms kommun"], "organisation")
    Traceback (most recent call last):
    ...
    protokoll.errors.FilterError: no organisation 'Bracke' in the index; nearest: 'Bräcke kommun'
    """
    value = " ".join(value.split())
    if value in choices:
        return value
    for same in (lambda c: c.casefold() == value.casefold(), lambda c: fold(c) == fold(value)):
        found = [choice for choice in choices if same(choice)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise FilterError(name or what, value, found, f"the {what} {value!r} could be any of "
                              + ", ".join(repr(c) for c in found) + ": write it with its å/ä/ö and capitals")
    near = nearest(value, choices)
    if near:
        hint = "; nearest: " + ", ".join(repr(c) for c in near)
    elif len(choices) <= FEW:
        hint = "; it has: " + ", ".join(repr(c) for c in choices) if choices else "; it has none"
    else:
        hint = "; 'protokoll stats' lists them all"
    raise FilterError(name or what, value, near, f"no {what} {value!r} in the index{hint}")


def nearest(value: str, choices: list[str], limit: int = NEAREST) -> list[str]:
    """The choices that read most like `value`, best first (case and diacritics ignored)."""
    folded = {choice: fold(choice) for choice in choices}
    found = process.extract(fold(value), folded, scorer=fuzz.WRatio, score_cutoff=NEAREST_CUTOFF, limit=limit)
    return [choice for _, _, choice in found]


def checked_date(value: str | None, what: str, name: str | None = None) -> str | None:
    """A date filter as written (YYYY-MM-DD, YYYY-MM or YYYY), if it is a real date;
    FilterError (carrying `name`, default `what`) otherwise.

    >>> checked_date("2024-02-29", "--from"), checked_date(" 2024-09 ", "--to")
    ('2024-02-29', '2024-09')
    >>> checked_date("2024-13-01", "--from")
    Traceback (most recent call last):
    ...
    protokoll.errors.FilterError: --from '2024-13-01' is not a date: month 13 does not exist (write YYYY-MM-DD)
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    match = DATE_FORMS.fullmatch(value)
    if not match:
        raise FilterError(name or what, value, [], f"{what} {value!r} is not a date: write it as YYYY-MM-DD (or YYYY-MM, YYYY)")
    year, month, day = (int(part) if part else None for part in match.groups())
    if not YEARS[0] <= year <= YEARS[1]:
        raise FilterError(name or what, value, [], f"{what} {value!r} is not a date: the year must lie between {YEARS[0]} and {YEARS[1]}")
    if month is not None and not 1 <= month <= 12:
        raise FilterError(name or what, value, [], f"{what} {value!r} is not a date: month {month} does not exist (write YYYY-MM-DD)")
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise FilterError(name or what, value, [], f"{what} {value!r} is not a date: {year}-{month:02d} has no day {day}") from None
    return value


def checked_year(year: int | None) -> int | None:
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        raise FilterError("year", str(year), [], f"the year {year} is not a year: give four digits, e.g. 2021")
    return year


def checked_request(request, choices: dict[str, list[str]]):
    """A copy of the SearchRequest with each filter checked and written as the index stores it.

    `choices` maps each of CHECKED_FILTERS to the values the index holds (filter_choices).
    Raises FilterError (exit 2) for an unknown value or an impossible date.
    """
    changes = {}
    for name, (_, what) in CHECKED_FILTERS.items():
        value = getattr(request, name)
        if value is not None and value.strip():
            changes[name] = resolve(value, choices.get(name, []), what, name)
        elif value is not None:
            changes[name] = None  # an empty filter is no filter
    changes["date_from"] = checked_date(request.date_from, "the start date", "date_from")
    changes["date_to"] = checked_date(request.date_to, "the end date", "date_to")
    checked_year(request.year)
    start, end = changes["date_from"], changes["date_to"]
    if start and end and _bounds(start)[0] > _bounds(end)[1]:
        raise FilterError("date_from", start, [], f"the start date {start} is after the end date {end}")
    return replace(request, **changes)


def _bounds(value: str) -> tuple[str, str]:
    """The first and last day a date filter covers, as comparable strings."""
    return value + "-00" * ((10 - len(value)) // 3), value + "-99" * ((10 - len(value)) // 3)


def filter_choices(archive: Archive) -> dict[str, list[str]]:
    """The values each checked filter can take in the live index, sorted (for menus, too)."""
    with reading_errors(live_dir(archive)):
        return choices_of(columns_for(live_searcher(archive)))


def choices_of(columns: Columns) -> dict[str, list[str]]:
    """The values each checked filter can take: the terms the index holds, sorted."""
    values = {**columns.values, "topic": columns.topics}
    return {name: sorted(values.get(name, [])) for name in CHECKED_FILTERS}
