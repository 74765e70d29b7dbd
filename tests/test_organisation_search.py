"""The organisation search's shortcut (ClosestAlias: aliases near the key's length only, each key
searched once) finds exactly what rapidfuzz's extractOne over every alias finds."""
from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from protokoll.datafiles import SAMPLES_DIR
from protokoll.structure.organisations import WORD, ClosestAlias, cutoff_for, load_gazetteer, skeleton

MINUTES = Path(__file__).parent / "resources" / "minutes"


def extract_one(key: str, aliases: list[str]) -> str | None:
    """The search as it was: every alias of the window's word count compared."""
    found = process.extractOne(key, aliases, scorer=fuzz.ratio, score_cutoff=cutoff_for(key))
    return found[0] if found else None


def damaged(alias: str, seed: int) -> str:
    """The alias with one or two letters changed and maybe one dropped, as OCR does."""
    letters = list(alias)
    for step in range(1 + seed % 2):
        at = (seed * 7 + step * 13) % len(letters)
        letters[at] = "i" if letters[at] != "i" else "l"
    if seed % 3 == 0:
        del letters[(seed * 5) % len(letters)]
    return "".join(letters)


def windows_of_real_text() -> list[tuple[int, str]]:
    """(word count, skeleton) of every window of 2-5 words in the samples and test minutes."""
    found = set()
    for path in [*SAMPLES_DIR.glob("*.txt"), *MINUTES.glob("*.txt")]:
        keys = [skeleton(w) for w in WORD.findall(path.read_text(encoding="utf-8"))]
        for length in range(2, 6):
            found.update((length, " ".join(keys[i : i + length])) for i in range(len(keys) - length + 1))
    return sorted(found)


def test_the_shortcut_finds_what_extract_one_finds_in_real_text():
    gaz = load_gazetteer()
    windows = [(n, key) for n, key in windows_of_real_text() if len(key) >= 10]
    assert len(windows) > 10_000
    matched = 0
    for length, key in windows:
        aliases = gaz.aliases_by_length.get(length, [])
        expected = extract_one(key, aliases)
        assert ClosestAlias(aliases)(key) == expected, key
        matched += expected is not None
    assert matched > 20  # the samples name organisations, some OCR-damaged


@pytest.mark.parametrize("length", [2, 3, 4, 5])
def test_the_shortcut_finds_what_extract_one_finds_for_damaged_names(length):
    aliases = load_gazetteer().aliases_by_length[length]
    closest = ClosestAlias(aliases)
    keys = [damaged(alias, seed) for seed, alias in enumerate(aliases) if len(alias) >= 10]
    results = [closest(key) for key in keys]
    assert results == [extract_one(key, aliases) for key in keys]
    assert results == [closest(key) for key in keys]  # asked again: from the memo, the same
    assert sum(r is not None for r in results) > len(keys) // 3
