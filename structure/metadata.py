"""Per-document metadata of minutes: header fields, people, date, case numbers, doc type, body, organisation.

Everything here reads plain text (already normalised) and returns plain values; structure.py
decides which part of a document is its header and calls these functions.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable

from rapidfuzz import fuzz, process

from protokoll.structure.boards import best_spelling, header_board, header_board_read_again
from protokoll.structure.casenumbers import case_numbers_in
from protokoll.structure.dates import find_dates, first_date
from protokoll.structure.layout import Layout, load_layout
from protokoll.structure.organisations import (GAZETTEER_DIR, Gazetteer, Mention, Organisation, find_mentions, load_gazetteer,
                                  skeleton)


@dataclass
class DocumentMeta:
    """What a document says about itself; `protokoll show` and the web page print it."""

    title: str = ""
    doc_type: str = "other"  # protokoll, anteckningar, rapport, other
    date: str | None = None
    organisation: str | None = None
    organisation_as_written: str | None = None
    county: str | None = None
    body: str | None = None
    place: str | None = None
    case_numbers: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    justerare: list[str] = field(default_factory=list)
    next_meeting: str | None = None
    next_meeting_date: str | None = None
    declared_range: str | None = None  # "26-31" as the header declares it ("137, 163-164" for an extract)
    sections: list[str] = field(default_factory=list)  # found: ["§ 26", ...]
    missing_sections: list[str] = field(default_factory=list)  # declared but not found
    unexpected_sections: list[str] = field(default_factory=list)  # found outside the declared range
    signing_date: str | None = None  # when the minutes were signed (justerade), ISO 8601

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------- header fields

# Header labels as they are written (lower case, without "(beslutande)"), and what they hold.
LABELS = {
    "tid och plats": "when", "plats och tid": "when", "tid": "when", "datum": "when",
    "sammanträdesdatum": "when", "mötesdatum": "when", "sammanträde": "when", "sammanträdets tid": "when",
    "plats": "place", "lokal": "place",
    "deltagare": "present", "beslutande": "present", "ledamöter": "present", "närvarande": "present",
    "närvarande ledamöter": "present", "tjänstgörande ersättare": "present", "ersättare": "present",
    "närvarande ersättare": "present", "övriga deltagare": "present", "övriga närvarande": "present",
    "övriga": "present", "ej tjänstgörande ersättare": "present", "tjänstemän": "present",
    "närvarande tjänstemän": "present", "övriga deltagande": "present",
    "ej närvarande": "absent", "frånvarande": "absent", "förhinder": "absent", "anmält förhinder": "absent",
    "anmäld frånvaro": "absent",
    "justeras av": "justerare", "justerare": "justerare", "justerande": "justerare",
    "utses att justera": "justerare", "justering": "justerare",
    "justeringens tid och plats": "justering_when", "justeringens plats och tid": "justering_when",
    "paragrafer": "range", "paragraf": "range", "§§": "range", "protokollet omfattar": "range",
    "nästa möte": "next", "nästa sammanträde": "next", "nästa träff": "next",
    "sekreterare": "sekreterare", "ordförande": "ordförande",
    "diarienummer": "case", "dnr": "case", "diarienr": "case", "vårt dnr": "case", "ärendenummer": "case",
}
LABEL_LINE = re.compile(r"^(?P<label>[A-ZÅÄÖ§][^:\t]{0,40}?)\s*(?:\([^)]*\))?\s*(?::|\t)\s*(?P<value>.*)$")
EMPHASIS = re.compile(r"\*+|__")


# What the grain of a scan leaves at the edges of a line: "| §11 Arbete |", "» Bakgrund", "a Bakgrund".
EDGE_JUNK = re.compile(r"^(?:[\s|=»«>~_'‘’\"“”.,:;—–-]|[a-hj-z]\s(?=[A-ZÅÄÖ]))+|[\s|=»«<>~_'‘’\"“”—–-]+$")


def clean_line(line: str) -> str:
    """A line without markdown emphasis and OCR edge junk.

    >>> clean_line("| **§11 Arbete** |"), clean_line("» Bakgrund"), clean_line("- a) Upprop")
    ('§11 Arbete', 'Bakgrund', 'a) Upprop')
    """
    return EDGE_JUNK.sub("", EMPHASIS.sub("", line)).strip()


def label_key(label: str) -> str | None:
    key = " ".join(re.sub(r"\([^)]*\)", " ", label).lower().split())
    return LABELS.get(key)


def _bare_label(line: str) -> str | None:
    """A label alone on its line ("Datum" above "2023-02-20"); only for single values, since
    "Sekreterare" alone is a signature caption, not a label."""
    key = label_key(line) if line else None
    return key if key in ("when", "place", "case") else None


def _joined_label_lines(lines: list[str]) -> list[str]:
    """Join a label broken over two lines: "Deltagare" + "(beslutande): Sara Schelin, Åre", or a narrow
    label column's "Justeringens plats och" + "tid" (whose "tid" alone would be the meeting's time).

    >>> _joined_label_lines(["Justeringens plats och", "tid", "Digitalt"])
    ['Justeringens plats och tid', 'Digitalt']
    >>> _joined_label_lines(["Justeringens plats och.", "", "tid", "", "Kommunhuset"])  # as OCR spaces it
    ['Justeringens plats och tid', '', 'Kommunhuset']
    """
    out: list[str] = []
    for line in lines:
        last = len(out) - (2 if out and not out[-1] else 1)  # over one blank line OCR put inside the label
        label = out[last].rstrip(".") if last >= 0 else ""  # "Justeringens plats och." with a speck
        if label and ":" not in label and line[:1].islower() and label_key(f"{label} {line}"):
            out[last] = f"{label} {line}"
            del out[last + 1 :]
            continue
        if out and ":" not in out[-1] and re.match(r"^(\(|[a-zåäö][^:]{0,30}:)", line):
            candidate = f"{out[-1]} {line}"
            match = LABEL_LINE.match(candidate)
            if match and label_key(match["label"]):
                out[-1] = candidate
                continue
        out.append(line)
    return out


def header_fields(header: str) -> dict[str, str]:
    """Label -> value for the labelled lines of a minutes header; a value runs on to the next label.

    >>> header_fields("Tid och plats: måndag 16 september 2024 kl. 09.00\\nParagrafer:\\t8-14\\nX: y")["range"]
    '8-14'
    """
    fields: dict[str, str] = {}
    current: str | None = None
    for line in _joined_label_lines([clean_line(line) for line in header.splitlines()]):
        match = LABEL_LINE.match(line)
        key = label_key(match["label"]) if match else _bare_label(line)
        if key:
            current = key
            value = match["value"].strip() if match else ""
            fields[key] = f"{fields[key]}\n{value}".strip() if key in fields else value
        elif match:  # another, unknown label ends the field before it
            current = None
        elif current and line:
            fields[current] = f"{fields[current]}\n{line}".strip()
    return fields


# ---------------------------------------------------------------- people

NAME_WORD = r"[A-ZÅÄÖÉ][a-zåäöéüø]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?"
PERSON = re.compile(rf"^{NAME_WORD}(?:\s+(?:{NAME_WORD}|af|von|de))*\s+{NAME_WORD}$")
ROLE_WORDS = {"ordförande", "sekreterare", "justerare", "justerande", "vice", "ordf", "ledamot", "ersättare"}
NOT_NAMES = {"Region", "Kommun", "Länsstyrelsen", "Kommunförbundet", "Digitalt", "Totalt", "Alla"}


def _is_person(text: str) -> bool:
    words = text.split()
    places = load_gazetteer().counties
    return (2 <= len(words) <= 4 and bool(PERSON.match(text)) and words[0] not in NOT_NAMES
            and words[0] not in places and not any(w.lower() in ROLE_WORDS for w in words))


def _ends_with_name(words: list[str]) -> bool:
    """Do the last two words name the next person of a run-together list ("Östersund Sara Schelin")?"""
    return len(words) > 2 and _is_person(" ".join(words[-2:]))


def parse_people(value: str) -> list[str]:
    """People in a participants field, as "Name, affiliation" (one per line, or run together).

    >>> parse_people("Anders Wennerberg, Östersund Sara Schelin, Åre Peter Jemtbring, Strömsund")
    ['Anders Wennerberg, Östersund', 'Sara Schelin, Åre', 'Peter Jemtbring, Strömsund']
    >>> parse_people("Karin Berg (S), ordförande\\nOlle Nilsson (M)")
    ['Karin Berg (S), ordförande', 'Olle Nilsson (M)']
    """
    lines = value.splitlines()
    if any(line.count(",") >= 2 for line in lines):  # run together and wrapped: one long line
        lines = [" ".join(lines)]
    return [person for line in lines for person in _people_in_line(line)]


def _people_in_line(line: str) -> list[str]:
    line = " ".join(w for w in line.split() if re.search(r"\w", w)).strip(" -•")  # drop OCR specks
    chunks = [c.strip() for c in line.split(",")]
    people: list[str] = []
    name, notes = None, []
    for position, chunk in enumerate(chunks):
        party = "".join(f" {p}" for p in re.findall(r"\([A-ZÅÄÖa-zåäö]{1,4}\)", chunk))  # "(S)"
        plain = [w for w in chunk.replace("(", " (").split() if not re.fullmatch(r"\([^)]*\)", w)]
        if name is None:
            if _is_person(" ".join(plain)):
                name = " ".join(plain) + party
        elif position < len(chunks) - 1 and _ends_with_name(plain):
            people.append(", ".join([name, *notes, " ".join(plain[:-2])]))
            name, notes = " ".join(plain[-2:]) + party, []
        else:
            notes.append(chunk)
    if name:
        people.append(", ".join([name, *notes]))
    return people


def parse_justerare(value: str, text: str = "") -> list[str]:
    """The persons who check the minutes: those marked "Justerare", else all named, else from a § text.

    >>> parse_justerare("Elise Ackerot Sekreterare Martin Söderström Ordförande Jenny Kriström Justerare")
    ['Jenny Kriström']
    >>> parse_justerare("", "b) Sara Schelin väljs att tillsammans med ordförande justera protokollet")
    ['Sara Schelin']
    """
    flat = " ".join(re.sub(r"[^\w\s-]", " ", value).split())  # OCR leaves "Sara Schelin;"
    pairs = re.findall(rf"({NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})\s+(Sekreterare|Ordf[oöé]rande|Juster(?:are|ande))\b", flat)
    pairs = [(name, role) for name, role in pairs if not re.fullmatch(r"Ordf[oöé]rande|Sekreterare", name.split()[0])]
    if pairs:
        return [name for name, role in pairs if role.startswith("Juster")]
    named = [p.split(",")[0] for p in parse_people(re.sub(r"\s+och\s+", "\n", value))]
    if named:
        return named
    chosen = re.search(rf"({NAME_WORD}\s+{NAME_WORD}(?:\s+och\s+{NAME_WORD}\s+{NAME_WORD})?)\s+"
                       r"(?:väljs|utses|valdes|utsågs)\s+(?:till\s+)?(?:att\s+)?(?:tillsammans med ordföranden?\s+)?"
                       r"(?:att\s+)?justera", text)
    if not chosen:  # older minutes: "Till justeringsmän utsågs Erik Lundgren och Gunnel Markström."
        chosen = re.search(rf"(?:justerare|justeringsmän)\s+(?:utses|utsågs|valdes|väljs)\s+"
                           rf"({NAME_WORD}\s+{NAME_WORD}(?:\s+och\s+{NAME_WORD}\s+{NAME_WORD})?)", text, re.I)
    return re.split(r"\s+och\s+", chosen[1]) if chosen else []


SIGN_DIGITS = "85"  # the digits OCR reads for the § sign
MAX_SIGN_DIGITS = 2  # digits OCR may make of the § sign and a speck before a number ("1831" for "§ 31")
MAX_JOINED_SPAN = 150  # "163164" is the range 163-164 with its dash lost when its ends lie no further apart
MAX_SECTION_NUMBER = 1999  # a meeting's § numbers run through one year: none has reached this


def _signs_read_as_digits(first: str, last: str) -> bool:
    """Are both ends of a range § numbers with their signs read as the same digit ("8103-8112")?"""
    return (len(first) == len(last) == 4 and first[0] == last[0] and first[0] in SIGN_DIGITS
            and int(first) > MAX_SECTION_NUMBER)


def declared_range(value: str) -> tuple[int, int] | None:
    """(first, last) from "8-14", "26–31", "§§ 1 - 12"; a single "§ 5" gives (5, 5). A range rises, so
    where OCR read its start too high, digits it made of the sign before it ("§§34-39" read "§834- 39")
    are not the start's, and a space it put inside the start ("§§111-122" read "§§1 11- 122") is not a gap.

    >>> declared_range("834- 39"), declared_range("1 11- 122"), declared_range("5 8-14"), declared_range("8103-8112")
    ((34, 39), (111, 122), (8, 14), (103, 112))
    >>> declared_range("163164"), declared_range("99100"), declared_range("16401")
    ((163, 164), (99, 100), None)
    """
    match = re.search(r"(\d{1,4}(?: \d{1,3})?)\s*(?:-|–|—|till|t\.o\.m\.)\s*(?:§\s*)?(\d{1,4})", value)
    if match and _signs_read_as_digits(match[1], match[2]):  # "§103-§112" read "8103-8112"
        return int(match[1][1:]), int(match[2][1:])
    if match:
        last = int(match[2])
        joined = match[1].replace(" ", "")
        digits = joined if int(joined) <= last else match[1].rsplit(" ", 1)[-1]
        for cut in range(max(0, min(MAX_SIGN_DIGITS, len(digits) - len(match[2]))) + 1):  # the start keeps the end's length
            if int(digits[cut:]) <= last:
                return int(digits[cut:]), last
    single = re.fullmatch(r"\s*§?\s*(\d{1,4})\s*", value)
    if single:
        return int(single[1]), int(single[1])
    joined = re.fullmatch(r"\s*§?\s*(\d{5,8})\s*", value)  # "163164": "163-164" with its dash lost
    for cut in (len(joined[1]) // 2, (len(joined[1]) + 1) // 2) if joined else ():
        first, last = int(joined[1][:cut]), int(joined[1][cut:])
        if first < last <= first + MAX_JOINED_SPAN and not joined[1][cut:].startswith("0"):
            return first, last
    return None


def declared_numbers(value: str) -> list[int] | None:
    """The § numbers a "Paragrafer" value declares: "26-31", or an extract's "§§ 137, 163-164".

    >>> declared_numbers("§§ 137, 163-164"), declared_numbers("8-14")[-1], declared_numbers("")
    ([137, 163, 164], 14, None)
    """
    numbers: set[int] = set()
    for part in re.split(r",|\s+och\s+", value.replace("§", " ").replace("$", " ")):  # "$72- §78" as OCR reads it
        span = declared_range(part)
        if span:
            numbers.update(range(span[0], span[1] + 1))
        elif part.strip():
            return None  # not a list of numbers: rather none than a wrong one
    return sorted(numbers) or None


def declared_numbers_of(fields: dict[str, str], header: str) -> list[int] | None:
    """The declared § numbers from their field, or from a "Paragrafer 26-31" / "Paragrafer §§ 93-102"
    line whose colon OCR lost or that a template sets beside another field.

    >>> declared_numbers_of({}, "Justeras av: X\\nParagrafer 26 - 31\\n")[:2]
    [26, 27]
    >>> declared_numbers_of({}, "Sekreterare   Amanda Toresson    Paragrafer §§ 137, 163-164")
    [137, 163, 164]
    >>> declared_numbers_of({}, "Sekreterare Josefine Jönsson Paragrafer $$ 93-102")[-1]  # the signs as OCR read them
    102
    >>> declared_numbers_of({"range": "Digital justering, 2024-10-01"}, "Paragraf: Digital justering\\n  §103-§112\\n")[-1]
    112
    """
    declared = declared_numbers(fields["range"]) if fields.get("range") else None
    if declared:  # a "Paragraf:" label may hold another field's value, the range set on a line below it
        return declared
    # "Paragrafer" first: a bare "§§ 50-54" line may say which §§ one participant attended; "§103-§112" alone
    # on its line is the range of a template that sets it below its label
    line = re.search(r"(?im)\bparagrafer\s*:?\s*((?:[§$]{1,2})?\s*\d{1,4}(?: \d{1,3})?(?:\s*(?:[-–,]|och)\s*§?\s*\d{1,8})*)[\s|.;:]*$", header) or \
        re.search(r"(?im)^\W*(?:paragrafer|§§?)\W*(\d{1,4}\s*[-–]\s*§?\s*\d{1,4})\s*$", header)
    return declared_numbers(line[1]) if line else None


def declared_text(numbers: list[int]) -> str:
    """Declared numbers as written back: "26-31", or "137, 163-164"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


# ---------------------------------------------------------------- case numbers

def find_case_numbers(text: str) -> list[str]:
    """Diarienummer in reading order, each once (the grammar is data/structure/case_numbers.toml).

    >>> find_case_numbers("RUN/16/2020; (LS/1345/2014) Dnr KS 98/112, KS 2016/214 och Dnr 2019/45. 8 personer.")
    ['RUN/16/2020', 'LS/1345/2014', 'KS 98/112', 'KS 2016/214', '2019/45']
    """
    return case_numbers_in(text)


# ---------------------------------------------------------------- document type

DOC_TYPE_WORDS = {
    "anteckningar": ["anteckningar", "minnesanteckningar", "mötesanteckningar", "minnesanteckning"],
    "protokoll": ["protokoll", "sammanträdesprotokoll", "protokollsutdrag", "justeras", "justerare",
                  "paragrafer"],
    "rapport": ["tjänsteskrivelse", "tjänsteutlåtande", "uppföljningsrapport", "rapport", "verksamhetsberättelse",
                "utredning", "årsredovisning", "delårsrapport", "promemoria", "årsrapport", "uppföljning"],
}


def _words_of(text: str) -> set[str]:
    return {skeleton(w) for w in re.findall(r"[^\W\d_][\w-]+", text)}


def _has_word(words: set[str], wanted: list[str], cutoff: float = 100) -> bool:
    """Is one of `wanted` (or a compound ending in it) among `words`? Fuzzy below cutoff 100, for OCR."""
    for target in map(skeleton, wanted):
        if any(w == target or (len(target) > 6 and w.endswith(target)) for w in words):
            return True
        if cutoff < 100 and len(target) > 8 and process.extractOne(target, words, scorer=fuzz.ratio, score_cutoff=cutoff):
            return True
    return False


def detect_doc_type(head: str, text: str, section_count: int) -> str:
    """protokoll, anteckningar, rapport or other, from the words of the head, then of the whole text."""
    head_words = _words_of(head)
    for kind in ("anteckningar", "protokoll", "rapport"):
        if _has_word(head_words, DOC_TYPE_WORDS[kind]):
            return kind
    if section_count >= 2:
        return "protokoll"
    if _has_word(_words_of(text), DOC_TYPE_WORDS["rapport"][:5], cutoff=86):
        return "rapport"
    return "other"


# ---------------------------------------------------------------- body (board or group)

BODY_NOUN = r"(?:styrelsen|nämnden|fullmäktige|utskottet|gruppen|rådet|beredningen|direktionen|presidiet)"
BODY = re.compile(rf"\b(?!Länsstyrelsen)((?:[A-ZÅÄÖ][a-zåäö]+a\s+[a-zåäö][\w-]*|[A-ZÅÄÖ][a-zåäö]+-\s(?:och|&)\s[a-zåäö]+|[A-ZÅÄÖ][\w-]*){BODY_NOUN})\b")
BODY_DECIDES = re.compile(rf"\b([A-ZÅÄÖ][\w-]*{BODY_NOUN}|[A-ZÅÄÖ][a-zåäö]+a\s+[a-zåäö]+{BODY_NOUN})(?:s|:s)?\s+"
                          r"(?:beslut\b|beslutar|beslöt|beslutade)")


@functools.lru_cache(maxsize=1)
def _known_bodies() -> dict[str, str]:
    table: dict[str, str] = {}
    with open(GAZETTEER_DIR / "bodies.tsv", encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                name, aliases = (line.rstrip("\n").split("\t") + [""])[:2]
                for alias in [name, *aliases.split("|")]:
                    if alias.strip():
                        table[alias.strip().lower()] = name
    return table


def board_prefixes(body: str | None) -> list[str]:
    """The case-number prefixes of a board: its short forms in capitals in data/gazetteer/bodies.tsv.

    >>> board_prefixes("Socialnämnden"), board_prefixes(None)
    (['SN'], [])
    """
    return sorted({alias.upper() for alias, name in _known_bodies().items()
                   if body and name == body and re.fullmatch(r"[a-zåäö]{2,5}", alias)})


def _canonical_body(name: str, known: dict[str, str]) -> str:
    name = " ".join(name.split())
    return known.get(name.lower(), name[0].upper() + name[1:])


def _unshouted(line: str) -> str:
    """A typewritten title in capitals as words: "KOMMUNFULLMÄKTIGE   PROTOKOLL" -> "Kommunfullmäktige Protokoll"."""
    if not line.isupper():
        return line
    return " ".join(part.capitalize() for part in re.split(r"\s{2,}", line))


def detect_body(head: str, text: str, case_numbers: list[str],
                running: Callable[[], list[RunningHead]] = list) -> str | None:
    """The board or group: the one a header line names ("Nämnden för Kultur & Fritid" under
    "SAMMANTRÄDESPROTOKOLL"), else the one that decides ("Samverkansgruppens beslut"), else the one
    named in the title lines, else the known body named most often (case prefixes count)."""
    known = _known_bodies()
    board = header_board(head) or header_board_read_again(head, text)
    if not board:  # a document without a header: the board its page heads name
        named = Counter(board for board, _ in running() if board).most_common(1)
        board = named[0][0] if named else None
    if board:
        return _canonical_body(best_spelling(board, text), known)
    decides = BODY_DECIDES.search(text)
    if decides:  # spelled as the document writes it most Swedishly: "Överförmyndärnämnden beslutar" has a mark OCR added
        return _canonical_body(best_spelling(decides[1], text), known)
    title_lines = [_unshouted(clean_line(line)) for line in head.splitlines() if line.strip()][:6]
    named = [m[1] for line in title_lines if not LABEL_LINE.match(line) for m in BODY.finditer(line)]
    if named:
        return _canonical_body(named[0], known)
    counts: Counter[str] = Counter()
    lowered = text.lower()
    for alias, name in known.items():
        if len(alias) > 4 and alias in lowered:  # the substring test first: far cheaper than the regex
            counts[name] += len(re.findall(rf"\b{re.escape(alias)}(?:s)?\b", lowered))
    for case in case_numbers:
        prefix = re.match(r"[A-ZÅÄÖ]+", case)
        if prefix and prefix[0].lower() in known:
            counts[known[prefix[0].lower()]] += 3
    best = counts.most_common(2)
    if not best or best[0][1] == 0 or (len(best) == 2 and best[0][1] == best[1][1]):
        return None  # no body named, or two named as often: do not guess
    return best[0][0]


# ---------------------------------------------------------------- organisation

# Where a mention stands says how much it tells about whose document this is.
WEIGHT_TITLE, WEIGHT_HEADER, WEIGHT_TEXT = 10, 3, 1
ROLE_KINDS = {"förbundschef": "kommunförbund", "förbundsdirektör": "kommunförbund", "regiondirektör": "region",
              "landshövding": "länsstyrelse"}


@dataclass
class Evidence:
    """Text of a document in the parts that weigh differently for its organisation."""

    title: str  # title lines and the place of the meeting
    header: str  # other header fields, without the participant lists
    participants: str  # participant lists: they tell the county, not the owner
    text: str  # everything else


def _places_in(text: str, gaz: Gazetteer) -> list[str]:
    """Counties of bare place names ("Sara Schelin, Åre") and county forms ("Örebro län")."""
    counties = []
    county_keys = {skeleton(form): county for form, county in gaz.counties.items()}
    for word in re.findall(r"[A-ZÅÄÖ][\w-]+(?:\s(?:l[aä]n|Härjedalen|Väsby|Göinge|Edet|-Bro))?", text):
        if skeleton(word) in county_keys:
            counties.append(county_keys[skeleton(word)])
        elif word in gaz.kommun_places:
            counties.append(gaz.kommun_places[word].county)
    return counties


def home_county(ev: Evidence, mentions: dict[str, list[Mention]], gaz: Gazetteer) -> str | None:
    votes: Counter[str] = Counter()
    # Who takes part tells the home county best; a study trip's notes name the hosts' county often.
    for part, weight in (("title", 3), ("header", 3), ("participants", 6), ("text", 1)):
        for m in mentions[part]:
            if m.organisation.county:
                votes[m.organisation.county] += weight
        if part in ("participants", "header"):
            for county in _places_in(getattr(ev, part), gaz):
                votes[county] += weight
    for county in _places_in(" ".join(re.findall(r"\b[A-ZÅÄÖ][\wåäöé]+ l[aä]n\b", ev.text)), gaz):
        votes[county] += 2
    best = votes.most_common(1)
    return best[0][0] if best else None


def choose_organisation(ev: Evidence, gaz: Gazetteer | None = None,
                        board: str | None = None) -> tuple[str | None, str | None, str | None]:
    """(canonical name, name as written, home county) of the organisation whose document this is;
    among those named, one of the kind the board belongs to where there is one (gazetteer
    board_kinds.tsv)."""
    gaz = gaz or load_gazetteer()
    mentions = {part: find_mentions(getattr(ev, part), gaz) for part in ("title", "header", "participants", "text")}
    county = home_county(ev, mentions, gaz)
    scores: Counter[str] = Counter()
    found_orgs: dict[str, Organisation] = {}
    forms: dict[str, Counter] = {}  # name -> Counter of (weight, full name?, as written)
    weights = {"title": WEIGHT_TITLE, "header": WEIGHT_HEADER, "participants": 0, "text": WEIGHT_TEXT}
    for part, found in mentions.items():
        for m in found:
            org = gaz.of_kind_in(m.organisation.kind, county) if m.generic else m.organisation
            if org is None:
                continue
            scores[org.name] += weights[part]
            found_orgs[org.name] = org
            forms.setdefault(org.name, Counter())[(weights[part], not m.generic, m.as_written)] += 1
    for role, kind in ROLE_KINDS.items():  # "ordförande/förbundschef": the kommunförbund's meeting
        org = gaz.of_kind_in(kind, county)
        if org and re.search(rf"\b{role}\b(?!\s+[A-ZÅÄÖ])", ev.header + "\n" + ev.participants, re.IGNORECASE):
            scores[org.name] += WEIGHT_HEADER
            found_orgs[org.name] = org
    if not scores:
        return None, None, county
    kind = gaz.kind_of_board(board)
    candidates = [name for name in scores if kind in found_orgs[name].kind.split(",")] or list(scores)
    local = [name for name in candidates if county and found_orgs[name].county == county]
    best = max(local or candidates, key=lambda name: (scores[name], name))
    # As written: the fullest form in the weightiest place, the most frequent of those.
    written = forms.get(best)
    as_written = max(written.items(), key=lambda item: (item[0][0], item[0][1], item[1]))[0][2] if written else None
    return best, as_written, county


def first_dated(fields: dict[str, str], head: str) -> str | None:
    """The meeting or document date: a date field first, else the first date in the head."""
    if first_date(fields.get("when", "")):
        return first_date(fields["when"])
    # Dates in running text are of events ("Sedan 1 januari 2015 har ..."): take them from short
    # lines or lines that say they are dates, never from the justering line.
    for line in head.splitlines():
        line = " ".join(line.split())
        if "justering" in line.lower() or not (len(line) <= 60 or re.search(r"(?i)datum|tid och plats|möte", line)):
            continue
        found = first_date(line)
        if found:
            return found
    return None


RunningHead = tuple[str | None, str | None]  # (board, meeting date) of a page head, either None where not read


def _field_dates(lines: list[str]) -> list[str]:
    """The dates of the date fields ("Sammanträdesdatum: 2024-01-10", OCR's ". Sammanträdesdatum: …") among the
    lines, in order."""
    fields = (m for m in (LABEL_LINE.match(clean_line(line)) for line in lines) if m and label_key(m["label"]) == "when")
    return [date for m in fields if (date := first_date(m["value"]))]


def running_heads(text: str, layout: Layout | None = None) -> list[RunningHead]:
    """The (board, meeting date) of each page head that a document without a header keeps between its
    paragraphs: "Kommunfullmäktige" / "Protokoll nr 3" / "Sammanträdesdatum: 2024-03-21", with other lines
    that the text put between ("Protokollsanteckning").

    >>> running_heads("text\\n\\fKommunstyrelsen\\n\\nProtokoll nr 1\\nSammanträdesdatum: 2024-01-10\\nmore")
    [('Kommunstyrelsen', '2024-01-10')]
    """
    layout = layout or load_layout()
    lines = [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]
    heads = []
    for at, line in enumerate(lines):
        if not layout.running_head.match(layout.folded(line)):
            continue
        dates = _field_dates(lines[at + 1 : at + 3])
        heads.append((header_board("\n".join(lines[max(0, at - 3) : at]), layout), dates[0] if dates else None))
    return heads


def running_date(text: str, running: list[RunningHead] = ()) -> str | None:
    """The meeting date a document without a header gives in the page heads it repeats
    ("Sammanträdesdatum: 2024-01-10" between the lines of its paragraphs, `running_heads`): the date of
    such a head, or else a date field written at least twice with the same date."""
    headed = Counter(date for _, date in running if date).most_common(1)
    if headed:
        return headed[0][0]
    found = Counter(_field_dates(text.splitlines())).most_common(1)
    return found[0][0] if found and found[0][1] >= 2 else None


MAX_LABEL_LINES = 2  # a justering label's value: on the line after it, or after the label's wrapped last word


def signing_date_of(text: str, head: str, layout: Layout | None = None,
                    paragraphs: Iterable[tuple[str, str]] = ()) -> str | None:
    """When the minutes were signed: the latest date of the signature page ("Datum: 2024-05-03 13:10:54"
    under "Undertecknat av"), else the date on the header's justering line, else the first date of a
    paragraph (title, text) that sets the justering ("Bestämmande av tid för justering": "… justerar
    dagens protokoll … torsdagen den 4 april 2024"), else None.

    >>> signing_date_of("x\\nDatum: 2024-05-03 13:10:54\\nDatum: 2024-05-03 15:34:07", "")
    '2024-05-03'
    >>> signing_date_of("", "Plats och tid för justering Digital justering, 2024-05-07")
    '2024-05-07'
    >>> signing_date_of("", "Justeringens plats och datum: Digital justering, 2022-1 0-21 —")
    '2022-10-21'
    >>> signing_date_of("", "", paragraphs=[("Bestammande av tid for justering", "… torsdagen den 4 april 2024")])
    '2024-04-04'
    >>> signing_date_of("", "", paragraphs=[("Justering av VA-taxan", "Taxan gäller från 1 januari 2025")]) is None
    True
    """
    layout = layout or load_layout()
    signed = [m["date"].replace(" ", "") for m in layout.signature_date.finditer(text)]
    if signed:
        return max(signed)
    lines = [line for line in head.splitlines() if line.strip()]
    for n, line in enumerate(lines):
        if layout.justering_line.search(line):
            # a label alone on its line: its value below it, after the label's last word ("tid") where it wraps
            below = lines[n + 1 : n + 1 + MAX_LABEL_LINES] if layout.justering_label.match(layout.folded(line)) else []
            for value in [line, *below]:
                found = find_dates(SPACED_DATE.sub(r"\1-\2\3-\4\5", value))
                if found:
                    return found[0][1]
    for title, body in paragraphs:
        found = find_dates(body) if layout.justering_paragraph.search(layout.folded(title)) else None
        if found:
            return found[0][1]
    return None


# a date OCR spaced anywhere inside ("2022-1 0-21", "2023- 06- 19")
SPACED_DATE = re.compile(r"\b((?:19|20)\d\d) ?- ?([01]) ?(\d) ?- ?([0-3]) ?(\d)\b")
