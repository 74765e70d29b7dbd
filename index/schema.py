"""The Whoosh schema: one document per paragraph.

The words are indexed three ways (see index/analysis.py): `text` and `title` stemmed with
compound parts, `exact` as written (å/ä/ö kept), `folded` without diacritics; `pairs` holds
adjacent stemmed words for phrases. No field keeps word positions: reading them made every
posting list several times slower to read, and phrases are found through `pairs`.
"""
from __future__ import annotations

from whoosh.columns import NumericColumn
from whoosh.fields import BOOLEAN, COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint

from protokoll.index.analysis import exact_analyzer, folded_analyzer, pairs_analyzer, stemmed_analyzer, term_counts

# Bump when fields or analysis change: an index built with another version must be rebuilt
# (store.open_live refuses it and says to run reindex).
# 7: references, case_keys, decision as searchable text, signing_date, document;
# 8: dictionary lemmas beside the Snowball stems (index/lemmas.py)
SCHEMA_VERSION = 8

# Fields whose values are counted over a result set (see index/columns.py).
FACET_FIELDS = {"organisation": "organisation", "body": "body", "year": "year", "doc_type": "doc_type",
                "topic": "topics"}


class SwedishText(TEXT):
    """A text field of one view of the words (index/analysis.py). Indexing counts the view's
    terms directly (analysis.term_counts); the analyzer still serves queries and is what
    the counts must equal (tests/test_index_fields.py)."""

    def __init__(self, view: str, analyzer, **kwargs):
        super().__init__(analyzer=analyzer, phrase=False, **kwargs)
        self.view = view

    def index(self, value, **kwargs):
        for term, count in term_counts(value, self.view).items():
            yield term.encode("utf-8"), count, float(count), pack_uint(count)


def paragraph_schema() -> Schema:
    stemmed = stemmed_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        source=ID(stored=True),
        ordinal=STORED,
        section=ID(stored=True),
        title=SwedishText("stemmed", stemmed, stored=True),
        text=SwedishText("stemmed", stemmed, stored=True),
        exact=SwedishText("exact", exact_analyzer()),
        folded=SwedishText("folded", folded_analyzer()),
        pairs=SwedishText("pairs", pairs_analyzer()),
        page=STORED,
        date=ID(stored=True),
        day=COLUMN(NumericColumn("i")),  # the date as YYYYMMDD, read whole for date filters and sorting
        year=ID(stored=True),
        organisation=ID(stored=True),
        organisation_as_written=STORED,
        body=ID(stored=True),
        doc_type=ID(stored=True),
        topics=KEYWORD(stored=True, commas=True, scorable=False),
        is_decision=BOOLEAN(stored=True),
        decision=SwedishText("stemmed", stemmed, stored=True),  # the decision text, searchable on its own
        case_numbers=KEYWORD(stored=True, commas=True, lowercase=True, scorable=False),  # own, as written
        references=KEYWORD(stored=True, commas=True, scorable=False),  # SOU, prop., courts, others' dnr
        # records.case_key() of every case number and reference: "KS 2024/851" finds "KS-2024-00851"
        case_keys=KEYWORD(commas=True, scorable=False),
        signing_date=ID(stored=True),
        document=STORED,  # the document's metadata (index/views.py), on its first paragraph only
    )
