"""A § paragraph's title when the § line does not hold it: the lines below, joined while they wrap.

OCR damages titles at their edges (specks, a stray full stop, a blank line inside a wrapped title);
`title_below` reads the title under a § line and `completed_title` completes it from the contents
list's entry of the same number.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from protokoll.structure.decisions import decision_heading, is_subheading
from protokoll.structure.layout import Layout, fold
from protokoll.structure.metadata import clean_line

MAX_TITLE_LINES = 4  # a title wrapped over more lines than this is body text
LISTED_TITLE_RATIO = 90  # a title below the § line and the start of its contents entry, as alike as OCR leaves them
MAX_COMPLETING_LINES = 2


def _title_key(title: str) -> str:
    return re.sub(r"[\W\d_]", "", fold(title).lower())


def completed_title(text: str, title: str, span: tuple[int, int], end: int, listed: str) -> tuple[str, tuple[int, int]]:
    """A title below the § line that the contents list gives longer ("… nattvandrar - Irene" over a blank line
    and "Jonsson (S) med flera"): the lines after it that go on as the listed title does belong to it."""
    want = _title_key(listed)
    for _ in range(MAX_COMPLETING_LINES):
        have = _title_key(title)
        if len(have) + 3 >= len(want) or fuzz.ratio(have, want[: len(have)]) < LISTED_TITLE_RATIO:
            break
        following = re.search(r"\S.*", text[span[1] : end])
        if not following:
            break
        line = clean_line(following.group())
        longer = _title_key(f"{title} {line}")
        if not line or len(longer) > len(want) + 3 or fuzz.ratio(longer, want[: len(longer)]) < LISTED_TITLE_RATIO:
            break
        title, span = f"{title} {line}", (span[0], span[1] + following.end())
    return title, span


LABEL_WORD = re.compile(r"[^\W\d_]{0,12}(?:nummer|nr)\b", re.IGNORECASE)  # "Arendenummer", "Diarienr": a case label


def is_case_line(line: str, layout: Layout) -> bool:
    """A case number's line, its label perhaps without its Ä, the number read with specks or a space inside
    ("Arendenummer SLK-2025-01319 ©", "Arendenummer SLK202 5-00990"): no title, whatever the grammar makes of it.

    >>> from protokoll.structure.layout import load_layout
    >>> [is_case_line(line, load_layout()) for line in ("Arendenummer SLK-2024-01 005", "Dnr KS-2024-1", "Budget 2025-2027")]
    [True, True, False]
    """
    label = layout.case_label.match(line) or LABEL_WORD.match(fold(line))
    rest = line[label.end() :] if label else ""
    return bool(re.search(r"\d{3}", rest)) and not re.search(r"[^\W\d_]{4}", rest)


def title_below(text: str, start: int, end: int, layout: Layout) -> tuple[str, tuple[int, int] | None]:
    """The title under a § line: the first lines that are not a case number, joined while they wrap,
    up to a blank line or a sub-heading. OCR may put a blank line inside a wrapped title: a long line
    followed, after one blank line, by one that goes on in lower case still belongs to it."""
    lines = [(m, _title_line(clean_line(m.group()), layout)) for m in re.finditer(r"^.*$", text[start:end], re.MULTILINE)]
    title: list[str] = []
    span_start = span_end = None
    for n, (line, cleaned) in enumerate(lines):
        specked = bool(title and cleaned) and _specked_before_last(title[-1], cleaned, lines[n + 1 :], layout)
        if not title:
            if not cleaned or layout.case_label.match(cleaned) or is_case_line(cleaned, layout):
                continue
        elif not cleaned:
            following = next((c for _, c in lines[n + 1 : n + 2] if c), "")
            # a title cannot end on "med", "och" ...: "(IOP) med" / (blank) / "Nolbygårds intresseförening"
            ends_open = _ends_open(title[-1], layout) or title[-1].endswith(",")  # "… Axel Josefson (M)," goes on
            # a line in lower case goes on from a shorter one: OCR put a blank line after every line of the title
            wrapped = 45 if not following[:1].islower() else MIN_LOWER_WRAPPED
            if len(title) < MAX_TITLE_LINES and (
                    ((following[:1].islower() or ends_open) and _wraps(title[-1], following, layout, min_length=wrapped))
                    or _last_line_before_heading(title[-1], [c for _, c in lines[n + 1 :]], layout)):
                continue
            break
        elif len(title) >= MAX_TITLE_LINES or not (_wraps(title[-1], cleaned, layout)
                                                   or _narrow_goes_on(title[-1], cleaned, layout)
                                                   or specked):
            break
        if title and _stray_stop(title[-1], cleaned):
            title[-1] = title[-1][:-1]
        elif specked:
            title[-1] = title[-1].rstrip(".:")
        title.append(_edge_kept(line.group(), cleaned, " ".join(title)))
        span_start = start + line.start() if span_start is None else span_start
        span_end = start + line.end()
    if not title:
        return "", None
    return _joined(title).rstrip("-").rstrip(), (span_start, span_end)


MAX_TAIL_CHARS = 65  # the last line of a wrapped title that OCR set apart: a few words, a list of names
MIN_LOWER_WRAPPED = 30  # a title line this long goes on, over a blank line, into a line in lower case


def _last_line_before_heading(line: str, rest: list[str], layout: Layout) -> bool:
    """After a blank line under a wrapped title line (`line`, as long as a wrapped one is), is the next line the
    title's last, set apart by OCR: a few words or names, no sentence, and right after them (blank lines aside) the
    paragraph's first sub-heading or decision heading, which is where a title ends ("… - Heidi Hankanen" /
    (blank) / "Angberg (C)" / "Ärendebeskrivning")?"""
    filled = [c for c in rest[:8] if c][:2]
    if len(line) < 45 or len(filled) < 2 or is_subheading(filled[0], layout):
        return False
    tail, heading = filled[0], re.sub(r"^\w\s+(?=[A-ZÅÄÖ])", "", filled[1])  # "i Arendebeskrivning"
    return (len(tail) <= MAX_TAIL_CHARS and not tail.endswith((".", ":")) and ":" not in tail
            and is_subheading(heading, layout))


def _edge_kept(raw: str, cleaned: str, before: str = "") -> str:
    """A title line as cleaned, with what clean_line takes for edge junk but belongs to the title: the
    hyphen of a date broken at the line end ("2023-01-"), a dash before the next line ("kommun - "),
    the closing quote of a quotation opened in the title (`before`: its lines so far).

    >>> _edge_kept('planera sedan!"  ', 'planera sedan!', 'angående "Lyssna först,')
    'planera sedan!"'
    >>> _edge_kept('i Alingsås kommun - ', 'i Alingsås kommun'), _edge_kept('tiden 2023-01-', 'tiden 2023-01')
    ('i Alingsås kommun -', 'tiden 2023-01-')
    """
    raw = raw.rstrip()
    end = raw[-1:]
    if end in "-–" and cleaned[-1:].isdigit():
        return cleaned + end
    if end in "-–" and raw[-2:-1] == " ":
        return f"{cleaned} {end}"
    if end in ('"', "”") and f"{before} {cleaned}".count(end) % 2 == 1:  # Swedish ”…” opens and closes alike
        return cleaned + end
    return cleaned


def _joined(lines: list[str]) -> str:
    """Wrapped title lines as one: with a space, except a date broken after its hyphen ("2023-01-" / "01").

    >>> _joined(["för tiden 2023-01-", "01 - 2026-12-31", "samt kultur-", "och fritid"])
    'för tiden 2023-01-01 - 2026-12-31 samt kultur- och fritid'
    """
    text = lines[0]
    for line in lines[1:]:
        text += line if re.search(r"\d-$", text) and line[:1].isdigit() else " " + line
    return text


WRAPPED_WIDTH = 60  # a title line this long ran to the right margin
TAIL_JUNK = re.compile(r"(?:\s+[^\w\s()\[\]\"'’”?!]{1,3})+$")  # OCR's specks after a title: "Ekonomisk - :"


def _ends_open(line: str, layout: Layout) -> bool:
    """Does a title line end on a word no title ends on ("för", "och", as OCR reads them: "for")?"""
    words = line.split()
    return bool(words) and fold(words[-1]).lower() in layout.title_open_endings


LETTER_AFTER_STOP = re.compile(r"(?<=[.:;])\s+[^\W\d_]$")  # "2007-2009. i": a speck after the title's end


def _title_line(line: str, layout: Layout) -> str:
    """A title line without what OCR added at its end: specks of punctuation ("Ekonomisk - :"), a letter after
    the full stop that ends it ("2007-2009. i"), or a full stop or colon after a word that cannot end a title
    ("omsorg med.", "Granskning av:"). A dash alone is kept: it may be the title's.

    >>> from protokoll.structure.layout import load_layout
    >>> [_title_line(line, load_layout()) for line in ("Myrstacken i Åsa Ekonomisk - :", "omsorg med.", "Ärende –",
    ...                                                "Budget 2007-2009. i")]
    ['Myrstacken i Åsa Ekonomisk', 'omsorg med', 'Ärende –', 'Budget 2007-2009.']
    """
    tail = TAIL_JUNK.search(line)
    if tail and tail.group().strip() not in ("-", "–", "—"):
        line = line[: tail.start()]
    line = LETTER_AFTER_STOP.sub("", line)
    if line.endswith((".", ":")) and _ends_open(line[:-1], layout):
        line = line[:-1]
    return line


def _wraps(line: str, following: str, layout: Layout, min_length: int = 40) -> bool:
    """Does a title line go on on the next line? Only a long line without a full stop does, and only
    into a line that continues it: in lower case, a number ("1:116, Särö"), "(" or "§", after "och",
    "i" ..., or after a line nearly as wide as the page (WRAPPED_WIDTH), which was wrapped, into a
    line that is not a sentence.
    """
    heading = re.sub(r"^\w\s+(?=[A-ZÅÄÖ])", "", following)  # "i Arendebeskrivning": a speck before a sub-heading
    ends_open = _ends_open(line, layout)  # a title cannot end there, however short the line
    if ((len(line) < min_length and not ends_open) or (line[-1:] in ".:;" and not _stray_stop(line, following))
            or not following or (is_subheading(heading, layout) and not (ends_open and following[:1].islower()))
            or decision_heading(heading, layout)
            or layout.case_label.match(heading)):
        return False
    return (following[0].islower() or following[0].isdigit() or following[0] in "(§" or ends_open
            or line.endswith(("-", "–", ",")) or (len(line) >= WRAPPED_WIDTH and not following.endswith(".")))


NARROW_TITLE = 65  # a title set in a narrow column wraps before this; the body's lines run wider


def _narrow_goes_on(line: str, following: str, layout: Layout) -> bool:
    """Does a title set in a narrow column go on (Göteborgs Stad: "Remiss från Socialdepartementet - Stärkt stöd
    till anhöriga" / "Ett mer ändamålsenligt stöd …" / "anhöriga (SOU 2024:60)" / "Beslut")? Both lines are as
    narrow as the column, neither is a sentence, and the next is no heading; a wide line is the body's."""
    return (len(line) >= 40 and len(following) <= NARROW_TITLE and len(line) <= NARROW_TITLE
            and not line.endswith((".", ":", ";")) and not following.endswith((".", ":"))
            and not is_subheading(following, layout) and not layout.case_label.match(following)
            and not re.match(r"\S+s förslag\b", following))  # "Kommunledningsutskottets förslag": a heading


def _specked_before_last(line: str, following: str, rest: list, layout: Layout) -> bool:
    """A colon or dots OCR put after a title line ("… - promemorian..." / "Avveckling av studiestartsstödet" /
    "Beslut"): the next line is the title's last, no sentence, right above the decision heading or a sub-heading."""
    after = next((c for _, c in rest if c), "")
    return (line.endswith((":", "...")) and len(following) <= NARROW_TITLE and not following.endswith((".", ":"))
            and bool(after) and (decision_heading(after, layout) or is_subheading(after, layout)))


def _stray_stop(line: str, following: str) -> bool:
    """A full stop, colon or semicolon OCR put (or made of a comma) after a word in the middle of a title: the
    next line goes on in lower case ("… Myrstacken i Åsa Ekonomisk." over "förening om …", "… Hallands län:"
    over "i ärende …", "bolag;" over "intresseorganisationer"), which no new sentence does; not "m.m.", nor a
    speck OCR read as a letter before a sentence ("2007-2009." over "i Ewa Engdahl informerar …")."""
    return (line.endswith((".", ":", ";")) and following[:1].islower() and "." not in line.rsplit(None, 1)[-1][:-1]
            and not re.match(r"[^\W\d_]\s+[A-ZÅÄÖ]", following))
