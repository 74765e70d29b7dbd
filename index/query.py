"""Query text -> Whoosh query over the three views of the words (see index/analysis.py).

The query is parsed once against a parse-only field that just splits words, then each word is
expanded into: stemmed terms in `text` and `title`, the word as written in `exact` (ranked
highest), the folded stem in `folded` (ranked lowest), and for longer words a fuzzy term in
`exact` (OCR tolerance). Phrases look up their word pairs in `pairs`.

Operators: OCH/AND, ELLER/OR, INTE/NOT in capitals, parentheses, "phrases", trailing * wildcards.
Words are ANDed by default; when no paragraph holds every word of a query of plain words, the
search asks for any of them (`any_of_words`), ranked by how many and how rare. Checks run before
parsing, so a mistake gives one clear line.
"""
from __future__ import annotations

import re

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import TEXT, Schema

from protokoll.errors import BadQuery
from protokoll.index.analysis import fold, query_terms, query_words, tokenizer, word_pair
from protokoll.records import case_key, typed_case_numbers

# Boosts: a word as written beats its stem; folded spellings (typed without å/ä/ö) and
# fuzzy OCR matches count least.
BOOST = {"exact": 2.0, "text": 1.0, "title": 2.0, "folded": 0.4, "fuzzy": 0.2, "case": 3.0}
FUZZY_MIN_LENGTH = 7  # shorter words have too many neighbours one edit away
FUZZY_PREFIX = 2  # an OCR error rarely hits the first letters; keeps the expansion cheap
WILDCARD_MIN_PREFIX = 2

AND_WORDS = ("OCH", "AND")
OR_WORDS = ("ELLER", "OR")
NOT_WORDS = ("INTE", "NOT")
OPERATORS = AND_WORDS + OR_WORDS + NOT_WORDS

_PARSE_SCHEMA = Schema(raw=TEXT(analyzer=tokenizer()))


def _parser() -> qparser.QueryParser:
    parser = qparser.QueryParser("raw", _PARSE_SCHEMA, group=qparser.AndGroup)
    for plugin in (qparser.FieldsPlugin, qparser.RangePlugin, qparser.BoostPlugin, qparser.OperatorsPlugin):
        parser.remove_plugin_class(plugin)
    word = lambda words: r"(?<=\s|\()(" + "|".join(words) + r")(?=\s|\()"  # noqa: E731
    parser.add_plugin(qparser.OperatorsPlugin(
        And=word(AND_WORDS), Or=word(OR_WORDS),
        Not=r"(^|(?<=\s|\())(" + "|".join(NOT_WORDS) + r")(?=\s|\()",
        AndNot=None, AndMaybe=None, Require=None))
    return parser


_PARSER = _parser()


def tidy(text: str) -> str:
    """Repair what can be repaired: an unbalanced quote is closed at the end.

    >>> tidy('"beslut om bredband')
    '"beslut om bredband"'
    """
    text = " ".join(text.split())
    if text.count('"') % 2:
        text += '"'
    return text


def check(text: str) -> None:
    """Raise BadQuery with one clear line for a query that cannot be meant as written."""
    if not text.strip(' "()'):
        raise BadQuery("the query is empty: give at least one word to search for")
    outside = re.sub(r'"[^"]*"', " ", text)
    depth = 0
    for ch in outside:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth:
        raise BadQuery(f"unbalanced parenthesis in the query {text!r}: add the missing one or remove the extra")
    words = outside.replace("(", " ( ").replace(")", " ) ").split()
    for n, word in enumerate(words):
        if word not in OPERATORS:
            continue
        before = words[n - 1] if n else "("
        after = words[n + 1] if n + 1 < len(words) else ")"
        if after in (")",) or after in OPERATORS and after not in NOT_WORDS:
            raise BadQuery(f"{word} in {text!r} needs a word after it, e.g. 'bredband {word} fiber'")
        if word not in NOT_WORDS and before in ("(",) + OPERATORS:
            raise BadQuery(f"{word} in {text!r} needs a word before it, e.g. 'bredband {word} fiber'")
        if word in NOT_WORDS and before in ("(",) + AND_WORDS + OR_WORDS:
            raise BadQuery(f"{word} in {text!r} must follow what to search for, e.g. 'bredband {word} Östersund'")
    for word in re.findall(r"[^\s()\"]*[*?][^\s()\"]*", outside):
        prefix = re.split(r"[*?]", word)[0]
        if len(prefix) < WILDCARD_MIN_PREFIX:
            raise BadQuery(f"the wildcard {word!r} needs at least {WILDCARD_MIN_PREFIX} letters before * or ?")


def parse(text: str) -> wq.Query:
    """The Whoosh query for the user's query text.

    >>> [(type(q).__name__, q.fieldname, q.text, q.boost) for q in parse("Jämtland").subqueries]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Term', 'text', 'jämtland', 1.0), ('Term', 'title', 'jämtland', 2.0), ('Term', 'exact', 'jämtland', 2.0),
     ('FuzzyTerm', 'exact', 'jämtland', 0.2), ('Term', 'folded', 'jamtland', 0.4), ('Term', 'text', 'jamtland', 0.4),
     ('Term', 'title', 'jamtland', 0.4)]
    >>> [type(q).__name__ for q in parse("(bredband ELLER fiber) INTE Östersund").subqueries]
    ['Or', 'Not']

    """
    text = tidy(text)
    check(text)
    cases = typed_case_numbers(text)
    if cases and not any(word in OPERATORS for word in text.split()):
        return _with_case_numbers(text, cases)
    expanded = _parsed(text)
    if expanded is wq.NullQuery or isinstance(expanded, type(wq.NullQuery)):
        raise BadQuery(f"the query {text!r} has no words to search for")
    return expanded


def any_of_words(text: str) -> wq.Query | None:
    """For a query of two or more plain words (no operators, phrases, wildcards or case numbers), the
    query for paragraphs holding any of them: what to show when none holds them all. None otherwise.

    >>> type(any_of_words("kvalitetsmässan avtal")).__name__, any_of_words("avtal"), any_of_words('"ny taxa" avgift')
    ('Or', None, None)
    """
    text = tidy(text)  # checked by parse(), which runs first
    if typed_case_numbers(text) or re.search(r'["()*?]', text) or any(word in OPERATORS for word in text.split()):
        return None
    raw = _PARSER.parse(text)
    if not isinstance(raw, wq.And) or not all(isinstance(q, wq.Term) for q in raw.subqueries):
        return None
    words = [word_query(q.text) for q in raw.subqueries]
    words = [q for q in words if q is not wq.NullQuery]
    return wq.Or(words).normalize() if len(words) >= 2 else None


def _parsed(text: str) -> wq.Query:
    try:
        raw = _PARSER.parse(text)
    except Exception as exc:  # Whoosh's parser is lenient; anything left is still the user's query
        raise BadQuery(f"cannot understand the query {text!r}: {exc}") from None
    return _expand(raw).normalize()


def _with_case_numbers(text: str, cases: list) -> wq.Query:
    """A query holding case numbers: each is found by its search key (records.case_key), whatever way
    it was written or typed ("KS 2024/851" finds "KS-2024-00851"), or by its words as before.

    >>> parse("ks 2024/851").subqueries[0]
    Term('case_keys', 'KS-2024-851', boost=3.0)
    """
    parts: list[wq.Query] = []
    rest = text
    for match in cases:
        as_words = _parsed(match.group())  # the words as before: a number written in the text is found too
        parts.append(wq.Or([*_case_key_queries(case_key(match.group())), as_words]))
        rest = rest.replace(match.group(), " ", 1)
    if rest.strip(' "()'):
        remaining = _parsed(rest)
        if remaining is not wq.NullQuery and not isinstance(remaining, type(wq.NullQuery)):
            parts.insert(0, remaining)
    return wq.And(parts).normalize() if len(parts) > 1 else parts[0]


def _case_key_queries(key: str) -> list[wq.Query]:
    """The search key of a typed case number; typed without its prefix letters ("2024-418"), also every
    key that ends that way (BN-2024-418, KS-KF-2024-418) or that has its series after it (2024-418-KS).

    >>> [q.text for q in _case_key_queries("2024-418")], [q.text for q in _case_key_queries("BN-2024-418")]
    (['2024-418', '*-2024-418', '2024-418-*'], ['BN-2024-418'])
    """
    exact = wq.Term("case_keys", key, boost=BOOST["case"])
    if re.search(r"[^\W\d_]", key):
        return [exact]
    return [exact, wq.Wildcard("case_keys", f"*-{key}", boost=BOOST["case"]),
            wq.Wildcard("case_keys", f"{key}-*", boost=BOOST["case"])]


def _expand(q: wq.Query) -> wq.Query:
    if isinstance(q, wq.Term) and q.fieldname == "raw":
        return word_query(q.text)
    if isinstance(q, wq.Phrase):
        return phrase_query(list(q.words))
    if isinstance(q, (wq.Wildcard, wq.Prefix)):
        pattern = q.text + ("*" if isinstance(q, wq.Prefix) else "")
        return wq.Or([wq.Wildcard("exact", pattern, boost=BOOST["exact"]),
                      wq.Wildcard("folded", fold(pattern), boost=BOOST["folded"])])
    if isinstance(q, wq.CompoundQuery) or isinstance(q, (wq.Not, wq.AndNot, wq.AndMaybe, wq.Require)):
        return q.apply(_expand)
    return q


def word_query(word: str) -> wq.Query:
    stemmed, exact, folded = query_terms(word)
    alternatives: list[wq.Query] = []
    for term in stemmed:
        alternatives += [wq.Term("text", term), wq.Term("title", term, boost=BOOST["title"])]
    for term in exact:
        alternatives.append(wq.Term("exact", term, boost=BOOST["exact"]))
        if len(term) >= FUZZY_MIN_LENGTH and term.isalpha():
            alternatives.append(wq.FuzzyTerm("exact", term, boost=BOOST["fuzzy"], maxdist=1, prefixlength=FUZZY_PREFIX))
    for term in folded:
        alternatives.append(wq.Term("folded", term, boost=BOOST["folded"]))  # Jamtland -> Jämtland
        if term not in stemmed:  # Jämtland -> Jamtland, in the text or in a title OCR read without å/ä/ö
            alternatives += [wq.Term("text", term, boost=BOOST["folded"]), wq.Term("title", term, boost=BOOST["folded"])]
    if not stemmed:  # a stop word on its own ("och") is not worth matching every paragraph
        return wq.NullQuery
    return wq.Or(alternatives)


def phrase_query(words: list[str]) -> wq.Query:
    """A phrase: its word pairs in `pairs` (index/analysis.py), ranked by the pairs and words.

    >>> print(phrase_query(["förslag", "till", "beslut"]))
    (pairs:förslag beslut AND (text:förslag OR title:förslag^2.0) AND (text:beslut OR title:beslut^2.0))
    """
    stems = [query_terms(w)[0][0] for w in words if query_terms(w)[0]]
    if not stems:
        return wq.NullQuery
    if len(stems) == 1:
        return word_query(words[0] if len(words) == 1 else next(w for w in words if query_terms(w)[0]))
    pairs = [wq.Term("pairs", word_pair(a, b)) for a, b in zip(stems, stems[1:])]
    stemmed = [wq.Or([wq.Term("text", s), wq.Term("title", s, boost=BOOST["title"])]) for s in stems]
    return wq.And(pairs + stemmed)


def words_of(text: str) -> list[str]:
    """The plain words of a query (operators and syntax left out), for suggestions."""
    return [w for w in query_words(re.sub(r"[()\"*?]", " ", text)) if w.upper() not in OPERATORS]
