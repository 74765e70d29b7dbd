"""The page agrees with itself: the third part of the word step, for legacy pages. A rare word
spelled with its Swedish letter in one place is spelled so where OCR left it plain, a
name's genitive as the name, and a name OCR misread once as the page writes it elsewhere."""
from __future__ import annotations

from typing import TYPE_CHECKING

from protokoll.normalize import lexicon as lexicon_module
from protokoll.normalize.slots import Slot
from protokoll.normalize.words import Candidate, is_plain

if TYPE_CHECKING:
    from protokoll.normalize.model import Model

RARE_LOGP = -6.0  # below zipf 3: a name or rare word, spelled one way on a page
GUESSES = ("unknown", "compound", "fuzzy", "multi-error")  # readings no list holds as one word
NAME_ON_PAGE = "a name spelled so elsewhere on the page"


def spell_alike(slots: list[Slot], lexicon: lexicon_module.Lexicon) -> None:
    """A rare word OCR left plain ("Lovbom") takes the spelling that the same word got where
    OCR left a trace of its Swedish letter on the page ("L6vbom" -> "Lövbom").

    >>> from protokoll.normalize import Normaliser
    >>> from protokoll.normalize.slots import slots_of
    >>> normaliser, text = Normaliser.load(), "Ordforande L6vstrand oppnade motet. Lovstrand halsade alla."
    >>> slots = slots_of(text, True, normaliser.model, normaliser.config, {})
    >>> [slot.choice.word for slot in slots if slot.obs.endswith("vstrand")]
    ['lövstrand', 'lovstrand']
    >>> spell_alike(slots, normaliser.model.words.lexicon)
    >>> [slot.choice.word for slot in slots if slot.obs.endswith("vstrand")]
    ['lövstrand', 'lövstrand']
    """
    traced = {}
    for slot in slots:
        if slot.choice.word != slot.obs and slot.choice.reason != "number" and not is_plain(slot.obs):
            traced.setdefault(lexicon_module.fold(slot.choice.word), slot.choice)
    if not traced:
        return
    for slot in slots:
        spelled = traced.get(slot.obs)
        if (spelled and slot.choice.word == slot.obs and spelled.word != slot.obs
                and lexicon.logp.get(slot.obs, -99.0) < RARE_LOGP):
            slot.choice = Candidate(spelled.word, spelled.score, "spelled so elsewhere on the page")


def genitives_alike(slots: list[Slot]) -> None:
    """A name's genitive is spelled as the name is on the page: "Henrik Stal (C)" read Stål makes
    "Henrik Stals yrkande" Ståls, though "stals" alone is the likelier word.

    >>> from protokoll.normalize import Normaliser
    >>> from protokoll.normalize.in_context import decide_in_context
    >>> from protokoll.normalize.slots import slots_of
    >>> normaliser, text = Normaliser.load(), "Henrik Stal (C) yrkar bifall till Henrik Stals yrkande."
    >>> slots = slots_of(text, True, normaliser.model, normaliser.config, {})
    >>> decide_in_context(slots, text, normaliser.model, normaliser.config)
    >>> [slot.choice.word for slot in slots if slot.token.startswith("Stal")]
    ['stål', 'stals']
    >>> genitives_alike(slots)
    >>> [slot.choice.word for slot in slots if slot.token.startswith("Stal")]
    ['stål', 'ståls']
    """
    names = {slot.obs: slot.choice.word for slot in slots
             if slot.choice.word != slot.obs and slot.token[:1].isupper() and slot.choice.reason != "number"}
    if not names:
        return
    for slot in slots:
        if slot.obs[-1:] == "s" and slot.choice.word == slot.obs and slot.obs[:-1] in names:
            name = names[slot.obs[:-1]]
            if slot.token[:1].isupper() and lexicon_module.fold(name) == slot.obs[:-1]:
                slot.choice = Candidate(name + "s", slot.choice.score, "the name's genitive, spelled as the name on the page")


NAME_MIN = 5  # letters of a name the page keeps, for its genitive and compounds to keep it too


def names_kept_alike(slots: list[Slot]) -> None:
    """A rare name in no name list that the page keeps as written inside a sentence ("Maria Losman (MP)")
    is kept so in its genitive and its compounds, which the word model would otherwise read as
    words: "Losmans" is no Los+mäns, "Vrakatdagen" no Vräkatågen.

    >>> from protokoll.normalize import default_normaliser
    >>> default_normaliser().repair("Det sade Maria Losman (MP) om Maria Losmans forslag.")
    'Det sade Maria Losman (MP) om Maria Losmans förslag.'
    """
    kept = [slot.obs for slot in slots if slot.choice.word == slot.obs and slot.choice.score < RARE_LOGP and slot.before is None
            and len(slot.obs) >= NAME_MIN and slot.token[:1].isupper() and slot.token[1:].islower()]
    if not kept:
        return
    for slot in slots:
        if slot.choice.word != slot.obs and slot.token[:1].isupper() and slot.obs.isalpha() and any(
                slot.obs.startswith(name) and len(slot.obs) > len(name)
                and not slot.choice.word.startswith(name) for name in kept):
            slot.choice = Candidate(slot.obs, slot.choice.score, "a name the page keeps")


def names_one_letter_off(slots: list[Slot], model: Model) -> None:
    """A capitalised word that no list knows and the page writes once takes the spelling of a
    capitalised word one letter off that the page writes too, where a list knows that one or
    the page writes it at least twice: "Sundavist" beside "Sundqvist" twice is Sundqvist, not
    Sunda+vist. Two different rare names one letter apart on one page are rarer than one name
    OCR misread once.

    >>> from protokoll.normalize import default_normaliser
    >>> default_normaliser().repair("Ordforande Jan Sundqvist (M). Jan Sundavist (M) yrkar att arendet ater till forvaltningen.")
    'Ordförande Jan Sundqvist (M). Jan Sundqvist (M) yrkar att ärendet åter till förvaltningen.'
    """
    written: dict[str, list[Slot]] = {}
    for slot in slots:
        if slot.token[:1].isupper() and slot.token[1:].islower() and slot.obs.isalpha():
            written.setdefault(slot.obs, []).append(slot)
    guessed = [alike[0] for obs, alike in written.items()
               if len(alike) == 1 and len(obs) >= NAME_MIN and alike[0].choice.reason.startswith(GUESSES)]
    if not guessed:
        return  # most pages: every capitalised word read as a listed one, or written more than once
    by_shape: dict[tuple[int, str], list[str]] = {}  # (where a letter may differ, the rest): the spellings
    for obs in written:
        for i in range(len(obs)):
            by_shape.setdefault((i, obs[:i] + obs[i + 1:]), []).append(obs)
    for slot in guessed:
        obs = slot.obs
        others = {other for i in range(len(obs)) for other in by_shape[i, obs[:i] + obs[i + 1:]] if other != obs}
        trusted = [other for other in others if written[other][0].choice.word == other and (
            written[other][0].choice.reason == "lexicon" or model.is_name(other) or len(written[other]) > 1)]
        if len(trusted) == 1:
            slot.choice = Candidate(trusted[0], written[trusted[0]][0].choice.score, NAME_ON_PAGE)


def surnames_kept(slots: list[Slot], text: str, model: Model) -> None:
    """A capitalised word of plain letters right after a first name is a surname: it keeps its
    letters ("Birger Vaara (SD)" is no "Birger Våra"). Only a lost å/ä/ö may be restored
    ("Karin Sodergren" Södergren), or a name of the lists or of the page read ("Anna Anderssen" Andersson).

    >>> from protokoll.normalize import default_normaliser
    >>> default_normaliser().repair("Ledamoter: Birger Vaara (SD) och Anna Sodergren (S).")
    'Ledamöter: Birger Vaara (SD) och Anna Södergren (S).'
    """
    for first, slot in zip(slots, slots[1:]):
        choice = slot.choice
        if (choice.word != slot.obs and choice.reason != NAME_ON_PAGE and slot.token[:1].isupper()
                and slot.token[1:].islower() and is_plain(slot.obs)
                and lexicon_module.fold(choice.word) != slot.obs and not model.is_name(choice.word)
                and first.token[:1].isupper() and first.choice.word in model.person_names
                and text[first.start + len(first.token):slot.start] == " "):
            slot.choice = Candidate(slot.obs, choice.score, "a surname after a first name")
