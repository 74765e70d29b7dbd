"""Faults of real scans that only the words around decide (issue 19, part E), through the
normaliser's own entry points:

- a "1" that is a cell of a table stays a digit ("Lager 1 år" under "Lager 1 år"), while a lone
  "1" between words of running text is still read as "i";
- a listed word that real scans make of another ("Fr" of För, "Gre" of öre) is read so only where
  the real corpus's word pairs around it make the other far likelier; "fr.o.m." stays.

The corpus is real data outside the repository ($PROTOKOLL_CORPUS or ../shared/realdata/corpus):
the tests that need its counts skip without it.
"""
from __future__ import annotations

import pytest

from protokoll.normalize import default_normaliser, word_counts

needs_corpus = pytest.mark.skipif(not (word_counts.corpus_dir() / word_counts.UNIGRAMS).exists(),
                                  reason="the real corpus counts are not at $PROTOKOLL_CORPUS or ../shared/realdata/corpus")

TABLE = ("Foreningens lokaler\nKontrakt pa foreningens lokal loper enligt foljande.\n\n"
         "Verksamhet Loptid\nVardhem 3 ar\nLager 1 ar\nLager 1 ar\n\n"
         "Lagenhetsfordelning 1 rok 4 rok 5 rok\nantal 116 28 57\n")


def changes(text: str) -> dict[str, tuple[str, str]]:
    return {c.original: (c.replacement, c.reason) for c in default_normaliser().explain(text)[1]}


def test_a_one_in_a_table_column_stays_a_digit():
    found = changes(TABLE)
    assert "1" not in found and "4" not in found, found


@needs_corpus
def test_the_table_s_words_around_the_digits_as_the_corpus_counts_read_them():
    # "1 ar" is "1 år" and the room count "rok" stays: the word pairs of the real corpus decide
    # (without them "ar" is read "är" and "rok" "rök")
    repaired = default_normaliser().repair(TABLE)
    assert "Lager 1 år\nLager 1 år" in repaired, repaired
    assert "Lägenhetsfördelning 1 rok 4 rok" in repaired, repaired


def test_a_lone_one_in_running_text_is_still_read_as_i():
    found = changes("Namnden beslutade att samverkan ska ske 1 fragor om skolan och vagarna.")
    assert found["1"][0] == "i"


@needs_corpus
def test_a_listed_word_yields_where_the_corpus_pairs_around_it_say_so():
    text = ("Det ar bra. Fr att klara det behovs mer pengar. Avgiften ar 50 Gre per ar, "
            "och den galler fr.o.m. den 1 juli.")
    found = changes(text)
    assert found["Fr"][0] == "För"  # on its own now: the dropped ö explains "Fr" better (test below)
    assert found["Gre"][0].lower() == "öre" and found["Gre"][1].startswith("corpus context")
    assert "fr" not in found  # "fr.o.m." as written


def test_a_short_listed_word_a_dropped_letter_explains_better_is_read_so_but_not_an_abbreviation():
    # "fr" is listed (the lists hold "fr.o.m." and French); a dropped ö makes för of it, likelier
    # on its own. Followed by ".", or by "o m" ("fr o m 2012-09-07"), it is the abbreviation.
    text = "Namnden fr Vard och omsorg har beslutat att arendet ar klart. Sekreterare fr o m 2012-09-07 och fr.o.m. i dag."
    repaired = default_normaliser().repair(text)
    assert repaired.startswith("Nämnden för Vård och omsorg har beslutat att ärendet är klart."), repaired
    assert repaired.endswith("Sekreterare fr o m 2012-09-07 och fr.o.m. i dag."), repaired


@needs_corpus
def test_a_real_word_that_the_corpus_pairs_never_write_so_yields():
    found = changes("Det ar inte ett extra bostadsrum. Har kommer nagra rad och tips for hur man gor.")
    assert found["Har"] == ("Här", "corpus context <s>_kommer")


@needs_corpus
def test_a_repair_the_corpus_knows_a_little_yields_to_one_it_knows_well():
    # "arlig" reads ärlig alone (the likelier word on the web); "en årlig avgift" is what the
    # corpus writes, and it saw "ärlig" only 12 times: enough to weigh it against "årlig"
    found = changes("Arrendet beviljas for tre ar mot en arlig avgift av 1 800 kronor.")
    assert found["arlig"] == ("årlig", "corpus context en_avgift"), found


@needs_corpus
@pytest.mark.parametrize("sentence", [
    "Bytet var dels en fraga om pengar.",
    "Huset ar gammalt och rummen ar sma.",
    "Om utvecklingen fortsatter nar kommunen under malet.",
    "Tjanstema Kristina Holmén vid protokollet.",
    "Lagenhet nr 12 och nr 14 ar klara, och varav 29 ar belagda.",
])
def test_a_real_word_without_strong_evidence_against_it_stays(sentence):
    found = changes(sentence)
    assert not any(reason.startswith("corpus context") for _, reason in found.values()), found
