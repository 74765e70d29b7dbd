"""Where real words compete (är/år, här/har), the word-bigram context (context.py) decides:
the second part of the word step, for legacy pages."""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from protokoll.normalize.learn import COMMA, END, NUMBERS, START
from protokoll.normalize.settings import Config
from protokoll.normalize.slots import NUMBER, Slot, neighbour
from protokoll.normalize.word_counts import PairCounts
from protokoll.normalize.words import Candidate

if TYPE_CHECKING:
    from protokoll.normalize.model import Model

_LONE_NUMBER = re.compile(r"(?<!\S)\d[\d.,]*(?!\S)")
COLUMN_SLACK = 1  # characters a number of the line above or below may stand off this one's column
NAME_BONUS = 2.0  # log10: a capitalised word inside a sentence, or before another, is likely a name
# The real corpus's word pairs overrule the choice between real words (var/vår, lån/län) only with
# a strong lead: its trigram estimate times the channel at least this much likelier (log10) ...
CORPUS_MARGIN = 1.0
CORPUS_MIN_PAIR = 3  # ... resting on a pair of the new reading the corpus saw at least this often
CORPUS_SIDE_AGAINST = 0.5  # log10: and with neither neighbour favouring the reading as chosen by more
CORPUS_MIN_WORD = 20  # readings the corpus saw fewer times are left to the context above
CORPUS_MIN_REPAIR = 10  # a repair chosen before that the corpus saw fewer times stands ("Dor": Dnr; ärlig, seen 12, may yield)
CORPUS_SMOOTHING = 1000.0  # Dirichlet pseudo-count: an unseen pair falls back on the words' own shares ...
CORPUS_UNSEEN = 1.0  # ... and on this: the corpus keeps only pairs seen twice, so "unseen" may be once
MAX_CORPUS_CHOICES = 200_000  # decisions remembered (ContextModel.corpus_choices), as the readings are


def decide_in_context(slots: list[Slot], text: str, model: Model, config: Config) -> None:
    """Choose the readings of a page together (Viterbi over each run of linked words): each
    reading's own score, how common it is in minutes and, between neighbours of one sentence,
    how often their pair was seen in clean Swedish. Deciding word by word instead lets one wrong
    choice mislead the next ("har kat": här kåt, for har ökat).

    >>> from protokoll.normalize import Normaliser
    >>> from protokoll.normalize.slots import slots_of
    >>> normaliser, text = Normaliser.load(), "Det ar viktigt for oss, och har ar det bra."
    >>> slots = slots_of(text, True, normaliser.model, normaliser.config, {})
    >>> [slot.choice.word for slot in slots if slot.token == "har"]  # the likelier word alone
    ['har']
    >>> decide_in_context(slots, text, normaliser.model, normaliser.config)
    >>> [(slot.choice.word, slot.choice.reason) for slot in slots if slot.token == "har"]
    [('här', 'context och_är')]
    """
    options = {i: found for i, slot in enumerate(slots)
               if slot.unaries is not None and (found := _options(slots, i, text, model, config))}
    changed = [i for lo, hi in _linked_runs(slots, options) for i in _viterbi(slots, options, lo, hi, model, config)]
    context = model.context
    for i in changed:  # the reason and lead of each change, its neighbours as chosen
        slot = slots[i]
        left, right = neighbour(slots, i, -1), neighbour(slots, i, +1)
        lead = {c.word: unary + config.context_weight * context.boost(left, c.word, right) for c, unary in options[i]}
        as_written = next((lead[c.word] for c, _ in options[i] if c.word == slot.obs or c is NUMBER), lead[slot.choice.word])
        slot.choice = Candidate(slot.choice.word, lead[slot.choice.word], f"context {left or ''}_{right}")
        slot.advantage = lead[slot.choice.word] - as_written
    if model.context.corpus is not None:
        for i, slot in enumerate(slots):
            if i in options or slot.withheld:
                _corpus_decides(slots, i, options.get(i), model)


def _linked_runs(slots: list[Slot], options: dict) -> list[tuple[int, int]]:
    """Runs (first, last slot) of words joined to an open choice within a sentence; outside
    them every word is fixed, and runs are independent of each other."""
    runs: list[list[int]] = []
    for i in sorted(options):
        lo = i - 1 if i > 0 and not slots[i].before else i
        hi = i + 1 if i + 1 < len(slots) and not slots[i + 1].before else i
        if runs and lo <= runs[-1][1]:
            runs[-1][1] = hi
        else:
            runs.append([lo, hi])
    return [(lo, hi) for lo, hi in runs]


def _viterbi(slots: list[Slot], options: dict, lo: int, hi: int, model: Model, config: Config) -> list[int]:
    """Set the best readings of slots lo..hi together; returns the slots whose choice changed."""
    lifts, weight = model.context.lifts, config.context_weight
    chain = [options.get(i) or [(slots[i].choice, 0.0)] for i in range(lo, hi + 1)]
    best = [unary for _, unary in chain[0]]
    back: list[list[int]] = []
    for previous, current in zip(chain, chain[1:]):
        if len(previous) == 1:  # a fixed word before (most runs start with one): nothing to compare
            word = previous[0][0].word
            best = [best[0] + weight * lifts[word, candidate.word] + unary for candidate, unary in current]
            back.append([0] * len(current))
            continue
        totals, pointers = [], []
        for candidate, unary in current:
            total, j = max((best[j] + weight * lifts[p.word, candidate.word], j) for j, (p, _) in enumerate(previous))
            totals.append(total + unary)
            pointers.append(j)
        best = totals
        back.append(pointers)
    k = max(range(len(best)), key=best.__getitem__)
    changed = []
    for i in range(hi, lo - 1, -1):
        candidate = chain[i - lo][k][0]
        if candidate is not slots[i].choice:
            slots[i].choice = candidate
            changed.append(i)
        if i > lo:
            k = back[i - lo - 1][k]
    return changed


def _options(slots: list[Slot], i: int, text: str, model: Model, config: Config) -> list[tuple[Candidate, float]] | None:
    """The readings context may choose between at slot i, each with its score before word pairs:
    its unary score (unaries()), a name's bonus in a name's place, and the sentence end after it.
    None for a slot with one reading: it is fixed."""
    slot = slots[i]
    options = slot.unaries
    if options is None:
        return None
    if slot.choice is NUMBER and (not _between_words(slot, neighbour(slots, i, -1), neighbour(slots, i, +1), text)
                                  or in_number_column(text, slot.start, len(slot.token))):
        return None
    # The sentence end or comma after it
    after = END if i + 1 == len(slots) else slots[i + 1].before
    name_bonus = 0.0
    names = slot.names
    if names and slot.token[:1].isupper():
        name_bonus = NAME_BONUS if _in_name_position(slots, i, neighbour(slots, i, -1), text) else 0.0
    if after or name_bonus:
        lift = model.context.lift
        options = [(c, unary + (name_bonus if c.word in names else 0.0)
                    + (config.context_weight * lift(c.word, after) if after else 0.0)) for c, unary in options]
    return options


def _in_name_position(slots: list[Slot], i: int, left: str | None, text: str) -> bool:
    """A capitalised word inside a sentence, or before another capitalised word ("Par Lindén")."""
    token = slots[i].token
    if not token[:1].isupper() or token.isupper():
        return False
    if left is not None and left not in NUMBERS:
        return True
    following = slots[i + 1] if i + 1 < len(slots) else None
    return bool(following and following.token[:1].isupper() and not following.token.isupper()
                and text[slots[i].start + len(token):following.start] == " ")


def _between_words(slot: Slot, left: str | None, right: str | None, text: str) -> bool:
    """A number standing alone between two words of one sentence ("ledamot 1 nämnden", not "3,1 miljoner")."""
    end = slot.start + len(slot.token)
    return (left not in (None, *NUMBERS) and right not in (END, COMMA, *NUMBERS) and text[slot.start - 1:slot.start].isspace()
            and text[end:end + 1].isspace())


def in_number_column(text: str, start: int, length: int) -> bool:
    r"""Is the lone number at `start` a cell of a table, so a digit and no "i" misread? It is when
    its line holds another lone number at most one word away ("1 rok 4 rok 5 rok"), or the line above or below holds
    one in the same column ("Lager 1 år" over "Lager 1 år"), or opens or ends that line as this
    one opens or ends its own ("hus 1" over "hus 3"). Prose seldom stacks lone numbers so.

    >>> in_number_column("Lägenheter 1 rok 4 rok", 11, 1), in_number_column("Lager 3 ar\nLager 1 ar", 17, 1)
    (True, True)
    >>> in_number_column("vi var 1 Stockholm\nfor att se det", 7, 1), in_number_column("hållet 4 stadshuset den 7 maj", 7, 1)
    (False, False)
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    for m in _LONE_NUMBER.finditer(text, line_start, line_end):  # cells: a number, a word, a number
        if m.start() != start and len(text[min(m.end(), start + length):max(m.start(), start)].split()) <= 1:
            return True
    column = start - line_start
    opens, ends = not text[line_start:start].strip(), not text[start + length:line_end].strip()
    neighbours = []
    if line_start > 0:
        above = text.rfind("\n", 0, line_start - 1) + 1
        neighbours.append((above, line_start - 1))
    if line_end < len(text):
        below = text.find("\n", line_end + 1)
        neighbours.append((line_end + 1, len(text) if below < 0 else below))
    for lo, hi in neighbours:
        numbers = list(_LONE_NUMBER.finditer(text, lo, hi))
        if any(abs(m.start() - lo - column) <= COLUMN_SLACK for m in numbers):
            return True
        line = text[lo:hi].strip()
        if numbers and ((opens and line.startswith(numbers[0].group())) or (ends and line.endswith(numbers[-1].group()))):
            return True
    return False


def corpus_sides(corpus: PairCounts, left: str, word: str, right: str) -> tuple[float, float]:
    """log10 P(word | left) and log10 P(right | word) from the real corpus's pair counts
    (Dirichlet-smoothed towards each word's share), less what is the same for every reading of a slot.

    >>> corpus = PairCounts.of({"och": 10**6, "till": 50, "var": 80, "vår": 20, "luft": 5}, {("till", "vår"): 9, ("till", "var"): 3})
    >>> sum(corpus_sides(corpus, "till", "vår", "luft")) > sum(corpus_sides(corpus, "till", "var", "luft"))
    True
    """
    share = CORPUS_SMOOTHING / corpus.total
    before = math.log10(corpus.pair(left, word) + CORPUS_UNSEEN + share * max(1, corpus.count(word)))
    after = (math.log10(corpus.pair(word, right) + CORPUS_UNSEEN + share * max(1, corpus.count(right)))
             - math.log10(corpus.count(word) + CORPUS_SMOOTHING))
    return before, after


def _corpus_decides(slots: list[Slot], i: int, options: list[tuple[Candidate, float]] | None, model: Model) -> None:
    """Slot i's reading as the real corpus's word pairs choose it (corpus_choice) among its
    `options` (the context's) and the readings withheld for it, remembered per neighbours, token
    and choice (which fix the readings): a page set asks the same few thousand times."""
    slot = slots[i]
    left, right = (neighbour(slots, i, -1) or START).lower(), (neighbour(slots, i, +1) or END).lower()
    memo = model.context.corpus_choices
    key = (left, right, slot.token, slot.choice.word)
    found = memo.get(key, False)
    if found is False:
        if len(memo) > MAX_CORPUS_CHOICES:
            memo.clear()
        readings = [c for c, _ in options] if options else [slot.choice]
        found = memo[key] = corpus_choice(left, right, slot.obs, slot.choice, readings + list(slot.withheld), model)
    if found is not None:
        slot.choice, slot.advantage = found


def corpus_choice(left: str, right: str, obs: str, choice: Candidate, readings: list[Candidate],
                  model: Model) -> tuple[Candidate, float] | None:
    """The reading the real corpus's word pairs choose between `left` and `right` (lower-cased
    neighbours, START/END at a sentence's edges), with its lead over the word as written; None
    to keep `choice`. Another reading is chosen where it is far likelier (CORPUS_MARGIN, the
    channel included, with a pair of it seen CORPUS_MIN_PAIR times, and neither neighbour
    against it by more than CORPUS_SIDE_AGAINST): "Fr att" is För att, "50 Gre per" öre, "Har
    kommer" Här; "fastigheten är sedan" stays (år sedan is common, "fastigheten år" is not).
    The minutes' own pairs (Viterbi above) are too few to know these. Where the corpus writes
    the reading as chosen beside a number, as here, it stays: the corpus counts every number as
    one token, and "<number> år" would outweigh "varav 29 är" ("nr 12" would be "när"); "50 gre"
    is no pair at all."""
    corpus, logp = model.context.corpus, model.words.lexicon.logp
    chosen_word = choice.word
    others = [c.word for c in readings if c.word != chosen_word and c is not NUMBER]
    if not any(max(corpus.pair(left, word), corpus.pair(word, right)) >= CORPUS_MIN_PAIR for word in others):
        return None  # no other reading has a pair to rest on (the common case: one look-up or two each)
    for side in (left, right):
        if side.isalpha() and corpus.count(side) < CORPUS_MIN_WORD:
            return None  # a neighbour the corpus hardly knows (OCR junk: "Alla vagar ine|te") leaves the evidence one-sided
    if (left in NUMBERS and corpus.pair(left, chosen_word) >= CORPUS_MIN_PAIR) \
            or (right in NUMBERS and corpus.pair(chosen_word, right) >= CORPUS_MIN_PAIR):
        return None  # the corpus writes the reading as chosen beside a number ("nr 12", "varav 29 är"): it stays
    scored = {}
    for candidate in readings:
        word = candidate.word
        if candidate is NUMBER or word not in logp or not word.isalpha() \
                or (word != chosen_word and corpus.count(word) < CORPUS_MIN_WORD):
            continue
        scored[word] = (corpus_sides(corpus, left, word, right), candidate.score - logp[word], candidate)  # the channel's cost
    chosen = scored.get(chosen_word)
    if chosen is None or len(scored) < 2 or any(model.is_name(word) for word in scored):
        return None  # a name's reading is the page's and the name lists' to decide, not the corpus's
    if chosen_word != obs and corpus.count(chosen_word) < CORPUS_MIN_REPAIR:
        return None  # a repair the corpus hardly knows rests on other evidence ("Dor": Dnr)
    total = {word: sum(evidence) + channel for word, (evidence, channel, _) in scored.items()}
    word = max(total, key=total.__getitem__)
    if word == chosen_word or total[word] - total[chosen_word] < CORPUS_MARGIN:
        return None
    if any(new - old < -CORPUS_SIDE_AGAINST for new, old in zip(scored[word][0], chosen[0])):
        return None
    if max(corpus.pair(left, word), corpus.pair(word, right)) < CORPUS_MIN_PAIR:
        return None
    return Candidate(word, scored[word][2].score, f"corpus context {left}_{right}"), total[word] - total.get(obs, total[chosen_word])
