"""The decision (beslut) of a paragraph: where its text starts (a decision heading, "Beslut:", the
sentence that decides, a proposing board's "Förslag till beslut") and where it ends (the next
sub-heading); decision headings also as OCR damages them, compared by their letters.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

from protokoll.structure.layout import Layout, load_layout
from protokoll.structure.metadata import clean_line

DECISION_MARK = re.compile(r"^[ \t*_]*(?:[A-ZÅÄÖ][\w-]*(?:s|:s)[ \t]+)?Bes(?:lut|tut|iut|1ut)(?:et)?\b[ \t*_]*:?[ \t*_]*(?P<rest>.*)$",
                           re.MULTILINE)
BAR_AT_LINE_END = re.compile(r"[ \t]+\|[ \t|.]*$", re.MULTILINE)  # OCR's "(V): |", a rule's edge read as a bar
LIST_DASH = re.compile(r"^[ \t]*[-–•][ \t]+", re.MULTILINE)  # the att-satser of a decision as a dashed list
# OCR's specks where a decision starts: after its heading ("Beslut: ' i"), on lines of their own, or before its
# first word ("~. - Kommunfullmäktige beslutar"); none holds a word of three letters or a digit
DECISION_SPECKS = re.compile(r"^(?:[^\w\n]*(?:\b[^\W\d_]{1,2}\b[^\w\n]*)*\n)*[^\w(\n]*")
DECIDES = re.compile(r"\b(?:[A-ZÅÄÖ][\w-]*(?:styrelsen|nämnden|fullmäktige|utskottet|gruppen|rådet|beredningen|"
                     r"direktionen)|[A-ZÅÄÖ][a-zåäö]+a [a-zåäö]+(?:nämnden|rådet)|Nämnden|Styrelsen|Fullmäktige|"
                     r"Mötet|Gruppen|Rådet|Utskottet)\s+(?:beslutar|beslöt|beslutade)\b")


def decision_of(text: str, layout: Layout | None = None, proposing: bool = False) -> str | None:
    """The beslut part of a paragraph: the lines under a decision heading ("Kommunstyrelsens beslut",
    "Beslut – Förslag till kommunfullmäktige", "Nämndens förslag till Kommunstyrelsen"), else from
    "Nämnden beslutar att" or "Kommunstyrelsen föreslår kommunfullmäktige"; up to the next sub-heading.
    In a proposing board's minutes (an arbetsutskott) "Förslag till beslut" is its decision.

    >>> decision_of("Bakgrund\\nX.\\n\\nSamverkansgruppens beslut\\n\\nGruppen möts 3 mars.\\n\\nSynpunkter\\nInga.")
    'Gruppen möts 3 mars.'
    >>> decision_of("Förslag till beslut\\nAtt godkänna.") is None
    True
    >>> decision_of("Beslut – för fastställande i kommunfullmäktige\\nBN godkänner planen.\\n\\nJäv\\nIngen.")
    'BN godkänner planen.'
    """
    layout = layout or load_layout()
    start = _decision_start(text, layout, proposing)
    if start is None:
        return None
    end = len(text)
    for sub in re.finditer(r"^.*$", text[start:], re.MULTILINE):
        line = clean_line(sub.group())
        if sub.start() > 0 and (is_subheading(line, layout) or any(p.match(sub.group()) for p in layout.decision_end)):
            end = start + sub.start()
            break
    decision = DECISION_SPECKS.sub("", LIST_DASH.sub("", BAR_AT_LINE_END.sub("", text[start:end])).strip()).strip()
    if any(p.match(layout.folded(decision)) for p in layout.no_decision):  # "Ingå …" as OCR reads "Inga …"
        return None
    return decision or None


def _decision_start(text: str, layout: Layout, proposing: bool) -> int | None:
    """Where the decision text starts: after its heading (and a second heading on the lines right under
    it: "Beslut" over "Förslag till beslut i kommunfullmäktige"), or at the sentence that decides."""
    lines = list(re.finditer(r"^.*$", text, re.MULTILINE))
    for i, line in enumerate(lines):
        cleaned = clean_line(line.group())
        if decision_heading(cleaned, layout) and not _sentence_goes_on(cleaned, lines[i + 1 :], layout):
            end = line.end()
            for below in lines[i + 1 :]:
                if below.group().strip() and not decision_heading(clean_line(below.group()), layout):
                    break
                end = below.end()
            return end
        mark = DECISION_MARK.match(line.group())
        if mark and _is_decision_mark(mark):
            return line.start() + mark.start("rest") if _worded(mark["rest"]) else line.end()
    if proposing:
        heading = next((l for l in re.finditer(r"^.*$", text, re.MULTILINE)
                        if layout.proposal_heading.match(layout.folded(clean_line(l.group())))
                        or _spelled_as(TRAILING_SPECKS.sub("", clean_line(l.group())), layout.proposal_heading_words, layout)),
                       None)
        if heading:
            return heading.end()
    for pattern in (DECIDES, *layout.proposes):
        decides = next((m for m in pattern.finditer(text) if not _in_proposal(text, m.start(), layout)), None)
        if decides:
            return text.rfind("\n", 0, decides.start()) + 1 if pattern is not DECIDES else decides.start()
    noted = next((m for p in layout.decides for m in p.finditer(text)), None)
    return noted.start() if noted else None


MIN_WORD_ZIPF = 2.5  # a word at least this common in Swedish (wordfreq's Zipf scale) is no OCR speck


def _worded(text: str) -> bool:
    """Does the rest of a "Beslut:" line hold words ("Bifall till förslaget"), not only OCR's specks ("» co aoe")?

    >>> _worded("» co aoe"), _worded("Bifall till förslaget"), _worded(" * ")
    (False, True, False)
    """
    return any(len(word) >= 5 or zipf_frequency(word, "sv") >= MIN_WORD_ZIPF
               for word in re.findall(r"[^\W\d_]{3,}", text.lower()))


def _sentence_goes_on(line: str, below: list[re.Match], layout: Layout) -> bool:
    """Is a line that only the fuzzy comparison takes for a heading a sentence OCR broke instead: the next
    line with words goes on in lower case ("Beslutet i :." / "sig innebär inte ...")?"""
    if any(p.match(layout.folded(line)) for p in layout.decision_headings):
        return False
    following = next((clean_line(m.group()) for m in below if re.search(r"\w", m.group())), "")
    return following[:1].islower()


def decision_heading(line: str, layout: Layout) -> bool:
    """Is the line a decision heading: one of headings.toml's patterns, also with the specks OCR put after a
    word taken out ("Beslut - Förslag till. kommunfullmäktige"), or its words spelled fuzzily?"""
    speck = SPECK_BEFORE_HEADING.match(line)
    if speck and len(line) < 40:  # "i Beslut : .": a speck OCR read as a letter before the heading
        line = line[speck.end() :]
    if len(line) >= 120 or line[:1].islower():  # "och" / "beslutat ." / "att …": a sentence OCR broke, not a heading
        return False
    folded = layout.folded(line)
    unspecked = INNER_SPECKS.sub("", folded)
    return any(p.match(folded) or p.match(unspecked) for p in layout.decision_headings) or _decision_words(line, layout)


SPECK_BEFORE_HEADING = re.compile(r"^[^\W\d_]{1,2}[ \t]+(?=[A-ZÅÄÖ])")  # "i Beslut", "oo Beslut"
INNER_SPECKS = re.compile(r"(?<=\w)[.,:;'‘’](?=\s)")  # "till. kommunfullmäktige"


TRAILING_SPECKS = re.compile(r"(?:\s+(?:[^\w\s]+|\d{1,2}|[^\W\d_]))+$")  # "till beslut :"


def _decision_words(line: str, layout: Layout) -> bool:
    """Is the line a decision heading by its words, compared fuzzily with headings.toml's
    decision_heading_words once OCR's specks at its end (words without four letters in a row) are set
    aside ("Beslut : : | 7", "Beslut oe | | cen a", "Beslnt", "Förslag till beslut ikommunfullmaktige"),
    after a board's genitive or not ("Nämndens bes!ut")?

    >>> layout = load_layout()
    >>> [_decision_words(l, layout) for l in ("Beslut : : | 7", "Beslut Pat |", "Nämndens beslnt", "Beslutsgång", "Besked")]
    [True, True, True, False, False]
    """
    words = line.split()
    while words and not re.search(r"[^\W\d_]{4,}", words[-1]):
        words.pop()
    if not line[:1].isupper() or not words:  # "ett" / "beslut i i": a sentence OCR broke, not a heading
        return False
    genitive = len(words) >= 2 and words[0].endswith("s")
    return any(_spelled_as(" ".join(part), layout.decision_heading_words, layout)
               for part in ([words, words[1:]] if genitive else [words]))


def _spelled_as(text: str, phrases: tuple[str, ...], layout: Layout) -> bool:
    """Do the letters of `text` spell one of `phrases` (folded, lower case), a letter or two apart as OCR
    reads them, however OCR spaced them ("F örslag till beslut")?"""
    letters = re.sub(r"[\W\d_]", "", layout.folded(text).lower())
    return any(Levenshtein.distance(letters, phrase, score_cutoff=max(1, len(phrase) // 8)) <= max(1, len(phrase) // 8)
               for phrase in phrases)


def _in_proposal(text: str, offset: int, layout: Layout) -> bool:
    """Is `offset` under a "Förslag till beslut" / "Arbetsutskottets förslag" sub-heading?"""
    for line in reversed(text[:offset].splitlines()):
        line = clean_line(line)
        if layout.subheading.match(layout.folded(line)) and len(line) < 60 or re.match(r"^\w+s förslag\b", line, re.I):
            return "förslag" in line.lower()
    return False


def _is_decision_mark(match: re.Match) -> bool:
    rest = match["rest"].strip(" *_")
    line = match.group().strip(" *_")
    # "Kommunstyrelsens beslut" alone on its line, or "Beslut: ..."; not "Beslut ska fattas på rätt nivå."
    return len(line) < 70 and (not rest or bool(re.match(r"^(?:\w+s\s+)?bes\w+(?:et)?\s*:", line, re.I)))


def is_subheading(line: str, layout: Layout) -> bool:
    """A sub-heading is the line's only words, or it ends with a colon ("Beslutsunderlag oa a |", "Skickas till:
    X"): "Ärendet bordläggs till sammanträdet" starts with one and is a sentence."""
    if len(line) >= 60:
        return False
    heading = layout.subheading.match(layout.folded(line))
    rest = line[heading.end() :].lstrip(" :") if heading else ""
    if heading and ":" in line[: heading.end() + 2] and rest[:1].islower():
        # a colon OCR put after the word, lower case after it: a sentence ("Ärendet: bordläggs till …"), unless
        # the words after it are the sub-heading's own ("Sammanfattning: av ärendet")
        line = f"{line[: heading.end()].rstrip(' :')} {rest}"
        heading = layout.subheading.match(layout.folded(line))
        return (heading is not None and not re.search(r"[^\W\d_]{4,}", line[heading.end() :])) or decision_heading(line, layout)
    if heading and (":" in line[: heading.end() + 8] or not re.search(r"[^\W\d_]{4,}", line[heading.end() :])):
        return True
    return decision_heading(line, layout)
