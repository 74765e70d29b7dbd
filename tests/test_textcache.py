"""The normalised-text cache key: each input of the normaliser changes it, nothing else does."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from protokoll.datafiles import DATA_DIR
from protokoll.normalize import STEPS, Config, lexicon
from protokoll.pipeline.textcache import CODE_DIR, KeyInputs, cache_key


@pytest.fixture
def inputs(tmp_path) -> KeyInputs:
    """Copies of this installation's inputs, to edit: the normaliser's code, all of data/, the dictionary."""
    shutil.copytree(CODE_DIR, tmp_path / "normalize", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("samples"))
    (tmp_path / "hunspell").mkdir()
    dictionary = []
    for path in (lexicon.WORD_FORMS_DIC, lexicon.WORD_FORMS_DIC.with_suffix(".aff")):
        copy = tmp_path / "hunspell" / path.name
        copy.write_bytes(path.read_bytes() if path.exists() else b"SET UTF-8\n")
        dictionary.append(copy)
    return KeyInputs(tmp_path / "normalize", tmp_path / "data" / "normalize", "3.1.1", tuple(dictionary))


def appended(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(line)


EDITS = {
    "the normaliser's code": lambda i: appended(i.code_dir / "dashes.py", "\n# changed\n"),
    "a new module of the normaliser": lambda i: (i.code_dir / "new_step.py").write_text("STEP = 1\n"),
    "a lexicon in data/normalize": lambda i: appended(i.data_dir / "domain.txt", "Kärrsjöbäcken\n"),
    "the learned corpus": lambda i: appended(next((i.data_dir / "corpus").glob("*.txt")), "\nEn mening till.\n"),
    "the hunspell dictionary": lambda i: appended(i.dictionary[0], "nyord\n"),
    "the hunspell affix file": lambda i: appended(i.dictionary[1], "# changed\n"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_each_input_of_the_normaliser_changes_the_key(inputs, edit):
    before = cache_key("abc123", inputs)
    edit(inputs)
    assert cache_key("abc123", inputs) != before


def test_the_library_versions_the_settings_and_the_learned_text_change_the_key(inputs):
    key = cache_key("abc123", inputs)
    assert cache_key("abc123", dataclasses.replace(inputs, wordfreq_version="3.2.0")) != key
    assert cache_key("abc123", dataclasses.replace(inputs, language_detector_version="9.9")) != key
    assert cache_key("abc123", inputs, Config(context_weight=1.5)) != key
    assert cache_key("abc123", inputs, steps=STEPS[:-1]) != key
    assert cache_key("abc123", inputs, Config(), STEPS) == key
    assert cache_key("def456", inputs) != key
    assert cache_key("", inputs) != key


def test_a_missing_dictionary_is_an_input_too(inputs):
    key = cache_key("", inputs)
    inputs.dictionary[0].unlink()
    assert cache_key("", inputs) != key


def test_the_gazetteer_and_other_data_do_not_change_the_key(inputs):
    key = cache_key("abc123", inputs)
    data = inputs.data_dir.parent
    appended(data / "gazetteer" / "kommuner.tsv", "9999\tNykommun\n")
    appended(data / "topics.toml", "\n# changed\n")
    (data / "structure_patterns.toml").write_text("# a data file of another stage\n")
    assert cache_key("abc123", inputs) == key


def test_the_key_is_the_same_for_the_same_inputs(inputs):
    assert cache_key("abc123", inputs) == cache_key("abc123", dataclasses.replace(inputs))
    assert cache_key("abc123") == cache_key("abc123", KeyInputs())
