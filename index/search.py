"""Searching paragraphs. Requests and results are plain records; hits are plain dicts
(the `search --json` contract), so the CLI and the web page render the same thing.

The matching paragraphs are a mask over document numbers (index/docsets.py); the total and the
facet counts (organisation, year, topic) are taken over all of it, and every match is scored
by BM25F over arrays (index/ranking.py), or sorted by date; only the page of hits is read.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein
from whoosh.query import FuzzyTerm, NullQuery, Or, Term

from protokoll.index.lemmas import lemmas

from protokoll.errors import BadQuery
from protokoll.index.columns import Columns, columns_for
from protokoll.index.docsets import matching_docs
from protokoll.index.filters import checked_request, choices_of
from protokoll.index.postings import PostingCache, mask_of
from protokoll.index.ranking import best, rank
from protokoll.index.analysis import MIN_COMPOUND, MIN_HEAD, STOP_WORDS, query_terms, tokenizer
from protokoll.index.query import any_of_words, parse, words_of
from protokoll.index.searchers import live_searcher
from protokoll.index.store import live_dir, reading_errors
from protokoll.archive import Archive

HIT_FIELDS = ("id", "doc_id", "source", "section", "title", "date", "organisation", "body", "doc_type", "page")
SNIPPET_CHARS = 240
SNIPPET_LEAD = 60  # characters shown before the first matched word
MAX_LIMIT = 500
FUZZY_RARE_MIN, FUZZY_RARE_SHARE = 10, 1000  # a fuzzy neighbour is in at most max(10, 0.1 %) of paragraphs
SUGGEST_MIN_LENGTH = 4  # shorter words ("KS") have too many neighbours to guess from


@dataclass
class SearchRequest:
    query: str
    organisation: str | None = None
    body: str | None = None
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None
    year: int | None = None
    topic: str | None = None
    doc_type: str | None = None
    decisions_only: bool = False
    sort: str = "relevance"  # or "date"
    limit: int = 10
    page: int = 1  # 1-based page of `limit` hits


@dataclass
class SearchResults:
    hits: list[dict]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)  # did-you-mean, when nothing is found
    any_word: bool = False  # no paragraph held every word: these hold some of them (query.any_of_words)


BROWSE = "*"  # the query that lists every paragraph the filters allow, newest first


def search(archive: Archive, request: SearchRequest | str, limit: int = 10) -> SearchResults:
    """One page of hits, the total and the facets. A request without words ("" with a filter,
    or "*") browses: the paragraphs the filters allow, newest first."""
    if isinstance(request, str):
        request = SearchRequest(request, limit=limit)
    check_request(request)
    with reading_errors(live_dir(archive)):
        found = _Found(archive, request, wanted=request.page * request.limit)
        hits = [found.hit(docnum, score) for score, docnum in found.ranked[(request.page - 1) * request.limit:]]
        return found.results(hits)


def all_hits(archive: Archive, request: SearchRequest) -> tuple[SearchResults, Iterator[dict]]:
    """The total and facets of `request`, and every hit in order, read as they are consumed
    (for exports to a file or pipe: `limit` and `page` do not apply)."""
    check_request(replace(request, limit=1, page=1))
    with reading_errors(live_dir(archive)):
        found = _Found(archive, request, wanted=None)

    def hits() -> Iterator[dict]:
        with reading_errors(live_dir(archive)):
            for score, docnum in found.ranked:
                yield found.hit(docnum, score)

    return found.results([]), hits()


def is_browse(query: str) -> bool:
    """Is this query a request to list what the filters allow, without words to match?"""
    return query.strip() in ("", BROWSE)


def has_filters(request: SearchRequest) -> bool:
    return any((request.organisation, request.body, request.date_from, request.date_to, request.year,
                request.topic, request.doc_type, request.decisions_only))


class _Found:
    """The paragraphs a request matches, ranked; reads a hit's stored fields on demand."""

    def __init__(self, archive: Archive, request: SearchRequest, wanted: int | None):
        self.searcher = searcher = live_searcher(archive)
        self.reader = reader = searcher.reader()
        self.columns = columns = columns_for(searcher)
        request = checked_request(request, choices_of(columns))
        postings = PostingCache(reader)
        allowed = _filter_mask(request, columns, postings)
        self.query_text = request.query
        self.any_word = False
        if is_browse(request.query):
            query, self.terms = None, set()
            self.matched = allowed & columns.live
        else:
            query = expand_fuzzy(parse(request.query), reader, columns)
            self.matched = matching_docs(query, searcher, columns, postings) & allowed
            any_words = None if self.matched.any() else any_of_words(request.query)
            if any_words is not None:
                query = expand_fuzzy(any_words, reader, columns)
                self.matched = matching_docs(query, searcher, columns, postings) & allowed
                self.any_word = bool(self.matched.any())
            self.terms = _wanted_terms(query, reader)
        wanted = int(np.count_nonzero(self.matched)) if wanted is None else wanted
        self.by_date = query is None or request.sort == "date"
        if self.by_date:
            self.ranked = best(columns.dates, self.matched, wanted)
        else:
            self.ranked = rank(query, searcher, columns, postings, self.matched, wanted)

    def hit(self, docnum: int, score: float) -> dict:
        return _hit(self.searcher.stored_fields(docnum), None if self.by_date else score, self.terms)

    def results(self, hits: list[dict]) -> SearchResults:
        total = int(np.count_nonzero(self.matched))
        suggestions = [] if total or is_browse(self.query_text) else suggest(self.reader, self.columns, self.query_text)
        return SearchResults(hits=hits, total=total, facets=self.columns.count(self.matched), suggestions=suggestions,
                             any_word=self.any_word)


def get_paragraph(archive: Archive, paragraph_id: str) -> dict | None:
    """All stored fields of one paragraph (topics and case numbers as lists), or None."""
    with reading_errors(live_dir(archive)):
        fields = live_searcher(archive).document(id=paragraph_id)
    return paragraph_fields(fields) if fields else None


def paragraph_fields(stored: dict) -> dict:
    """A paragraph's stored fields as plain values: topics, case numbers and references as lists,
    the year as a number, without the document metadata its document's first paragraph carries."""
    fields = {name: value for name, value in stored.items() if name != "document"}
    for name in ("topics", "case_numbers", "references"):
        fields[name] = [v for v in (fields.get(name) or "").split(",") if v]
    fields["is_decision"] = bool(fields.get("is_decision"))
    fields["year"] = int(fields["year"]) if fields.get("year") else None
    return fields


def check_request(request: SearchRequest) -> None:
    """What can be checked without the index; filter values are checked against it
    (index/filters.py)."""
    if request.sort not in ("relevance", "date"):
        raise BadQuery(f"unknown sort order {request.sort!r}: use 'relevance' or 'date'")
    if not 1 <= request.limit <= MAX_LIMIT:
        raise BadQuery(f"the limit must be between 1 and {MAX_LIMIT}, not {request.limit}")
    if request.page < 1:
        raise BadQuery(f"the page must be 1 or more, not {request.page}")
    if not request.query.strip() and not has_filters(request):
        raise BadQuery(f"the query is empty: give words to search for, a filter, or {BROWSE!r} to list every paragraph")


def _filter_mask(request: SearchRequest, columns: Columns, postings: PostingCache) -> np.ndarray:
    """Mask of the documents the request's filters allow (all when it has none)."""
    mask = np.ones(columns.size, bool)
    for name, value in (("organisation", request.organisation), ("body", request.body),
                        ("doc_type", request.doc_type), ("topics", request.topic),
                        ("is_decision", True if request.decisions_only else None),
                        ("year", str(request.year) if request.year else None)):
        if value is not None and value != "":
            mask &= mask_of(postings(name, value)[0], columns.size)
    if request.date_from or request.date_to:
        mask &= columns.dated_between(request.date_from, request.date_to)
    return mask


def expand_fuzzy(query, reader, columns: Columns):
    """Replace each FuzzyTerm by the indexed words within one edit of it (OCR tolerance).

    Whoosh builds a Levenshtein automaton per fuzzy term; comparing the few thousand words
    that share the first letters with rapidfuzz is many times faster on a large index.
    """
    def expand(q):
        if isinstance(q, FuzzyTerm):
            near = [Term(q.fieldname, word, boost=q.boost)
                    for word in _near_words(reader, columns, q.fieldname, q.text, q.prefixlength)]
            return Or(near) if near else NullQuery
        return q if q.is_leaf() else q.apply(expand)

    return expand(query)


def _near_words(reader, columns: Columns, fieldname: str, word: str, prefix: int) -> list[str]:
    """Indexed words one edit from `word` that are rare, as OCR misreadings are, and no form of the
    Swedish dictionary: a common neighbour ("beslutat" for "beslutar") or a dictionary form
    ("rapportera" for "rapporter") is a real word, found through its stem if it is related."""
    rare = max(FUZZY_RARE_MIN, reader.doc_count_all() // FUZZY_RARE_SHARE)
    near = process.extract(word, columns.words_starting(reader, fieldname, word[:prefix]), scorer=Levenshtein.distance,
                           score_cutoff=1, limit=None)
    return [term for term, _, _ in near
            if term != word and reader.doc_frequency(fieldname, term) <= rare and not lemmas(term)]


def _wanted_terms(query, reader) -> set[tuple[str, str]]:
    """(field, term) pairs the query matched, fuzzy and wildcard terms expanded."""
    terms = set()
    for leaf in query.leaves():  # (Query.existing_terms mixes up field names in whoosh 2.7.5)
        found = leaf.expanded_terms(reader) if hasattr(leaf, "expanded_terms") else leaf.terms(phrases=True)
        for fieldname, text in found:
            terms.add((fieldname, text.decode("utf-8") if isinstance(text, bytes) else text))
    return terms


def snippet(text: str, wanted: set[tuple[str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around the matched words: plain text and the (start, end) of each match.

    >>> snippet("Vi beslutade om bredbandsutbyggnaden i länet.", {("text", "bredband")})
    ('Vi beslutade om bredbandsutbyggnaden i länet.', [(16, 36)])
    """
    text = " ".join(text.split())
    spans = [(t.startchar, t.endchar) for t in tokenizer()(text, chars=True) if _matches(t.text, wanted)]
    if not spans:
        return _cut(text, 0, SNIPPET_CHARS), []
    start = _best_window(spans)
    start = max(0, start - SNIPPET_LEAD)
    if start:
        start = text.find(" ", start) + 1 or start  # begin at a word
    plain = _cut(text, start, start + SNIPPET_CHARS)
    shift = start - (2 if start else 0)  # "… " is prepended when cut
    end = len(plain) - (2 if plain.endswith(" …") else 0)
    inside = [(s - shift, e - shift) for s, e in spans if s >= start and e - shift <= end]
    return plain, inside


def _matches(word: str, wanted: set[tuple[str, str]]) -> bool:
    """Does this word of a stored text match the query? Uses the query-side analysis, which
    needs no word list, and finds compound parts as substrings ("försörjning" in
    "kompetensförsörjning"), so showing hits never loads the compound splitter."""
    stemmed, exact, folded = query_terms(word)
    if (any(("text", t) in wanted or ("title", t) in wanted for t in stemmed)
            or any(("exact", t) in wanted for t in exact) or any(("folded", t) in wanted for t in folded)):
        return True
    return len(word) >= MIN_COMPOUND and any(
        field in ("text", "title") and len(t) >= MIN_HEAD and t in word for field, t in wanted)


def _best_window(spans: list[tuple[int, int]]) -> int:
    """Start of the match that begins the window holding the most matches."""
    best, best_count = spans[0][0], 0
    for n, (start, _) in enumerate(spans):
        count = sum(1 for s, e in spans[n:] if e <= start + SNIPPET_CHARS - SNIPPET_LEAD)
        if count > best_count:
            best, best_count = start, count
    return best


def _cut(text: str, start: int, end: int) -> str:
    piece = text[start:end]
    if end < len(text):
        piece = piece[: piece.rfind(" ")] if " " in piece else piece
        piece += " …"
    return ("… " if start else "") + piece


def _hit(stored: dict, score: float | None, wanted) -> dict:
    out = {name: stored.get(name) for name in HIT_FIELDS}
    out["doc_type"] = out["doc_type"] or "other"
    out["topics"] = [t for t in (stored.get("topics") or "").split(",") if t]
    out["is_decision"] = bool(stored.get("is_decision"))
    out["score"] = None if score is None else round(float(score), 3)  # None when sorted by date
    out["case_numbers"] = [c for c in (stored.get("case_numbers") or "").split(",") if c]
    out["decision"] = stored.get("decision")
    out["snippet"], out["snippet_spans"] = snippet(stored.get("text", ""), wanted)
    return out


def suggest(reader, columns: Columns, query_text: str) -> list[str]:
    """Did-you-mean: the query with each unknown word replaced by the most frequent indexed word
    within two edits that shares its first letter (what Whoosh's corrector picks)."""
    words, changed = [], False
    for word in words_of(query_text):
        if (reader.doc_frequency("exact", word) or len(word) < SUGGEST_MIN_LENGTH or not word.isalpha()
                or word in STOP_WORDS):
            words.append(word)
            continue
        near = process.extract(word, columns.words_starting(reader, "exact", word[:1]), scorer=DamerauLevenshtein.distance,
                               score_cutoff=2, limit=None)
        found = max((term for term, _, _ in near), key=lambda t: (reader.frequency("exact", t), t), default=None)
        words.append(found or word)
        changed = changed or bool(found)
    return [" ".join(words)] if changed else []
