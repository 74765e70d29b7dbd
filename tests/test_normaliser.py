"""The normaliser as an object: explain() agrees with repair(), two configurations in one
process, extending and pickling, and the registry of steps."""
from __future__ import annotations

import pickle
import tomllib
from pathlib import Path

import pytest

from protokoll.normalize import STEPS, Change, Config, Normaliser, Step
from protokoll.normalize.learn import learn_from_texts

RESOURCES = Path(__file__).parent / "resources" / "normalize"
CASE_FILES = ("cases.toml", "must_not_change.toml", "known_failures.toml")
LEGACY = "Samverkan mellan kommunerna ar en forutsattning for att kommunerna ska kunna utfora sina uppdrag."


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser.load()


def case_texts() -> list[tuple[str, str]]:
    texts = []
    for name in CASE_FILES:
        for case in tomllib.loads((RESOURCES / name).read_text(encoding="utf-8"))["case"]:
            texts.append((f"{name}: {case['name']}", case.get("original", case.get("text"))))
    return texts


def applied(text: str, changes: list[Change]) -> str:
    """`text` with each change made where it says, checking that the original is there."""
    out, last = [], 0
    for change in changes:
        assert change.position >= last, f"{change} overlaps the change before it"
        assert text[change.position:change.position + len(change.original)] == change.original, change
        out.append(text[last:change.position] + change.replacement)
        last = change.position + len(change.original)
    return "".join(out) + text[last:]


@pytest.mark.parametrize("name, text", case_texts(), ids=[name for name, _ in case_texts()])
def test_explains_changes_applied_to_the_input_give_what_repair_gives(normaliser, name, text):
    repaired, changes = normaliser.explain(text)
    assert repaired == normaliser.repair(text)
    assert applied(text, changes) == repaired


def test_explain_and_repair_agree_where_a_joined_word_is_also_repaired(normaliser):
    text = "Det ar en fraga om utveck-\nlingen av 6verenskommelsen och for-\nutsattningarna i lanet."
    repaired, changes = normaliser.explain(text)
    assert "förutsättningarna" in repaired
    assert applied(text, changes) == repaired == normaliser.repair(text)


def test_two_configurations_live_in_one_process(normaliser):
    # Timid: the page is clean to it, and no single lost å/ä/ö is restored (the diacritics step).
    timid = Normaliser(Config(legacy_min_stripped=50, legacy_short_letters=0, diacritics_min_advantage=float("inf")),
                       normaliser.model)
    assert normaliser.is_legacy(LEGACY) and not timid.is_legacy(LEGACY)
    assert normaliser.repair(LEGACY).startswith("Samverkan mellan kommunerna är en förutsättning")
    assert timid.repair(LEGACY) == LEGACY  # clean to it: only junk would be fixed, and there is none
    assert normaliser.repair(LEGACY) != LEGACY  # each keeps its own memos: neither spoils the other


def test_extended_is_a_new_normaliser_and_the_old_one_is_unchanged(normaliser):
    legacy = "Arendet om tillvaxtfragor i Gallo diskuterades ocksa nar det var mojligt."
    before, known_as = normaliser.repair(legacy), normaliser.model.words.lexicon.logp.get("gällö")
    taught = normaliser.extended(learn_from_texts(["Ärendet behandlades i Gällö. Frågor i Gällö diskuterades."]))
    assert "Gällö" in taught.repair(legacy) and "Gällö" not in before
    assert normaliser.repair(legacy) == before
    assert normaliser.model.words.lexicon.logp.get("gällö") == known_as < taught.model.words.lexicon.logp["gällö"]
    assert normaliser.model.context.bigrams["i", "gällö"] < taught.model.context.bigrams["i", "gällö"]


def test_a_loaded_normaliser_pickles_as_its_recipe_and_repairs_the_same(normaliser):
    taught = normaliser.extended(learn_from_texts(["Ärendet behandlades i Gällö. Frågor i Gällö diskuterades."]))
    data = pickle.dumps(taught)
    assert len(data) < 1_000_000  # the recipe, not the lexicon
    again = pickle.loads(data)
    legacy = "Arendet om tillvaxtfragor i Gallo diskuterades ocksa nar det var mojligt."
    assert again.repair(legacy) == taught.repair(legacy)
    assert again.config == taught.config and again.steps == taught.steps


def test_a_normaliser_of_a_hand_made_model_says_it_cannot_be_pickled(normaliser):
    with pytest.raises(TypeError, match="Normaliser.load"):
        pickle.dumps(Normaliser(Config(), normaliser.model))


def test_the_registry_names_each_step_once_and_a_step_can_be_left_out(normaliser):
    names = [step.name for step in STEPS]
    assert names == ["words", "diacritics", "dashes", "stray marks", "split numbers"]
    dashes_only = Normaliser(normaliser.config, normaliser.model, tuple(s for s in STEPS if s.name == "dashes"))
    assert dashes_only.repair(LEGACY + " Kl. 13.00-16.30") == LEGACY + " Kl. 13.00–16.30"


def test_a_step_added_to_the_registry_runs_and_explains_itself(normaliser):
    shout = Step("shout", lambda text, page: [(0, text[:9], text[:9].upper(), "example", 0.0)], legacy_only=True)
    loud = Normaliser(normaliser.config, normaliser.model, (shout,))
    repaired, changes = loud.explain(LEGACY)
    assert repaired.startswith("SAMVERKAN mellan") and [c.reason for c in changes] == ["example"]
