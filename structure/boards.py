"""The board (nämnd, styrelse, utskott) whose minutes a document is, from the lines of its header.

Swedish municipal templates name the board in the first lines: "KUNGSBACKA KOMMUN  SAMMANTRÄDESPROTOKOLL"
over "Nämnden för Individ & Familjeomsorg", or "Kommunstyrelsens arbetsutskott" under the title. The
patterns and the words that are not a board are data (data/structure/boards.toml).
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

from protokoll.structure.layout import Layout, fold, load_layout


def _shouted(part: str) -> str:
    """A name typed in capitals as a name: "KOMMUNSTYRELSEN" -> "Kommunstyrelsen"."""
    return part.capitalize() if part.isupper() and len(part) > 3 else part


EDGE_SPECKS = " *_#|:.,~»>"  # OCR's specks around a header field: "~ BARN- OCH …", "Kommunrevisionen. —- = ©"
SPECK_BEFORE_AMPERSAND = re.compile(r"(?<=\w)[.,:;'‘’]\s*(?=&)")  # OCR's "Förskola.& Grundskola"
SPECK_FOR_HYPHEN = re.compile(r"(?<=\w)(?:[.,:;] |-{2,} ?)(?=(?:och|&)\b)")  # OCR's "Bygg: och", "Bygg--och" for "Bygg- och"


def header_board(head: str, layout: Layout | None = None) -> str | None:
    """The board named by a line (or a field set beside another) of the first lines of the header.

    >>> header_board("KUNGSBACKA KOMMUN        SAMMANTRÄDESPROTOKOLL\\nNämnden för Kultur & Fritid\\nDatum\\n2024-08-21")
    'Nämnden för Kultur & Fritid'
    >>> header_board("SAMMANTRÄDESPROTOKOLL\\nKommunstyrelsens arbetsutskott\\nSammanträdesdatum 2024-06-11")
    'Kommunstyrelsens arbetsutskott'
    >>> header_board("Kommunrevisionen                   SAMMANTRÄDESANTECKNINGAR")
    'Kommunrevisionen'
    >>> header_board("Kommunrevisionen SAMMANTRADESANTECKNINGAR |")  # as OCR joins the two fields
    'Kommunrevisionen'
    >>> header_board("KUNGSBACKA KOMMUN = | |\\nKommunrevisionen. —- = © SAMMANTRADESANTECKNINGAR")
    'Kommunrevisionen'
    >>> header_board("KUNGSBACKA KOMMUN\\nFörskola.& Grundskola arbetsutskott")
    'Förskola & Grundskola arbetsutskott'
    >>> header_board("Bygg- och \\nmiljönämnden \\nPlats och tid")  # a narrow field wraps the name
    'Bygg- och miljönämnden'
    >>> header_board("Bygg- och\\n\\n> miljönämnden"), header_board("SAMMANTRADESPROTOKOLL\\noo BARN- OCH UTBILDNINGSNÄMNDEN")
    ('Bygg- och miljönämnden', 'Barn- och utbildningsnämnden')
    >>> header_board("Bygg: och\\n\\nmiljönämnden\\n\\nProtokoll"), header_board("--Bygg--och\\nmiljonamnden\\n~ Protokoll")
    ('Bygg- och miljönämnden', 'Bygg- och miljonamnden')
    >>> header_board("KUNGSBACKA KOMMUN 0 SAMMANTRADESPROTOKOLL\\nFörskola & Grundskola arbetsutskott.")  # a speck after it
    'Förskola & Grundskola arbetsutskott'
    >>> header_board("SAMMANTRÄDESPROTOKOLL\\nNämnden för Förskola & Grundskola Pe"), header_board("Byggnadsnämnden: ; PN")
    ('Nämnden för Förskola & Grundskola', 'Byggnadsnämnden')
    """
    layout = layout or load_layout()
    not_board = [fold(word) for word in layout.not_board]
    lines = [SPECK_FOR_HYPHEN.sub("- ", line.strip()) for line in head.splitlines() if line.strip()][: layout.board_header_lines]
    for line in with_wrapped_names(lines, layout):
        for part in re.split(r"\s{3,}|\t+|\s\|\s", line.strip(" *#|")):
            part = _without_specks_before(part.lstrip(EDGE_SPECKS + "-–—"))  # "-_ BARN- OCH …": no name starts with a dash
            name = _shouted(_without_title_after(" ".join(SPECK_BEFORE_AMPERSAND.sub(" ", part).strip(EDGE_SPECKS).split()),
                                                 not_board).strip(EDGE_SPECKS))
            padded = " " + " ".join(re.findall(r"[\w&-]+", fold(name).lower())) + " "
            if not name or re.search(r"\d", name) or any(f" {word} " in padded for word in not_board):
                continue  # the template's title, the organisation, a date
            for pattern in layout.board_patterns:
                found = pattern.match(fold(name))
                if found:
                    return name[found.start("name") : found.end("name")]
    return None


def header_board_read_again(head: str, text: str, layout: Layout | None = None) -> str | None:
    """The board of a header line OCR damaged past every pattern ("Byggnadsnämrnden", a letter added), read as
    the document writes that line elsewhere at least twice (see _other_reading); None when no line reads so."""
    layout = layout or load_layout()
    lines = head.splitlines()
    folded_text = fold(text).lower()
    for at, line in enumerate(lines[: layout.board_header_lines]):
        name = line.strip(EDGE_SPECKS + "-–—\"'")
        other = _read_elsewhere(name, text, folded_text) if len(name.split()) <= MAX_RESPELLED_WORDS else None
        board = header_board("\n".join([*lines[:at], other, *lines[at + 1 :]]), layout) if other else None
        if board:
            return board
    return None


MAX_RESPELLED_WORDS = 6  # a header line read again is a name, not a sentence


def with_wrapped_names(lines: list[str], layout: Layout) -> list[str]:
    """The header's lines, each one that ends in "och" (or another word a name goes on after) preceded by
    itself joined to the next line; OCR's specks after the word do not hide it ("Bygg- och -").

    >>> with_wrapped_names(["Bygg- och -", "miljonamnden"], load_layout())[0]
    'Bygg- och miljonamnden'
    """
    joined = []
    for line, following in zip(lines, lines[1:] + [""]):
        words = line.rstrip(EDGE_SPECKS + "-–—").split()
        if following and words and words[-1].lower() in layout.board_wrap_endings:
            joined.append(f"{' '.join(words)} {following.lstrip(EDGE_SPECKS)}")
        joined.append(line)
    return joined


def _without_specks_before(part: str) -> str:
    """A header field without the letters OCR reads for specks before a name in capitals ("oo BARN- OCH
    UTBILDNINGSNÄMNDEN"): no board's name starts with a word of one or two letters."""
    words = part.split(" ")
    while len(words) > 1 and len(words[0]) <= 2 and words[0].islower() and words[1][:1].isupper():
        words.pop(0)
    return " ".join(words)


def _without_title_after(part: str, not_board: list[str]) -> str:
    """A header field without the template's title that OCR joined to it at one space: "Kommunrevisionen
    SAMMANTRADESANTECKNINGAR" is the board and the title. Only words at the end go: a name never ends
    with them, while "Region Halland Regionstyrelsen" is left whole (and skipped) for what it starts with."""
    words = part.split()
    while len(words) > 1 and (fold(words[-1].strip(".,:;")).lower() in not_board or not re.search(r"\w", words[-1])
                              or len(words[-1]) <= 2):
        words.pop()  # the title, and the specks between ("Kommunrevisionen : SAMMANTRÄDESANTECKNINGAR"), or after it
        # ("Nämnden för Förskola & Grundskola Pe", "Byggnadsnämnden: ; PN"): no board's name ends on two letters
    return " ".join(words)


def is_proposing(board: str | None, layout: Layout | None = None) -> bool:
    """Does this board decide by proposing to its nämnd (an arbetsutskott)?"""
    layout = layout or load_layout()
    return bool(board) and any(word in board.lower() for word in layout.proposing_boards)


MIN_RESPELLED = 10  # a name read once only, this long, may be OCR's reading of one the document writes otherwise


def _read_elsewhere(name: str, text: str, folded_text: str) -> str | None:
    """`name` as the document writes it elsewhere (_other_reading), where the header's reading of it, long enough,
    is the only one in the folded text: OCR's, perhaps. None otherwise."""
    key = fold(name).lower()
    if len(key) < MIN_RESPELLED or folded_text.count(key) > 1:
        return None
    return _other_reading(name, key, text)


def _other_reading(name: str, key: str, text: str) -> str | None:
    """The name as the document writes it at least twice elsewhere, a letter away from the header's only reading
    ("Overfoérmyndarnamnden", a letter added, among "Överförmyndarnämnden" and "Overformyndarnamnden"); not a
    form that only adds or drops an ending ("Kommunstyrelsens" for "Kommunstyrelsen"). In the name's own
    letter case."""
    size = len(name.split())
    readings: dict[str, list[str]] = {}
    for line in text.splitlines():
        words = [w.strip(EDGE_SPECKS + "-–—\"'") for w in line.split()]
        for i in range(len(words) - size + 1):
            written = " ".join(words[i : i + size])
            folded = fold(written).lower()
            if (abs(len(folded) - len(key)) <= 1 and folded != key and not folded.startswith(key)
                    and not key.startswith(folded) and Levenshtein.distance(folded, key) == 1):
                readings.setdefault(folded, []).append(written)
    common = max(readings.values(), key=len, default=[])
    same_case = [w for w in common if w[:1].isupper() == name[:1].isupper()]
    return same_case[0] if len(common) >= 2 and same_case else None


def best_spelling(name: str, text: str) -> str:
    """The board's name as written with å, ä, ö where its words are Swedish, else as most often written: a
    template repeats it on every page, and OCR does not lose (or add) the same letters on all of them
    ("Byggnadsnamnden" once, "Byggnadsnämnden" often; "Nämnden for" on the page heads is less Swedish
    than "Nämnden för" in the header, and "Försköla" less than "Förskola").

    >>> best_spelling("Byggnadsnamnden", "Byggnadsnamnden\\nx\\nByggnadsnämnden |\\nByggnadsnämnden")
    'Byggnadsnämnden'
    >>> best_spelling("Nämnden för Förskola", "Nämnden för Förskola\\nNämnden for Förskola\\nNämnden for Förskola")
    'Nämnden för Förskola'
    >>> best_spelling("Barn- och utbildningsnamnden", "BARN- OCH UTBILDNINGSNAMNDEN\\nBarn- och utbildningsnämnden beslutar")
    'Barn- och utbildningsnämnden'
    >>> best_spelling("Barn- och ungdomsnamnden", "Barn- öch ungdomsnämnden.\\nBarn- och ungdomsnamnden")
    'Barn- och ungdomsnämnden'
    >>> best_spelling("Bärn- och ungdomsnämnden", "Bärn- och ungdomsnämnden\\nBarn- och ungdomsnämnden")  # the header's own mark
    'Barn- och ungdomsnämnden'
    """
    name = _read_elsewhere(name, text, fold(text).lower()) or name
    key = fold(name).lower()
    counts: dict[str, int] = {}
    for line in text.splitlines():
        line = " ".join(line.split())
        folded = fold(line).lower()
        if len(folded) != len(line):
            continue
        start = folded.find(key)
        while start >= 0:  # also inside a sentence: "Barn- och utbildningsnämnden beslutar" under a shouted head
            written = line[start : start + len(key)]
            if written != fold(written):
                counts[written] = counts.get(written, 0) + 1
            start = folded.find(key, start + 1)
    if not counts:
        return name
    best = max(counts, key=lambda w: (_swedishness(w), counts[w], w))
    # its å, ä, ö in the name's own letter case ("BARN- OCH UTBILDNINGSNAMNDEN" read as a name), in the words
    # they make more Swedish: not in "Barn- öch ungdomsnämnden" or "Kömmunstyrelsen", where OCR added one
    words = []
    for name_word, best_word in zip(name.split(" "), best.split(" ")):
        marked = "".join(b.upper() if n.isupper() else b.lower() for n, b in zip(name_word, best_word))
        words.append(marked if _swedishness(best_word) >= _swedishness(fold(best_word)) else fold(name_word))
    return " ".join(words)


def _swedishness(written: str) -> float:
    """How common the name's words are in Swedish (Zipf scale, summed), rounded so that only a clear
    difference in a word ("för" 7.2 against "for" 4.9) outweighs how often a spelling is written."""
    return round(sum(zipf_frequency(word, "sv") for word in re.findall(r"\w+", written.lower())))
