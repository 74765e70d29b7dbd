"""Topics for a paragraph from the controlled vocabulary in data/topics.toml."""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from protokoll.datafiles import DATA_DIR
from protokoll.errors import ProtokollError

TOPICS_FILE = DATA_DIR / "topics.toml"


@dataclass(frozen=True)
class Topic:
    name: str
    pattern: re.Pattern  # any term as a whole word, or any stem at the start of a word
    # A text holding none of these strings cannot match `pattern`; finding that out is far cheaper.
    needles: tuple[str, ...] = ()


def _topic(name: str, entry: dict) -> Topic:
    terms = [rf"{re.escape(t.lower())}(?!\w)" for t in entry.get("terms", [])]
    stems = [re.escape(s.lower()) for s in entry.get("stems", [])]
    words = {w.lower() for w in entry.get("terms", []) + entry.get("stems", [])}
    # A word that holds another ("kompetensförsörjning", "kompetensförsörj") adds nothing to the test.
    needles = sorted(w for w in words if not any(other != w and other in w for other in words))
    return Topic(name, re.compile(r"(?<!\w)(?:" + "|".join(terms + stems) + ")"), tuple(needles))


def _may_occur(topic: Topic, lowered: str) -> bool:
    return not topic.needles or any(needle in lowered for needle in topic.needles)


def _well_formed(entry) -> bool:
    lists = [entry.get("terms", []), entry.get("stems", [])] if isinstance(entry, dict) else [None]
    return all(isinstance(words, list) and all(isinstance(w, str) for w in words) for words in lists)


@functools.lru_cache(maxsize=4)
def load_topics(path: str = str(TOPICS_FILE)) -> tuple[Topic, ...]:
    """The vocabulary; a broken file stops with one line that says where, not a traceback."""
    try:
        with open(path, "rb") as handle:
            vocabulary = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProtokollError(f"topic vocabulary {path} cannot be read: {exc}") from None
    bad = [name for name, entry in vocabulary.items() if not _well_formed(entry)]
    if bad:
        raise ProtokollError(f"topic vocabulary {path}: topic {bad[0]!r} needs lists of strings 'terms' and 'stems'")
    return tuple(_topic(name, entry) for name, entry in vocabulary.items() if entry.get("terms") or entry.get("stems"))


CHARS_PER_HIT = 2500  # a long text needs one more mention per this many characters


def topics_of(text: str, topics: tuple[Topic, ...] | None = None) -> list[str]:
    """Names of the topics whose terms or stems occur in `text`, in vocabulary order.

    A short text needs one mention; a long one more (one per 2500 characters), so a topic
    named once in passing in a long paragraph is not what the paragraph is about. A mention in
    a short line (a title or sub-heading such as "Kompetensförsörjning:") counts twice.

    >>> topics_of("Kompetensförsörjning och nattågen diskuterades.")
    ['kompetensförsörjning', 'infrastruktur och kollektivtrafik']
    """
    lowered = text.lower()
    possible = [topic for topic in topics or load_topics() if _may_occur(topic, lowered)]
    if not possible:
        return []
    headings = "\n".join(line for line in lowered.splitlines() if len(line.strip()) <= 60)
    needed = 1 + len(text) // CHARS_PER_HIT
    return [topic.name for topic in possible
            if len(topic.pattern.findall(lowered)) + len(topic.pattern.findall(headings)) >= needed]
