"""Swedish analysis for the paragraph index, as visible Whoosh pipelines.

Three views of the same words, one per index field, and their word pairs for phrases:

- ``stemmed``: Swedish stop words dropped, compounds split into their parts, Snowball-stemmed,
  and beside each stem the word's dictionary lemma (index/lemmas.py) where the two differ.
  "kompetensförsörjningen" is indexed as kompetensförsörjning, kompetens and försörjning;
  "skolskjutsar" as skolskjuts, its stem and its lemma, which a query for "skolskjuts" asks for
  (Snowball alone stems that "skolskjut").
- ``exact``: every word lowercased, nothing else: å, ä and ö stay distinct (får is not far).
  Stop words are left out: a query never looks them up, and they were a fifth of the field.
- ``folded``: the stemmed terms with å/ä/ö folded to a/a/o, so "Jamtland" finds Jämtland;
  the search gives this field a low boost, so exact spellings rank first. Only stems that
  change when folded are indexed here; the query looks for the folded form in the stemmed
  field as well, so "Jämtland" also finds a legacy OCR "Jamtland".

- ``pairs``: each stemmed word joined to the next ("förslag beslut"), so a phrase is found by
  looking up its pairs; no field keeps word positions.

Words joined by "-" or "/" (case numbers "2016/214", "02091-C-71", "Jämtland-Härjedalen")
are kept whole and also indexed part by part.

Each word's terms are computed once per process and cached: minutes repeat the same few
thousand words, so the cache turns most of the analysis cost into one dict lookup.

The compound splitter is driven by a word list (wordfreq's Swedish list): a word is split into
a known modifier (optionally with a linking "s") and a known head word.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import chain
from operator import itemgetter

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language

from protokoll.index.lemmas import lemmas

# A word, optionally joined to more words by - / or . ("2016/214", "02091-C-71", "RUN/16/2020").
WORD_PATTERN = r"\w+(?:[-/.]\w+)*"
JOINERS = "-/."
STOP_WORDS = frozenset(stopwords_for_language("sv"))
_snowball = stemmer_for_language("sv")


def stems(word: str) -> tuple[str, ...]:
    """Snowball's stem of a lowercased word, then its dictionary lemmas where they differ.

    >>> stems("skolskjutsar"), stems("skolskjuts"), stems("bredband")
    (('skolskjuts',), ('skolskjut', 'skolskjuts'), ('bredband',))
    """
    stem = _snowball(word)
    return tuple(dict.fromkeys((stem, *lemmas(word))))

# Compound splitting: parts must be at least this long, so "ordförande" is not split at "or".
MIN_HEAD = 4
MIN_MODIFIER = 3
MIN_COMPOUND = 8
WORDLIST_SIZE = 150_000

FOLD_TABLE = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "a", "ø": "o", "é": "e", "è": "e", "ü": "u"})


@lru_cache(maxsize=1)
def swedish_words() -> dict[str, int]:
    """The word list that drives compound splitting: wordfreq's most frequent Swedish words,
    each with its frequency rank (0 = most frequent)."""
    from wordfreq import top_n_list

    words = top_n_list("sv", WORDLIST_SIZE)
    return {w: rank for rank, w in enumerate(words) if w.isalpha() and len(w) >= MIN_MODIFIER}


def fold(word: str) -> str:
    """Fold Swedish and other diacritics to plain letters.

    >>> fold("jämtland härjedalen över får")
    'jamtland harjedalen over far'
    """
    word = word.translate(FOLD_TABLE)
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


FOLDED_STOP_WORDS = frozenset(fold(w) for w in STOP_WORDS) - STOP_WORDS


def compound_parts(word: str) -> list[str]:
    """The parts of a Swedish compound word, or [] if it is not one.

    The head is the longest known word ending the compound; the rest must be a known word,
    possibly with a linking "s", or a compound itself. A word in the list is split only when
    it is much rarer than its parts, so "jämtland" stays whole while "kompetensförsörjning"
    is split.

    >>> compound_parts("kompetensförsörjning")
    ['kompetens', 'försörjning']
    >>> compound_parts("influensaberedskap")
    ['influensa', 'beredskap']
    >>> compound_parts("bredbandsutbyggnaden")
    ['bredband', 'utbyggnaden']
    >>> compound_parts("jämtland")
    []
    """
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return []
    parts = _compound_parts(word)
    rank = swedish_words().get(word)
    if parts and rank is not None and rank < 2 * max(swedish_words().get(p, WORDLIST_SIZE) for p in parts):
        return []  # a common word in its own right: not worth splitting
    return list(parts)


@lru_cache(maxsize=200_000)
def _compound_parts(word: str) -> tuple[str, ...]:
    words = swedish_words()
    for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
        head = word[cut:]
        if head not in words:
            continue
        modifier = word[:cut]
        # "bredbands" -> "bredband": try the modifier without a linking s first
        stems = [modifier[:-1], modifier] if modifier.endswith("s") else [modifier]
        stems = [m for m in stems if len(m) >= MIN_MODIFIER]
        for stem in stems:
            if stem in words:
                return (stem, head)
        for stem in stems:
            inner = _compound_parts(stem) if len(stem) >= MIN_COMPOUND else ()
            if inner:
                return (*inner, head)
    return ()


def joined_parts(word: str) -> list[str]:
    """The pieces of a word joined by - / or . (empty for a plain word).

    >>> joined_parts("2016/214")
    ['2016', '214']
    >>> joined_parts("jämtland-härjedalen")
    ['jämtland', 'härjedalen']
    """
    if not any(j in word for j in JOINERS):
        return []
    for j in JOINERS:
        word = word.replace(j, " ")
    return word.split()


@lru_cache(maxsize=500_000)
def index_terms(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(stemmed, exact, folded) terms for one lowercased word as written in a document."""
    pieces = [word, *joined_parts(word)]
    exact = tuple(dict.fromkeys(p for p in pieces if p not in STOP_WORDS))
    stemmed: list[str] = []
    for piece in pieces:
        if piece in STOP_WORDS:
            continue
        stemmed.extend(stems(piece))
        stemmed.extend(chain.from_iterable(map(stems, compound_parts(piece))))
    stemmed_t = tuple(dict.fromkeys(stemmed))
    return stemmed_t, exact, _folded_only(stemmed_t)


def _folded_only(stems: tuple[str, ...]) -> tuple[str, ...]:
    """Folded forms of the stems that have diacritics. A stem without any is already in the
    stemmed field, where the query looks for the folded form too; leaving it out here keeps
    the folded field (and the indexing time) small."""
    return tuple(dict.fromkeys(f for f in map(fold, stems) if f not in stems))


@lru_cache(maxsize=100_000)
def query_terms(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(stemmed, exact, folded) terms for one lowercased query word: never split, so a query for
    a compound asks for the compound, while a query for a part finds it inside compounds."""
    if word in STOP_WORDS or word in FOLDED_STOP_WORDS:  # "for" typed for "för"
        return (), (word,), ()
    stemmed = stems(word)
    return stemmed, (word,), tuple(dict.fromkeys(map(fold, stemmed)))  # folded: looked up in both folded and stemmed fields


VIEWS = {"stemmed": 0, "exact": 1, "folded": 2}


class SwedishTermFilter(Filter):
    """Replaces each lowercased word by its terms in one view (see module doc).

    Positions count words, not terms: a compound and its parts share the compound's position,
    and stop words leave no gap, so phrases match across them.
    """

    def __init__(self, view: str):
        self.view = view
        self.index = VIEWS[view]

    def __eq__(self, other):
        return type(self) is type(other) and self.view == other.view

    def __call__(self, tokens):
        index = self.index
        position = 0
        for t in tokens:
            lookup = query_terms if t.mode == "query" else index_terms
            terms = lookup(t.text)[index]
            if not terms:
                continue
            for term in terms:
                t.text = term
                if t.positions:
                    t.pos = position
                yield t
            position += 1


class WordPairFilter(Filter):
    """Each word's stem joined to the next word's ("förslag beslut"), stop words skipped as in
    phrases: a phrase query becomes a lookup of its word pairs instead of a check of word
    positions in every paragraph that holds all its words."""

    def __call__(self, tokens):
        previous = None
        for t in tokens:
            stems = index_terms(t.text)[0]
            if not stems:
                continue
            if previous is not None:
                t.text = word_pair(previous, stems[0])
                yield t
            previous = stems[0]


def word_pair(first_stem: str, second_stem: str) -> str:
    return f"{first_stem} {second_stem}"


class WordTokenizer(Tokenizer):
    """RegexTokenizer(WORD_PATTERN) | LowercaseFilter(), remembering the last few texts it split:
    the index analyses the same paragraph text for three fields, and splits it only once.

    >>> [t.text for t in WordTokenizer()("KS 2016/214, Jämtland-Härjedalen")]
    ['ks', '2016/214', 'jämtland-härjedalen']
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (text, start, end) in enumerate(_split(value) if tokenize else [(value.lower(), 0, len(value))]):
            token.text, token.boost, token.stopped = text, 1.0, False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


_WORD = re.compile(WORD_PATTERN)


@lru_cache(maxsize=8)
def _split(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text))


@lru_cache(maxsize=8)
def _words(text: str) -> tuple[str, ...]:
    """The lowercased words of `text`, as _split gives them, without their places."""
    return tuple(map(str.lower, _WORD.findall(text)))


def tokenizer():
    return WordTokenizer()


def stemmed_analyzer():
    """Main text: stop words out, compounds split, Snowball stems.

    >>> [t.text for t in stemmed_analyzer()("Kompetensförsörjningen i Jämtlands län")]
    ['kompetensförsörjning', 'kompet', 'kompetens', 'försörjning', 'jämtland', 'län']
    >>> [t.text for t in stemmed_analyzer()("beslut om influensaberedskap")]
    ['beslut', 'influensaberedskap', 'influens', 'influensa', 'beredskap']
    >>> [t.text for t in stemmed_analyzer()("KS 2016/214")]
    ['ks', '2016/214', '2016', '214']
    """
    return tokenizer() | SwedishTermFilter("stemmed")


def exact_analyzer():
    """Every word as written, lowercased, stop words left out: å/ä/ö kept, so får and far stay apart.

    >>> [t.text for t in exact_analyzer()("Vi får inte fara far")]
    ['får', 'fara', 'far']
    """
    return tokenizer() | SwedishTermFilter("exact")


def folded_analyzer():
    """The stemmed terms without diacritics, for queries typed without å/ä/ö.

    >>> [t.text for t in folded_analyzer()("Jämtlands län, Örebro kommun")]
    ['jamtland', 'lan', 'orebro']
    """
    return tokenizer() | SwedishTermFilter("folded")


def pairs_analyzer():
    """Adjacent stemmed words, for phrases.

    >>> [t.text for t in pairs_analyzer()("Förslag till beslut om bredbandsutbyggnaden")]
    ['förslag beslut', 'beslut bredbandsutbyggnad']
    """
    return tokenizer() | WordPairFilter()


def term_counts(value: str, view: str) -> Counter:
    """How often each term of one view occurs in `value`: what the view's analyzer yields,
    counted with C-level iteration. Indexing calls this instead of running the analyzer's
    token pipeline (index/schema.py, SwedishText), which cost a Python step per token per field.

    >>> term_counts("Beslut om bredband. BESLUT!", "stemmed")
    Counter({'beslut': 2, 'bredband': 1, 'bred': 1, 'band': 1})
    >>> term_counts("Förslag till beslut om beslut", "pairs")
    Counter({'förslag beslut': 1, 'beslut beslut': 1})
    """
    words = _words(value)
    if view == "pairs":
        stems = [terms[0] for terms in map(itemgetter(0), map(index_terms, words)) if terms]
        return Counter(map(word_pair, stems, stems[1:]))
    return Counter(chain.from_iterable(map(itemgetter(VIEWS[view]), map(index_terms, words))))


def query_words(text: str) -> list[str]:
    """The lowercased words of a query phrase or term, as the index tokenizer sees them.

    >>> query_words("KS 2016/214")
    ['ks', '2016/214']
    """
    return [t.text for t in tokenizer()(text, mode="query")]
