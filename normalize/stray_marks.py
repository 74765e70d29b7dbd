"""Step: remove lone marks Tesseract made of specks (legacy text only).

Specks and the edge of a scan become lone marks: "_", "|", "~", "©", "=", or "—" or "." ending a line.
None is a word of minutes (a signature line is longer than "__"); "-" may be a bullet: kept.
"""
from __future__ import annotations

import re

from protokoll.normalize.settings import Edit

# A "_" may bring a dot or dashes of the same speck with it ("_.", "_—_—").
_MARK = r"(?<!\S)(?:_(?:[_—.]{0,3})|[|~©®=‘])"
# A "_" may also stick to the word after it ("_redogor"), and so may a "-" opening a line before a
# small letter ("-sker pa kansliet"): a list bullet has a space after it, a hyphen ends a line.
# Every match starts with a space, a tab or a mark: the lookahead lets the engine pass over
# letters at once instead of trying each alternative there (a third of the cost).
_STRAY_MARK = re.compile(rf"(?=[ \t_|~©®=‘—.-])(?:[ \t]*(?:{_MARK}|(?<!\S)[—.])[ \t]*$|{_MARK}[ \t]+|(?<!\S)_+(?=[^\W\d_])"
                         r"|^-(?=[a-zåäö]))", re.M)


def stray_mark_edits(text: str, page: object = None) -> list[Edit]:
    """Lone marks Tesseract made of specks, each removed.

    >>> [(i, old) for i, old, _, _, _ in stray_mark_edits("~ PROTOKOLL, Eva Hagg = Lars Backstrom |\\nfragor om —\\n______\\n_redogor")]
    [(0, '~ '), (22, '= '), (38, ' |'), (50, ' —'), (60, '_')]
    >>> [old for _, old, _, _, _ in stray_mark_edits("_. Miljo- och\\nMaria Nordstrém _—_— Lena")]
    ['_. ', '_—_— ']
    >>> [i for i, _, _, _, _ in stray_mark_edits("Justering\\n-sker pa kansliet\\n- b) Dagordningen\\nEU- -kommissionen")]
    [10]
    """
    return [(m.start(), m.group(), "", "stray mark", 0.0) for m in _STRAY_MARK.finditer(text)]
