"""The shortcuts of the word model's first reading of a word (normalize/words.py) and the memo of a
page's protected spans (normalize/steps.py) give exactly what the plain searches gave."""
import heapq
import random

import pytest

from protokoll.normalize import Normaliser
from protokoll.normalize.slots import protected_starts_ends, slots_of
from protokoll.normalize.steps import Page
from protokoll.normalize.words import MAX_VARIANTS, _steps, channel_cost, deletion_variants, dropped_letters, observed, variants


@pytest.fixture(scope="module")
def normaliser():
    return Normaliser.load()


def letter_by_letter(obs, channel, letters_may_change):
    """The key search as it was: best first, every way to read on pushed and popped."""
    steps = [_steps(obs[i:i + channel.max_seg], channel, letters_may_change) for i in range(len(obs))]
    results, heap, order = [], [(0.0, 0, 0, "", ())], 1
    while heap and len(results) < MAX_VARIANTS:
        cost, position, _, key, segs = heapq.heappop(heap)
        if -position == len(obs):
            results.append((key, segs))
            continue
        for step_cost, seg, letter in steps[-position]:
            heapq.heappush(heap, (cost - step_cost, position - len(seg), order, key + letter, segs + (seg,)))
            order += 1
    return results


def ocr_like_words(rng: random.Random, count: int) -> list[str]:
    """Words as legacy OCR writes them: plain letters, digits and marks for å/ä/ö, capitals inside."""
    letters = "aaaeeiioouurnmstlkdgfvbph" + "6&4é1{@GQ"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(1, 16))) for _ in range(count)]


def test_reading_on_along_the_letters_as_written_finds_the_same_keys_in_the_same_order(normaliser):
    channel = normaliser.model.channel
    words = ocr_like_words(random.Random(19), 3000) + ["fdr", "forsdéksperiod", "behGver", "mAangariga", "Sdéderdahl"]
    memo = {}
    for legacy in (True, False):
        for word in words:
            assert variants(word, channel, legacy, memo) == letter_by_letter(word, channel, legacy), word


def test_the_letters_ocr_drops_given_or_worked_out_give_the_same_keys(normaliser):
    channel, known = normaliser.model.channel, normaliser.model.words.lexicon.by_key
    dropped = dropped_letters(channel)
    assert dropped  # the table has seen å, ä and ö dropped
    for word in ["tv", "nagon", "frgor", "ocksa", "6ver"]:
        assert deletion_variants(word, channel, known, dropped) == deletion_variants(word, channel, known)


def test_a_split_is_tried_only_where_the_rest_can_be_a_word(normaliser):
    words = normaliser.model.words
    lexicon = words.lexicon
    for key in ["ien", "endasom", "raknatmed", "attden", "forsamtliga", "xqzvbn"]:
        for min_logp in (-3.0, -6.0):
            expected = [i for i in words._split_points(key, {})
                        if words._best_word(key[i:], tuple(key), min_logp, i) is not None]
            starts = words._right_part_starts(key, min_logp, {})
            assert set(expected) <= set(starts)
            assert all(lexicon.logp[lexicon.by_key[key[i:]][0]] >= min_logp for i in starts)


def test_a_page_finds_its_protected_spans_once_and_again_for_another_text():
    page = Page(False, None)
    text = "Dnr KS 2019/45, skriv till miljo@alingsas.se om 8 kap. § 14a"
    spans = page.protected(text)
    assert spans == protected_starts_ends(text)
    assert page.protected(text) is spans
    other = "Besok fran Region Dalarna"
    assert page.protected(other) == ([], [])


def test_the_word_step_given_the_spans_reads_the_page_as_when_it_finds_them(normaliser):
    text = "Arendet KS 2019/45 ar klart, skriv till miljo@alingsas.se, 6verenskommelsen ar klar"
    model, config = normaliser.model, normaliser.config
    for legacy in (True, False):
        given = slots_of(text, legacy, model, config, {}, protected_starts_ends(text))
        found = slots_of(text, legacy, model, config, {})
        assert [(s.start, s.token, s.choice) for s in given] == [(s.start, s.token, s.choice) for s in found]
        assert not {"KS", "miljo", "alingsas"} & {s.token for s in given}  # kept as written


def test_the_channel_cost_of_a_word_is_what_the_channel_gives_letter_by_letter(normaliser):
    channel = normaliser.model.channel
    lexicon = normaliser.model.words.lexicon
    checked = 0
    rng = random.Random(5)
    keys = rng.sample(sorted(lexicon.by_key), 1500)  # words as OCR without å/ä/ö writes them
    for obs in keys + ocr_like_words(rng, 1500) + ["fragor", "6verenskommelsen", "behGver", "f{tt", "sQ"]:
        for key, segs in variants(obs.lower() if obs.isupper() else obs, channel, True):
            for word in lexicon.by_key.get(key, ()):
                costs = [channel.log_p(letter, seg) for letter, seg in zip(word, segs)]
                expected = None if None in costs else sum(costs)
                assert channel_cost(word, segs, channel) == expected, (word, segs)
                checked += 1
    assert checked > 1000


def test_a_word_without_an_inner_capital_is_observed_as_letter_by_letter(normaliser):
    """observed() lowers a word with no capital after its first letter at once; the letter-by-letter
    path keeps an inner capital the channel reads as a misreading ("behGver")."""
    channel = normaliser.model.channel

    def letter_by_letter(token):
        if token.isupper() or len(token) < 2:
            return token.lower()
        return token[0].lower() + "".join(c if c.isupper() and c in channel.by_ocr else c.lower() for c in token[1:])

    tokens = ocr_like_words(random.Random(7), 3000)
    tokens += [word.capitalize() for word in tokens[:1000]] + [word.upper() for word in tokens[1000:1500]]
    tokens += ["behGver", "Kommun", "KOMMUN", "A1", "a1B", "åÄö", "ÅÄÖ", "Ǆx", "aǅ", "İstanbul", "aİ", "1", "x", "6ver"]
    assert [observed(token, channel) for token in tokens] == [letter_by_letter(token) for token in tokens]
    assert observed("behGver", channel) == "behGver" and observed("Kommun", channel) == "kommun"
