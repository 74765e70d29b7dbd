"""Dictionary lemmas for the stemmed view: every inflected form of the Swedish hunspell
dictionary (Debian's hunspell-sv) mapped to the dictionary entry it was inflected from.

Snowball strips one suffix by rule, so forms of one word can fall apart: "skolskjuts" stems to
"skolskjut" and "skolskjutsar" to "skolskjuts", and a query for the one never finds the other.
The dictionary knows both as forms of the entry "skolskjuts". hunspell's own `unmunch` expands
each entry: it prints the entry, then the forms its affix flags make, entry by entry; reading
that output beside the .dic file's entries gives each form its lemma.

The table (860k forms) is a marisa-trie in the cache directory ($PROTOKOLL_CACHE or
~/.cache/protokoll), named by a hash of the dictionary, memory-mapped on first use (built in a
few seconds when missing). Without hunspell-sv or unmunch there are no lemmas and the stemmed
view is Snowball's alone.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import marisa_trie

DICTIONARY = Path("/usr/share/hunspell/sv_SE.dic")  # Debian's hunspell-sv; sv_SE.aff beside it
FORMAT_VERSION = "1"
MIN_FORM = 3  # "är", "om": too short and ambiguous to lemmatise usefully


def entry_forms(dic_lines: list[str], unmunched: list[str]) -> list[tuple[str, list[str]]]:
    """Pair each dictionary entry with the forms unmunch printed for it.

    `dic_lines` are the .dic file's entry lines ("rapport/ADHXY"); `unmunched` is unmunch's output,
    the entry's word first, then its forms, entry after entry. Forms allowed only inside a compound
    ("äldreomsorgs/WXZ|") are left out.

    >>> entry_forms(["rapport/ADHXY", "skolskjuts/DGXY"],
    ...             ["rapport", "rapporten", "rapporter", "skolskjuts", "skolskjutsar", "skolskjutsen/WXZ|"])
    [('rapport', ['rapport', 'rapporten', 'rapporter']), ('skolskjuts', ['skolskjuts', 'skolskjutsar'])]
    """
    # Compared as written: unmunch keeps an entry's trailing space ("lic. ") and so must we.
    entries = [e for e in (line.split("/", 1)[0] for line in dic_lines) if e]
    groups: list[tuple[str, list[str]]] = []
    next_entry = 0
    for line in unmunched:
        if next_entry < len(entries) and line == entries[next_entry]:
            groups.append((line, [line]))
            next_entry += 1
        elif groups and "/" not in line:
            groups[-1][1].append(line)
    return groups


def lemma_table(groups: list[tuple[str, list[str]]]) -> dict[str, list[str]]:
    """Lowercased form -> its lemmas (several when forms of different entries coincide).

    >>> lemma_table([("rapport", ["rapport", "rapporter"]), ("rapportera", ["rapportera", "rapporterar"])])
    {'rapport': ['rapport'], 'rapporter': ['rapport'], 'rapportera': ['rapportera'], 'rapporterar': ['rapportera']}
    """
    table: dict[str, list[str]] = {}
    for entry, forms in groups:
        lemma = entry.lower()
        if not lemma.isalpha():
            continue
        for form in forms:
            form = form.lower()
            if len(form) < MIN_FORM or not form.isalpha():
                continue
            lemmas = table.setdefault(form, [])
            if lemma not in lemmas:
                lemmas.append(lemma)
    return table


def build(dic: Path = DICTIONARY) -> marisa_trie.BytesTrie | None:
    aff = dic.with_suffix(".aff")
    if not (dic.exists() and aff.exists() and shutil.which("unmunch")):
        return None
    unmunched = subprocess.run(["unmunch", str(dic), str(aff)], capture_output=True, check=True).stdout
    dic_lines = dic.read_text(encoding="utf-8").splitlines()[1:]  # the first line counts the entries
    table = lemma_table(entry_forms(dic_lines, unmunched.decode("utf-8").splitlines()))
    return marisa_trie.BytesTrie((form, lemma.encode()) for form, lemmas in table.items() for lemma in lemmas)


def cache_path(dic: Path = DICTIONARY) -> Path:
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for path in (dic, dic.with_suffix(".aff")):
        digest.update(path.read_bytes() if path.exists() else b"missing")
    folder = Path(os.environ.get("PROTOKOLL_CACHE") or Path.home() / ".cache" / "protokoll")
    return folder / f"lemmas-{digest.hexdigest()[:16]}.marisa"


@lru_cache(maxsize=1)
def table() -> marisa_trie.BytesTrie | None:
    """The form -> lemma trie, memory-mapped from the cache, built on first use; None without hunspell-sv."""
    path = cache_path()
    if not path.exists():
        trie = build()
        if trie is None:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        trie.save(str(partial))
        partial.replace(path)  # another process building the same file at once is harmless
    return marisa_trie.BytesTrie().mmap(str(path))


def lemmas(word: str) -> tuple[str, ...]:
    """The dictionary lemmas of a lowercased word form; () for a word the dictionary lacks.
    A word that is an entry itself is its own lemma only: "bred" is the adjective, not also a
    form of the verb "breda".

    >>> lemmas("skolskjutsar"), lemmas("rapporterna")
    (('skolskjuts',), ('rapport',))
    """
    trie = table()
    if trie is None or len(word) < MIN_FORM:
        return ()
    found = tuple(value.decode() for value in trie.get(word, ()))
    return (word,) if word in found else found
