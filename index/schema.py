"""The Whoosh schema: one document per paragraph."""
from __future__ import annotations

from whoosh.analysis import LanguageAnalyzer
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema


def swedish_analyzer():
    """Tokenise, lowercase, drop Swedish stop words, Snowball-stem.

    >>> [t.text for t in swedish_analyzer()("Kompetensförsörjningen i Jämtlands län")]
    ['kompetensförsörjning', 'jämtland', 'län']
    """
    return LanguageAnalyzer("sv")


def paragraph_schema() -> Schema:
    text = swedish_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        source=ID(stored=True),
        ordinal=STORED,
        section=ID(stored=True),
        title=TEXT(stored=True, analyzer=text, field_boost=2.0),
        text=TEXT(stored=True, analyzer=text),
        page=STORED,
        date=ID(stored=True),
        year=NUMERIC(stored=True),
        organisation=ID(stored=True),
        organisation_as_written=STORED,
        body=ID(stored=True),
        doc_type=ID(stored=True),
        topics=KEYWORD(stored=True, commas=True),
        is_decision=BOOLEAN(stored=True),
        decision=STORED,
        case_numbers=KEYWORD(stored=True, commas=True),
    )
