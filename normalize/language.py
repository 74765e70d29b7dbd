"""Which passages of a page are not Swedish, so that the normaliser leaves them as written.

Minutes quote English, Norwegian, German or Finnish: a letter from a partner, an EU text, a
Sami or Finnish place's own name. The word model knows only Swedish and would "repair" them
("the widow's garden" became "gården"). Each paragraph (text between blank lines) is judged
on its own, and the page by the language most of its letters are in.

Two steps keep this cheap enough for every page of an ingest:
1. A paragraph with enough Swedish function words ("och", "att", "inte", also as legacy OCR
   writes them without å/ä/ö: "ar", "fran") is Swedish at once. Nearly every paragraph of
   minutes stops here.
2. Any other paragraph of at least `min_words` words is given to Lingua
   (lingua-language-detector), restricted to the languages minutes meet. Lingua ships its
   models inside the wheel (no download at run time), is accurate on short and mixed text, and
   its low-accuracy mode (trigram models, loaded on first use in about 0.3 s) suits paragraphs
   of a sentence or more. A paragraph is foreign only when Lingua is confident it is another
   language and the paragraph has that language's own function words ("the", "und", "ikke",
   "että"): without them Lingua takes short Swedish headings and lists of names ("Tid och
   plats: ... Kommunhuset") for Nynorsk or Danish. A short paragraph (a signature, a heading)
   stays with the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

SWEDISH = "sv"

# Words frequent in Swedish and absent (as words) from Norwegian, Danish, English and German,
# with their legacy OCR spellings (å/ä/ö lost), so damaged Swedish is recognised as Swedish too.
SWEDISH_MARKERS = frozenset("""
och att inte är ar från fran också ocksa till vid samt efter sig hade blir eller vilket vilka
skall ska någon nagon några nagra även aven detta denna dessa mellan enligt kommer beslutar
beslut får far där dar när nar här har hur genom redan mot över over för utan""".split())

# Function words of each other language that Swedish does not write as words (nor as legacy OCR
# writes Swedish words). A paragraph is foreign only if it has some: Lingua alone takes a short
# Swedish heading or list of names for Norwegian or Danish, the languages closest to Swedish.
FOREIGN_MARKERS = {  # none a Swedish word of minutes ("den", "se", "kvar", "vart" are left out)
    "en": frozenset("the and of to is was were that with this we you they it not be have has which from".split()),
    "de": frozenset("und der die das ist nicht wir mit für auf zu im ein eine sich auch wird werden".split()),
    "fi": frozenset("ja on ei että joka jotka tai kun ovat oli myös sekä kaikille ennen tämä".split()),
    "nb": frozenset("og ikke til fra etter mellom være skal ble seg jeg hva hvor hvis".split()),
    "nn": frozenset("og ikkje ikke til frå fra etter mellom vere være skal seg eg kva".split()),
    "da": frozenset("og ikke af til fra være skal blev jeg hvad hvor hvis".split()),
    "fr": frozenset("le les et des est une dans pour que qui pas nous vous".split()),
}

ANY_FOREIGN_MARKER = frozenset().union(*FOREIGN_MARKERS.values())

WORD = re.compile(r"[^\W\d_]+")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class LanguageConfig:
    """When a paragraph is judged foreign; the defaults are the benchmark's."""

    swedish_marker_share: float = 0.06  # this share of marker words, and at least two: Swedish, no model asked
    min_words: int = 6  # shorter paragraphs (names, headings, signatures) stay with the page
    min_confidence: float = 0.7  # Lingua's confidence in the other language
    min_foreign_markers: int = 2  # ... and at least this many of that language's function words


DEFAULT_LANGUAGE = LanguageConfig()


@dataclass(frozen=True)
class Passage:
    """A paragraph of the text, `start`..`end` (offsets), and its language (ISO 639-1)."""

    start: int
    end: int
    language: str


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text between blank lines.

    >>> paragraphs("Första stycket.\\n\\nAndra\\nstycket.")
    [(0, 15), (17, 31)]
    """
    spans, last = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        if m.start() > last:
            spans.append((last, m.start()))
        last = m.end()
    if last < len(text):
        spans.append((last, len(text)))
    return spans


def looks_swedish(words: list[str], config: LanguageConfig = DEFAULT_LANGUAGE) -> bool:
    """Enough Swedish function words to settle it without a model.

    >>> looks_swedish("Nämnden beslutar att det ar viktigt och bra".split())
    True
    >>> looks_swedish("the trees back towards the end of the garden".split())
    False
    """
    hits = sum(1 for w in words if w.lower() in SWEDISH_MARKERS)
    return hits >= 2 and hits >= config.swedish_marker_share * len(words)


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder  # imported on first need: start-up stays short

    languages = (Language.SWEDISH, Language.ENGLISH, Language.GERMAN, Language.FINNISH, Language.BOKMAL,
                 Language.NYNORSK, Language.DANISH, Language.FRENCH)
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def paragraph_language(paragraph: str, config: LanguageConfig = DEFAULT_LANGUAGE) -> str:
    """The language of one paragraph (ISO 639-1; "sv" when unsure).

    >>> paragraph_language("I fell over a root in the garden and made a noise that woke the house.")
    'en'
    >>> paragraph_language("Kommunstyrelsen beslutar att avsatta medel till bredband i byarna.")
    'sv'
    """
    words = WORD.findall(paragraph)
    if len(words) < config.min_words or looks_swedish(words, config):
        return SWEDISH
    if sum(1 for w in words if w.lower() in ANY_FOREIGN_MARKER) < config.min_foreign_markers:
        return SWEDISH  # no other language's function words: no model could make it foreign (and asking costs)
    best = _detector().compute_language_confidence_values(paragraph)[0]
    code = best.language.iso_code_639_1.name.lower()
    markers = FOREIGN_MARKERS.get(code, frozenset())
    if best.value < config.min_confidence or sum(1 for w in words if w.lower() in markers) < config.min_foreign_markers:
        return SWEDISH
    return code


def passages(text: str, config: LanguageConfig = DEFAULT_LANGUAGE) -> list[Passage]:
    """Every paragraph of `text` with its language."""
    return [Passage(start, end, paragraph_language(text[start:end], config)) for start, end in paragraphs(text)]


def may_hold_foreign(text: str, config: LanguageConfig = DEFAULT_LANGUAGE) -> bool:
    """Has the page at least a few function words of another language? Nearly every page of
    minutes has none, and one pass over its words settles that.

    >>> may_hold_foreign("Kommunstyrelsen beslutar att se över avtalet och den plan som finns kvar.")
    False
    """
    return sum(map(ANY_FOREIGN_MARKER.__contains__, WORD.findall(text.lower()))) >= config.min_foreign_markers


def foreign_passages(text: str, config: LanguageConfig = DEFAULT_LANGUAGE) -> list[Passage]:
    """The paragraphs of `text` that are not Swedish: the normaliser changes nothing inside them.

    >>> [(p.language, text[p.start:p.end][:9]) for text in ["Beslut\\n\\nThe board will meet the partners in May and report back."]
    ...  for p in foreign_passages(text)]
    [('en', 'The board')]
    """
    if not may_hold_foreign(text, config):
        return []
    return [p for p in passages(text, config) if p.language != SWEDISH]


def without_foreign(text: str, config: LanguageConfig = DEFAULT_LANGUAGE) -> str:
    """`text` with its foreign paragraphs blanked (letters to spaces, line breaks kept), so every
    offset stays where it was and the normaliser's steps find nothing to change there.

    >>> without_foreign("Beslut om bidrag.\\n\\nThe board will meet the partners in May and report back.")[:22]
    'Beslut om bidrag.\\n\\n   '
    """
    return blanked(text, foreign_passages(text, config))


def blanked(text: str, passages: Sequence[Passage]) -> str:
    """`text` with `passages` blanked as `without_foreign` blanks them (`text` itself if none)."""
    foreign = passages
    if not foreign:
        return text
    out, last = [], 0
    for p in foreign:
        out.append(text[last:p.start])
        out.append(re.sub(r"[^\n]", " ", text[p.start:p.end]))
        last = p.end
    out.append(text[last:])
    return "".join(out)


def page_language(text: str, config: LanguageConfig = DEFAULT_LANGUAGE) -> str:
    """The language most of the page's letters are in.

    >>> page_language("Protokoll\\n\\nKommunstyrelsen beslutar att godkänna avtalet och att rapportera i juni.")
    'sv'
    """
    letters: dict[str, int] = {}
    for p in passages(text, config):
        letters[p.language] = letters.get(p.language, 0) + len(WORD.findall(text[p.start:p.end]))
    return max(letters, key=letters.get) if letters else SWEDISH
