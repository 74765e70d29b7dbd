"""The index of one-letter deletions (normalize/near_keys.py) finds exactly what a scan of every
common word of the same length, one shorter and one longer with rapidfuzz found, which it replaced."""
import random

import pytest
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from protokoll.normalize import lexicon as lexicon_module
from protokoll.normalize.near_keys import NearKeys


def scanned(key: str, buckets: dict[int, list[str]]) -> list[str]:
    """The fuzzy look-up as it was: per length, rapidfuzz's best match at distance 1 (0 means the
    key itself is a word, and that length gives nothing)."""
    found = []
    for length in (len(key) - 1, len(key), len(key) + 1):
        match = process.extractOne(key, buckets.get(length, ()), scorer=Levenshtein.distance, score_cutoff=1)
        if match and match[1] == 1:
            found.append(match[0])
    return found


def by_length(near: NearKeys) -> dict[int, list[str]]:
    buckets: dict[int, list[str]] = {}
    for key in near.order:  # in the order added
        buckets.setdefault(len(key), []).append(key)
    return buckets


def damaged(keys: list[str], rng: random.Random, count: int) -> list[str]:
    """Keys with a letter dropped, changed or added, two changed, or left as they are."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = []
    for _ in range(count):
        key = rng.choice(keys)
        i = rng.randrange(len(key) + 1)
        kind = rng.randrange(5)
        if kind == 0:
            key = key[:i] + key[i + 1:]
        elif kind == 1:
            key = key[:i] + rng.choice(letters) + key[i + 1:]
        elif kind == 2:
            key = key[:i] + rng.choice(letters) + key[i:]
        elif kind == 3:
            key = key[:i] + rng.choice(letters) + rng.choice(letters) + key[i + 2:]
        out.append(key)
    return out


@pytest.fixture(scope="module")
def lexicon():
    return lexicon_module.load()


def test_the_index_finds_what_the_scan_found_on_the_lexicon(lexicon):
    near = lexicon.near
    assert len(near) > 10_000
    buckets = by_length(near)
    queries = damaged(list(near.order), random.Random(19), 3000)
    found = [near.one_letter_away(query) for query in queries]
    assert found == [scanned(query, buckets) for query in queries]
    assert sum(map(bool, found)) > 1000  # most damaged keys are one letter from a word


def test_a_tie_goes_to_the_key_added_first():
    # "bal" and "bil" are both one letter from "bel"; "bbl" is no key.
    assert NearKeys(["bil", "bal"]).one_letter_away("bel") == ["bil"]
    assert NearKeys(["bal", "bil"]).one_letter_away("bel") == ["bal"]
    assert scanned("bel", {3: ["bil", "bal"]}) == ["bil"]


def test_two_letters_swapped_are_not_one_letter_away():
    assert NearKeys(["ab"]).one_letter_away("ba") == []


def test_a_word_added_to_an_extended_lexicon_is_found_there_only(lexicon):
    copy = lexicon_module.Lexicon(dict(lexicon.logp), dict(lexicon.by_key), lexicon.near.copy(), lexicon.forms, lexicon.keys)
    copy.add("kvarnbäcksskolan", lexicon_module.FUZZY_MIN_LOGP)
    assert copy.near.one_letter_away("kvarnbacksskolon") == ["kvarnbacksskolan"]
    assert lexicon.near.one_letter_away("kvarnbacksskolon") == []
