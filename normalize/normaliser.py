"""The `Normaliser`: a config and a model, and the steps run over a page with them."""
from __future__ import annotations

from functools import lru_cache, partial
from typing import NamedTuple

from protokoll.normalize import hyphenation, language, legacy
from protokoll.normalize.casing import restore_case
from protokoll.normalize.learn import OCR_TOKEN, LearnedText
from protokoll.normalize.model import Model
from protokoll.normalize.settings import DEFAULT, Change, Config, Edit, apply_edits
from protokoll.normalize.steps import STEPS, Page, Step
from protokoll.normalize.slots import Reading, reading

CASE_MEMO_SIZE = 100_000


class PageSwitches(NamedTuple):
    """What the normaliser decides about a page before its steps run (Normaliser.switches)."""

    legacy: bool  # is_legacy() of the page without its foreign paragraphs
    foreign: tuple[language.Passage, ...]  # paragraphs in another language: left as written


class Normaliser:
    """Repairs OCR'd Swedish with one config and one model.

    Build it with `Normaliser.load(config)` (the committed data), or `Normaliser(config, model)`;
    `normaliser.extended(learned)` is a new normaliser that also knows what clean texts taught.
    The memos of readings and case live on the object, so two normalisers in one process do not
    share (or spoil) each other's. Pickled, a loaded normaliser travels as its recipe (config and
    what it learned) and is loaded again on the other side: the lexicon's dictionary forms are
    memory-mapped and cannot be pickled.
    """

    def __init__(self, config: Config, model: Model, steps: tuple[Step, ...] = STEPS, *,
                 learned: LearnedText | None = None, loaded: bool = False):
        self.config = config
        self.model = model
        self.steps = steps
        self.readings: dict[bool, dict[str, Reading | None]] = {True: {}, False: {}}  # legacy? -> token -> reading
        self.restore_case = lru_cache(maxsize=CASE_MEMO_SIZE)(partial(restore_case, is_small_word=model.is_small_word))
        self.restorations: dict[str, tuple[str, float] | None] = {}  # the diacritics step's decisions, per word
        self._learned = learned  # what extended() taught a loaded model: the recipe, with config and steps
        self._loaded = loaded

    @classmethod
    def load(cls, config: Config = DEFAULT, learned: LearnedText | None = None) -> Normaliser:
        """A normaliser with the committed lexicons, channel and context model, and what `learned` adds."""
        normaliser = cls(config, Model.load(), loaded=True)
        return normaliser.extended(learned) if learned is not None else normaliser

    def extended(self, learned: LearnedText) -> Normaliser:
        """A new normaliser that also knows the words and word pairs of clean texts (see
        learn.learn_from_texts), e.g. the born-digital documents of an archive; this one is
        left as it was."""
        taught = LearnedText()
        for counts in (self._learned, learned):
            if counts is not None:
                taught.update(counts)
        return Normaliser(self.config, self.model.extended(learned), self.steps, learned=taught, loaded=self._loaded)

    def __reduce__(self):
        if not self._loaded:
            raise TypeError("only a Normaliser made by Normaliser.load() can be pickled (it is sent as its recipe)")
        return _loaded_again, (self.config, self._learned, self.steps)

    def is_legacy(self, text: str) -> bool:
        """Does `text` read like Swedish OCR'd without Swedish letters? (legacy.is_legacy)"""
        return legacy.is_legacy(text, self.model, self.config)

    def repair(self, text: str, switches: PageSwitches | None = None) -> str:
        """Repair OCR'd Swedish; clean text comes back unchanged except for obvious junk.

        >>> normaliser = Normaliser.load()
        >>> normaliser.repair("Fjarrundervisningen ir extra viktig att dra i gemensamt, och det ar viktigt.")
        'Fjärrundervisningen är extra viktig att dra i gemensamt, och det är viktigt.'
        >>> normaliser.repair("Region Jämtland Härjedalen, RUN/16/2020, 2019-04-22.")
        'Region Jämtland Härjedalen, RUN/16/2020, 2019-04-22.'
        """
        # explain()'s text, without building the Change records the pipeline never reads (a frozen
        # dataclass is dear to make: some 7% of the time on legacy text went to them).
        joined = hyphenation.join_recording(text)[0]
        return apply_edits(joined, self.edits(joined, switches))

    def explain(self, text: str, switches: PageSwitches | None = None) -> tuple[str, list[Change]]:
        """Repair `text` and list every change (original, replacement, reason, score, position in `text`).

        >>> Normaliser.load().explain("I Jimtlands ldn har det linge funnits samverkan i fragor mellan kommunerna")[0]
        'I Jämtlands län har det länge funnits samverkan i frågor mellan kommunerna'
        """
        joined, joins, shifts = hyphenation.join_recording(text)
        edits = self.edits(joined, switches)
        if not joins:  # most pages: every change is an edit, at its place in the text as given
            changes = [Change(original, replacement, reason, round(score, 2), start) for start, original, replacement, reason, score in edits]
        else:
            changes = _changes_with_joins(text, joined, joins, shifts, edits)
        return apply_edits(joined, edits), changes

    def edits(self, joined: str, switches: PageSwitches | None = None) -> list[Edit]:
        """Every edit the steps propose for `joined` (hyphenation joined), in order of position.

        Paragraphs in another language (language.py) are blanked first: the steps, and the legacy
        switch, see only the Swedish, so a quoted English letter is neither "repaired" nor counted
        as a page without å/ä/ö. `switches`: the page's, if `switches(joined)` was asked before.
        """
        switches = switches or self.switches(joined)
        swedish = language.blanked(joined, switches.foreign)
        page = Page(switches.legacy, self)
        edits = [edit for step in self.steps if step.runs_on(page) for edit in step.find(swedish, page)]
        return sorted(edits, key=lambda e: e[0])

    def switches(self, joined: str) -> PageSwitches:
        """What is decided about the page `joined` (hyphenation joined) before the steps run: its
        foreign paragraphs, and whether the rest is legacy OCR."""
        foreign = tuple(language.foreign_passages(joined)) if self.config.leave_foreign_alone else ()
        return PageSwitches(self.is_legacy(language.blanked(joined, foreign)), foreign)

    def words_to_read(self, text: str) -> tuple[PageSwitches, list[str]]:
        """The switches of the page `text`, and the words that the word step reads (looks up
        the readings of), in order, if the page is legacy; none for a clean page, which reads
        only the few words that may hold junk. With `add_readings`, the readings of many pages'
        words can be worked out ahead, elsewhere, and with the switches the page need not be
        judged again (pages.py)."""
        joined = hyphenation.join_recording(text)[0]
        switches = self.switches(joined)
        return switches, OCR_TOKEN.findall(language.blanked(joined, switches.foreign)) if switches.legacy else []

    def readings_of(self, words: list[str]) -> list[Reading | None]:
        """The word step's readings of `words` (of a legacy page), as it remembers them."""
        return [reading(word, True, self.model, self.config) for word in words]

    def add_readings(self, words: list[str], readings: list[Reading | None]) -> None:
        """Remember `readings_of(words)`, worked out elsewhere: the word step then finds them.
        Numbers are left for the word step to read again (cheaply): it knows their reading by
        identity (slots.NUMBER), which a reading sent from another process has lost."""
        self.readings[True].update((word, found) for word, found in zip(words, readings)
                                   if found is None or found[2].reason != "number")


def _loaded_again(config: Config, learned: LearnedText | None, steps: tuple[Step, ...]) -> Normaliser:
    normaliser = Normaliser.load(config, learned)
    normaliser.steps = steps
    return normaliser


def _changes_with_joins(text: str, joined: str, joins: list[Change], shifts: hyphenation.Shifts,
                        edits: list[Edit]) -> list[Change]:
    """The joins and the edits as changes of `text`, in order. An edit of a word whose hyphen was
    joined ("for-\\nutsattningarna") becomes one change with the join, so that making the changes
    on `text` gives what repair() gives.
    """
    # (start, end) in the joined text, and the join or edit; a join ends where its shift is recorded.
    spans = [(shift - len(join.replacement), shift, join) for join, (shift, _) in zip(joins, shifts)]
    spans += [(edit[0], edit[0] + len(edit[1]), edit) for edit in edits]
    spans.sort(key=lambda span: span[0])
    groups: list[list[tuple[int, int, Change | Edit]]] = []
    for span in spans:
        if groups and span[0] < max(end for _, end, _ in groups[-1]):
            groups[-1].append(span)
        else:
            groups.append([span])
    changes = []
    for group in groups:
        if len(group) == 1 and isinstance(group[0][2], Change):
            changes.append(group[0][2])
            continue
        start, end = group[0][0], max(end for _, end, _ in group)
        position = hyphenation.original_offset(shifts, start)
        inside = [item for _, _, item in group if not isinstance(item, Change)]
        if len(group) == 1:
            _, original, replacement, reason, score = inside[0]
            changes.append(Change(original, replacement, reason, round(score, 2), position))
            continue
        replacement = apply_edits(joined[start:end], [(s - start, *rest) for s, *rest in inside])
        reasons = "; ".join(["hyphenation"] + [reason for _, _, _, reason, _ in inside])
        changes.append(Change(text[position:hyphenation.original_offset(shifts, end)], replacement, reasons,
                              round(sum(score for *_, score in inside), 2), position))
    return changes
