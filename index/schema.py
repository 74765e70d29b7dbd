"""The Whoosh schema: one document per paragraph.

The words are indexed three ways (see index/analysis.py): `text` and `title` stemmed with
compound parts, `exact` as written (å/ä/ö kept), `folded` without diacritics; `pairs` holds
adjacent stemmed words for phrases. No field keeps word positions: reading them made every
posting list several times slower to read, and phrases are found through `pairs`.
"""
from __future__ import annotations

from whoosh.fields import BOOLEAN, ID, KEYWORD, STORED, TEXT, Schema

from index.analysis import exact_analyzer, folded_analyzer, pairs_analyzer, stemmed_analyzer

# Bump when fields or analysis change: an index built with another version must be rebuilt
# (store.open_live refuses it and says to run reindex).
SCHEMA_VERSION = 3

# Fields whose values are counted over a result set (see index/columns.py).
FACET_FIELDS = {"organisation": "organisation", "year": "year", "topic": "topics"}


def paragraph_schema() -> Schema:
    stemmed = stemmed_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        source=ID(stored=True),
        ordinal=STORED,
        section=ID(stored=True),
        title=TEXT(stored=True, analyzer=stemmed, phrase=False),
        text=TEXT(stored=True, analyzer=stemmed, phrase=False),
        exact=TEXT(analyzer=exact_analyzer(), phrase=False),
        folded=TEXT(analyzer=folded_analyzer(), phrase=False),
        pairs=TEXT(analyzer=pairs_analyzer(), phrase=False),
        page=STORED,
        date=ID(stored=True, sortable=True),
        year=ID(stored=True),
        organisation=ID(stored=True),
        organisation_as_written=STORED,
        body=ID(stored=True),
        doc_type=ID(stored=True),
        topics=KEYWORD(stored=True, commas=True, scorable=False),
        is_decision=BOOLEAN(stored=True),
        decision=STORED,
        case_numbers=KEYWORD(stored=True, commas=True, lowercase=True, scorable=False),
    )
