"""The layouts of protokoll as data (data/structure/): heading patterns, the case-number grammar, boards.

A municipality with another template should need a change in these files, not in the code:
- headings.toml      § signs and their OCR misreadings, continuation lines, table-of-contents titles,
                     page furniture, decision headings
- case_numbers.toml  the labels (Dnr, Diarienr, Ärendenr ...), the grammar of case numbers, and the
                     patterns of other bodies' references (SOU, prop., court cases, ministries)
- boards.toml        how a header names the board, and which boards decide by proposing
`load_layout()` reads them once; a broken file stops with one line naming it (exit code 4).
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from protokoll.datafiles import DATA_DIR
from protokoll.errors import ProtokollError

LAYOUT_DIR = DATA_DIR / "structure"


@dataclass(frozen=True)
class Layout:
    section_line: re.Pattern  # "§ 27 Title", "KF § 72", OCR's "$ 27" / "8 27" / "S 27"; groups mark, num, title
    lost_number_line: re.Pattern  # "Sit Dnr KS-2024-1": a § line whose number OCR lost
    labelled_heading: re.Pattern  # "§ 52 a Dnr ...", "854 0 Dnr ...": a § line with its case number, OCR'd
    case_heading: re.Pattern  # "8.41 2026.108 KS": a § line that ends with its case number, no label, OCR'd
    continuation: tuple[re.Pattern, ...]  # "forts. § 11"
    toc_title: re.Pattern
    furniture: tuple[re.Pattern, ...]
    decision_headings: tuple[re.Pattern, ...]  # these and the other folded ones match folded(line)
    decision_heading_words: tuple[str, ...]  # folded, lower case, letters only: "beslut", compared fuzzily
    proposal_heading_words: tuple[str, ...]  # "forslagtillbeslut"
    proposal_heading: re.Pattern
    proposes: tuple[re.Pattern, ...]
    decides: tuple[re.Pattern, ...]  # "Informationen noteras.": a decision as a sentence, no heading
    no_decision: tuple[re.Pattern, ...]  # folded: "Inga delegationsbeslut anmälda …" under "Beslut": nothing decided
    subheading: re.Pattern  # a sub-heading line that ends the decision part
    title_open_endings: frozenset[str]  # folded, lower case: "för", "och" ..., words no title ends on
    decision_end: tuple[re.Pattern, ...]  # other lines that end it ("_____")
    signature_date: re.Pattern
    justering_line: re.Pattern
    justering_label: re.Pattern  # "Justeringens plats och": a label whose date stands on the lines below it
    justering_paragraph: re.Pattern  # folded: the title of a paragraph that sets when the minutes are signed
    case_label: re.Pattern  # "Dnr", "Diarienr" ... at a word boundary
    case_number: re.Pattern  # a case number with its prefix letters (KS-2024-00851), found anywhere
    labelled_case: re.Pattern  # label + case number: the paragraph's own
    references: tuple[tuple[str, re.Pattern], ...]
    board_patterns: tuple[re.Pattern, ...]
    not_board: tuple[str, ...]
    board_header_lines: int
    board_wrap_endings: tuple[str, ...]  # "Bygg- och" / "miljönämnden": a name a header field wrapped
    proposing_boards: tuple[str, ...]
    running_head: re.Pattern  # folded: "Protokoll nr 3", the line a page head repeated between paragraphs turns on
    ocr_letters: dict[int, str]  # str.translate table: "é" read for "ö"
    ocr_prefix_letters: dict[int, str]  # "1F-2024-00013": the digits OCR reads for a case number's prefix letters
    known_prefixes: frozenset[str]  # boards' diary prefixes ("KS", "KS KF"), never taken for OCR damage of another

    def folded(self, line: str) -> str:
        """A line as heading patterns are compared with it: OCR's letters put back, then fold()."""
        return fold(line.translate(self.ocr_letters))


FOLD = str.maketrans("åäöÅÄÖéÉüÜ", "aaoAAOeEuU")


def fold(text: str) -> str:
    """Without å, ä, ö (and é, ü), which OCR often loses: patterns and lines are compared folded.

    >>> fold("Beslut – för fastställande i kommunfullmäktige")
    'Beslut – for faststallande i kommunfullmaktige'
    """
    return text.translate(FOLD)


def _read(name: str) -> dict:
    path = LAYOUT_DIR / name
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProtokollError(f"layout file {path} cannot be read: {exc}") from None


def _compile(pattern: str, source: str, flags: int = re.IGNORECASE, folded: bool = False) -> re.Pattern:
    """A pattern of a layout file; `folded` ones are matched against Layout.folded(line)."""
    try:
        return re.compile(fold(pattern) if folded else pattern, flags)
    except re.error as exc:
        raise ProtokollError(f"layout file {LAYOUT_DIR / source}: bad pattern {pattern!r}: {exc}") from None


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# What may not follow a case number: more of a word or number ("KS-2024-00851x", "2024-05-02/3"); a dash
# left dangling after it is OCR's ("IF-2023-00008-").
# A word glued on at a hyphen ("SLK-2026-00014-Stadsdirektörens anmälningar", the title OCR joined to it) ends it.
END = r"(?![^\W_]|/|-(?![A-ZÅÄÖ][a-zåäö])\w|[.:]\d)"  # an underscore after it is OCR's speck ("TF-2023-00100_")


def case_number_pattern(grammar: dict, prefixed: bool = True) -> str:
    """The regular expression of one case number, from the grammar of case_numbers.toml.

    With `prefixed` False the prefix letters may be missing ("Dnr 2024-00001"): only after a label,
    where a date cannot be meant, and the number may follow the label without a space, as OCR
    glues them ("DnrFG-2024-00059").
    """
    prefix_seps = "".join(re.escape(s) for s in grammar["prefix_separators"] if s)
    seps = "".join(re.escape(s) for s in grammar["separators"] if s != " ")
    prefix, year, number, sub = grammar["prefix"], grammar["year"], grammar["number"], grammar["sub_number"]
    optional = "" if prefixed else "?"
    space = " ?" if grammar.get("ocr_space_after_separator") else ""
    twice = f"(?:[{seps}]{space})?" if grammar.get("ocr_doubled_separator") else ""  # "2025- -000147"
    if not prefixed and grammar.get("ocr_speck_in_year"):  # "Dnr FG-202.4-00002": a speck read inside the year
        year = rf"(?:{year}|(?:19|20)\d[.,]\d(?=[{seps}]))"
    # a sub-number after one separator, or Göteborg's ":-1" ("SLK-2023-00369:-1")
    spaced = number
    if grammar.get("ocr_space_in_number"):  # "SLK-2024-01 005": a zero-padded number of five or six digits, a space inside
        spaced = rf"(?:(?=0[\d ]{{4,6}}(?!\d))0\d{{0,3}} \d{{1,4}}|{number})"
    dated = rf"(?:{prefix}[{prefix_seps}]?{space}){optional}{year}[{seps}]{space}{twice}{spaced}(?:[{seps}]-?{sub}(?!\d))?"
    slashed = rf"{prefix}/{number}/{year}"  # RUN/16/2020
    short = rf"{prefix}\s?{grammar['short_year']}/{number}"  # KS 98/112
    # not inside another number or word; a dash after a space is OCR's speck ("| -BUN/2023:18.")
    before = r"(?<![\w/.])(?<![\w/.]-)" if prefixed else r"(?<![/.-])"
    # 2026.113 KS, OCR's "2026. 113 KS" and "2.026.101 KS" (a speck in the year: the series says what it is)
    specked = rf"|[12][.,][09]\d\d|(?:19|20)[.,]\d\d|(?:19|20)\d[.,]\d" if grammar.get("ocr_speck_in_year") else ""
    series = rf"(?:{grammar['year']}{specked})[{seps}]{space}{number} (?-i:{grammar['series_suffix']})"
    # "Delegationslista IFO 2023-05-10": a date after a word in capitals is no case number
    not_a_date = rf"(?!{prefix} {year}-[01]\d-[0-3]\d(?!\d))"
    return rf"{before}{not_a_date}(?:{slashed}|{series}|{dated}|{short}){END}"


def ocr_prefixed_pattern(grammar: dict) -> str:
    """A case number whose prefix letters OCR read partly as digits ("1F-2024-00013"): the prefix holds a
    letter and one of grammar["ocr_prefix_letters"], and a separator stands after it, so "12024-00013"
    is not one. Empty when the grammar names no such digits."""
    digits = "".join(re.escape(d) for d in grammar.get("ocr_prefix_letters", {}))
    if not digits:
        return ""
    seps = "".join(re.escape(s) for s in grammar["prefix_separators"] if s)
    space = " ?" if grammar.get("ocr_space_after_separator") else ""
    letters = "A-ZÅÄÖ"
    # a letter among them, or two such digits only ("Dnr15-2023-00006": IF read as 15)
    prefix = rf"(?:(?=[{letters}{digits}]*[{digits}])(?=[{digits}]*[{letters}])[{letters}{digits}]{{1,6}}|[{digits}]{{2}})"
    return (rf"{prefix}[{seps}]{space}{grammar['year']}[{''.join(re.escape(s) for s in grammar['separators'] if s != ' ')}]"
            rf"{space}{grammar['number']}{END}")


def _letters_of(phrases: list[str]) -> tuple[str, ...]:
    """Headings as their letters only, folded and in lower case, for a fuzzy comparison ("förslagtillbeslut")."""
    return tuple(re.sub(r"[\W\d_]", "", fold(p).lower()) for p in phrases)


@functools.lru_cache(maxsize=1)
def load_layout() -> Layout:
    headings, cases, boards = _read("headings.toml"), _read("case_numbers.toml"), _read("boards.toml")
    try:
        misread = _alternatives(headings["section_sign_misread"])
        spaced = _alternatives(headings["section_sign_misread_spaced"])
        words = _alternatives(headings["section_sign_misread_words"])
        # "KF § 72", and as OCR reads it: "KF§72", "KFS 76", "KF 875", "BUNS3" (the sign glued after the letters),
        # "BUN. §1", "BUN &§ 42" (a speck after the letters)
        board_letters = rf"(?:(?-i:{headings['section_prefix']})[ \t]*[.&]?[ \t]*(?=[§$]|(?:{spaced})[ \t]?\d))?"
        glued_after_letters = rf"(?<=[A-ZÅÄÖ])(?:{spaced})(?=\d)|(?<=[A-ZÅÄÖ][ \t])(?:{spaced})(?=\d)"
        section_line = _compile(
            r"^[ \t]*(?:[*_#>|=»~'‘\"“.-]+[ \t]*)?" + board_letters + r"(?P<mark>(?:" + headings["section_sign"] + r")[ \t]?|(?:"
            + misread + r")[ \t]?|(?:" + spaced + r")[ \t]|" + glued_after_letters + r")(?P<num>\d{1,4})(?![\d/,]|-[ \t]*[§$]?[ \t]*\d)[ \t.:]*"
            r"(?P<title>.*)$", "headings.toml", re.MULTILINE)
        label = _alternatives(cases["labels"])
        number = case_number_pattern(cases["grammar"])
        bare = case_number_pattern(cases["grammar"], prefixed=False)
        misread_prefix = ocr_prefixed_pattern(cases["grammar"])
        # the label at a word start, or glued to a speck or two after junk ("—-—säd]nr. 2024-00418")
        only_labelled = "".join(f"|(?:{form}){END}" for form in cases["grammar"].get("labelled_only", ()))
        labelled = (rf"(?:(?<!\w)|(?<=[^\w\s]\w)|(?<=[^\w\s]\w\w))(?:{label})[ \t]*[:.]?[ \t]*(?P<case>{bare}|(?:19|20)\d\d {cases['grammar']['number']}\b{only_labelled}"
                    rf"{'|(?P<ocr>' + misread_prefix + ')' if misread_prefix else ''})")
        # "Sit Dnr", "Sla Dnr": a word OCR made of the sign and the lost number, a letter more or less
        lost = _compile(rf"^[ \t]*(?:(?i:{words})[^\W\d_]?|{misread}|{spaced}|§)[ \t.:]*(?=(?:{label})\b)", "headings.toml",
                        re.MULTILINE)
        signs = "".join(re.escape(c) for c in headings["section_sign_misread"] + headings["section_sign_misread_spaced"]
                        + headings["section_sign_misread_glued"])
        labelled_heading = _compile(
            # a speck read as a digit before a glued sign ("28126 Dnr" for "§ 126"), a letter or two glued to the label
            # ("«dDnr", "—-—säd]nr."),
            # a template's rule read as digits ("854 000 > Dnr")
            rf"^[ \t]*(?:[^\w\n§$]{{0,3}}\d[ \t]+(?=[§$]))?[^\w\n§$]{{0,3}}[ \t]*{board_letters}(?:\d(?=[{signs}]\d))??"
            rf"(?P<mark>§|[{signs}])?[ \t.]?(?P<num>\d{{1,4}})"
            rf"(?:[^\w\n]|\b\w{{1,2}}\b|\b\d{{3,4}}\b|\w{{1,2}}(?=(?:{label})\b)){{0,40}}?(?=(?:{label})(?:\b|\d))(?P<title>.*)$",
            "headings.toml",
            re.MULTILINE)
        # "8.41 2026.108 KS", "KF 878-00 - KS KF/2022:206": a § line whose case number, with no label, ends it
        # (specks between, two digits at most); "§ A8 2026.157 KS": after a
        # § sign, a number OCR read with a letter is lost, and the sequence gives it
        case_heading = _compile(
            rf"^[ \t]*(?:[^\w\n§$]{{0,3}}\d[ \t]+(?=[§$]))?[^\w\n§$]{{0,3}}[ \t]*{board_letters}(?P<mark>§|[{signs}])"
            rf"[ \t.:]?(?:(?P<num>\d{{1,4}})|(?<=§)[ \t]?(?P<lost>(?=[^\W_]{{0,2}}[^\W\d_])[^\W_]{{1,3}}))"
            rf"(?:[ \t.:|>~=-]|\b\d{{1,2}}\b)*(?={number}(?:[^\w\n]|\b\w\b)*$)(?P<title>.*)$"
            # "OKEST72 KS KF/2022:7": the board's letters and the sign read as capitals glued to the number
            rf"|^[ \t]*(?P<garbled>(?-i:[A-ZÅÄÖ]{{2,6}}))(?P<glued>\d{{1,4}})[ \t.:|>~=-]*(?={number}(?:[^\w\n]|\b\w\b)*$).*$",
            "headings.toml", re.MULTILINE)
        return Layout(
            section_line=section_line,
            case_heading=case_heading,
            lost_number_line=lost,
            labelled_heading=labelled_heading,
            continuation=tuple(_compile(p, "headings.toml") for p in headings["continuation"]),
            # "Innehåll -", "| Innehåll :", '"Innehåll': OCR's specks around the title
            toc_title=_compile(r"^[\s*|~»_\"'‘“-]*(?:" + _alternatives(headings["toc_titles"]) + r")\b[\s*:|.~_–—-]*$",
                               "headings.toml", re.IGNORECASE | re.MULTILINE),
            furniture=tuple(_compile(p, "headings.toml") for p in headings["page_furniture"]),
            decision_headings=tuple(_compile(p, "headings.toml", folded=True) for p in headings["decision_headings"]),
            decision_heading_words=_letters_of(headings["decision_heading_words"]),
            proposal_heading_words=_letters_of(headings["proposal_heading_words"]),
            proposal_heading=_compile(headings["proposal_heading"], "headings.toml", folded=True),
            proposes=tuple(_compile(p, "headings.toml", 0) for p in headings["proposes"]),
            decides=tuple(_compile(p, "headings.toml", re.IGNORECASE | re.MULTILINE) for p in headings["decides"]),
            no_decision=tuple(_compile(p, "headings.toml", folded=True) for p in headings["no_decision"]),
            subheading=_compile(r"^\s*(?:" + "|".join(headings["subheadings"]) + r")\b\s*:?", "headings.toml", folded=True),
            title_open_endings=frozenset(fold(w).lower() for w in headings["title_open_endings"]),
            decision_end=tuple(_compile(p, "headings.toml") for p in headings["decision_end"]),
            signature_date=_compile(headings["signing"]["signature_date"], "headings.toml", re.IGNORECASE | re.MULTILINE),
            justering_line=_compile(headings["signing"]["justering_line"], "headings.toml"),
            justering_label=_compile(headings["signing"]["justering_label"], "headings.toml", folded=True),
            justering_paragraph=_compile(headings["signing"]["justering_paragraph"], "headings.toml", folded=True),
            case_label=_compile(rf"\b(?:{label})(?![a-zåäö])", "case_numbers.toml", 0),  # "DnrFG-2024-1" as OCR glues it
            case_number=_compile(number, "case_numbers.toml", 0),
            labelled_case=_compile(labelled, "case_numbers.toml", 0),
            references=tuple((name, _compile(p, "case_numbers.toml", 0)) for name, p in cases["references"].items()),
            board_patterns=tuple(_compile(p, "boards.toml", 0, folded=True) for p in boards["header_patterns"]),
            not_board=tuple(w.lower() for w in boards["not_board"]),
            board_header_lines=int(boards["header_lines"]),
            board_wrap_endings=tuple(w.lower() for w in boards["wrapped_name_endings"]),
            proposing_boards=tuple(w.lower() for w in boards["proposing_boards"]),
            running_head=_compile(boards["running_head"], "boards.toml", re.IGNORECASE, folded=True),
            ocr_letters=str.maketrans(headings.get("ocr_letters", {})),
            ocr_prefix_letters=str.maketrans(cases["grammar"].get("ocr_prefix_letters", {})),
            known_prefixes=frozenset(" ".join(p.upper().replace("-", " ").replace("/", " ").split())
                                     for p in cases["grammar"].get("known_prefixes", [])),
        )
    except KeyError as exc:
        raise ProtokollError(f"layout files in {LAYOUT_DIR}: the entry {exc} is missing") from None


def layout_files() -> list[Path]:
    return sorted(LAYOUT_DIR.glob("*.toml"))
