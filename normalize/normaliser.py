"""The `Normaliser`: a config and a model, and the steps run over a page with them."""
from __future__ import annotations

from functools import lru_cache, partial

from protokoll.normalize import hyphenation, legacy
from protokoll.normalize.casing import restore_case
from protokoll.normalize.learn import LearnedText
from protokoll.normalize.model import Model
from protokoll.normalize.settings import DEFAULT, Change, Config, Edit, apply_edits
from protokoll.normalize.steps import STEPS, Page, Step
from protokoll.normalize.word_choice import Reading

CASE_MEMO_SIZE = 100_000


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

    def repair(self, text: str) -> str:
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
        return apply_edits(joined, self.edits(joined))

    def explain(self, text: str) -> tuple[str, list[Change]]:
        """Repair `text` and list every change (original, replacement, reason, score, position in `text`).

        >>> Normaliser.load().explain("I Jimtlands ldn har det linge funnits samverkan i fragor mellan kommunerna")[0]
        'I Jämtlands län har det länge funnits samverkan i frågor mellan kommunerna'
        """
        joined, changes, shifts = hyphenation.join_recording(text)
        edits = self.edits(joined)
        changes += [Change(original, replacement, reason, round(score, 2), hyphenation.original_offset(shifts, start))
                    for start, original, replacement, reason, score in edits]
        return apply_edits(joined, edits), sorted(changes, key=lambda c: c.position)

    def edits(self, joined: str) -> list[Edit]:
        """Every edit the steps propose for `joined` (hyphenation joined), in order of position."""
        page = Page(self.is_legacy(joined), self)
        edits = [edit for step in self.steps if step.runs_on(page) for edit in step.find(joined, page)]
        return sorted(edits, key=lambda e: e[0])


def _loaded_again(config: Config, learned: LearnedText | None, steps: tuple[Step, ...]) -> Normaliser:
    normaliser = Normaliser.load(config, learned)
    normaliser.steps = steps
    return normaliser
