"""Where real words compete (är/år, här/har), the word-bigram context (context.py) decides:
the second part of the word step, for legacy pages."""
from __future__ import annotations

from typing import TYPE_CHECKING

from protokoll.normalize.learn import COMMA, END, NUMBERS
from protokoll.normalize.settings import Config
from protokoll.normalize.slots import NUMBER, Slot, neighbour
from protokoll.normalize.words import Candidate

if TYPE_CHECKING:
    from protokoll.normalize.model import Model

NAME_BONUS = 2.0  # log10: a capitalised word inside a sentence, or before another, is likely a name


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
    if slot.choice is NUMBER and not _between_words(slot, neighbour(slots, i, -1), neighbour(slots, i, +1), text):
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
