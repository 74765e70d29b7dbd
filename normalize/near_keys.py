"""The folded keys of common words, and which of them are one letter away from a given key.

The word model's last resort for a word in no list is a word one letter away: one letter OCR
added, lost or misread ("awvikelse", "Varmiand"). Scanning every common word of the right length
for each such word (a few thousand Levenshtein comparisons, even in rapidfuzz's C++) was a third
of the CPU time of a first pass over legacy text. Here each key is indexed under every spelling
with one letter deleted (a deletion neighbourhood, as SymSpell does), so the keys one letter away
are found with a few dictionary look-ups:

- a key one letter shorter is one of the query's own deletions;
- a key one letter longer is indexed under the query itself;
- a key of the same length with one letter changed shares a deletion with the query.

Ties are broken as the scan broke them: of the keys one letter away of one length, the first
added wins, so the index answers exactly what the scan answered.
"""
from __future__ import annotations

from typing import Iterable, Iterator

SEPARATOR = "\0"  # in no word


def deletions(key: str) -> set[str]:
    """Every spelling of `key` with one letter left out.

    >>> sorted(deletions("taal"))
    ['aal', 'taa', 'tal']
    """
    return {key[:i] + key[i + 1:] for i in range(len(key))}


class NearKeys:
    """Keys in the order they were added, indexed by their deletions.

    >>> near = NearKeys(["varmland", "fragor", "fragar", "tal"])
    >>> near.one_letter_away("varmiand"), near.one_letter_away("frgor"), near.one_letter_away("fragorr")
    (['varmland'], ['fragor'], ['fragor'])
    >>> near.one_letter_away("fragor")  # itself a key: no other key of its length; none shorter or longer
    []
    >>> near.one_letter_away("ta")
    ['tal']
    """

    def __init__(self, keys: Iterable[str] = ()):
        self.order: dict[str, int] = {}  # key -> when it was added: the first added wins a tie
        # A deletion -> the keys it comes from, joined by SEPARATOR: strings load from the lexicon
        # cache several times faster than as many lists.
        self.by_deletion: dict[str, str] = {}
        for key in keys:
            self.add(key)

    def __len__(self) -> int:
        return len(self.order)

    def __contains__(self, key: str) -> bool:
        return key in self.order

    def add(self, key: str) -> None:
        """Add `key` after every key added before (nothing if it is there already)."""
        if key in self.order:
            return
        self.order[key] = len(self.order)
        for deletion in deletions(key):
            known = self.by_deletion.get(deletion)
            self.by_deletion[deletion] = key if known is None else known + SEPARATOR + key

    def copy(self) -> NearKeys:
        near = NearKeys()
        near.order, near.by_deletion = dict(self.order), dict(self.by_deletion)
        return near

    def one_letter_away(self, key: str) -> list[str]:
        """The keys one letter away from `key`: at most one each one letter shorter, as long with
        one letter changed (none if `key` is itself a key), and one letter longer, in that order;
        of several of one length, the first added."""
        spellings = deletions(key)
        shorter = [deletion for deletion in spellings if deletion in self.order]
        same: list[str] = []
        if key not in self.order:
            # A key of the same length one letter changed, at i, shares the deletion at i with
            # `key`: found there, it equals `key` before and after i (two slices compared in C,
            # where counting the different letters took a loop in Python per key).
            same = [near for i in range(len(key)) for near in self._from(key[:i] + key[i + 1:])
                    if len(near) == len(key) and near[:i] == key[:i] and near[i + 1:] == key[i + 1:]]
        longer = list(self._from(key))
        return [min(found, key=self.order.__getitem__) for found in (shorter, same, longer) if found]

    def _from(self, deletion: str) -> Iterator[str]:
        """The keys that `deletion` is a deletion of."""
        keys = self.by_deletion.get(deletion)
        return iter(keys.split(SEPARATOR)) if keys else iter(())
