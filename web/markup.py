"""Document text into HTML: always escape first, then add our own markup around known spans."""
from __future__ import annotations

from markupsafe import Markup, escape


def mark_snippet(text: str, spans: list[tuple[int, int]] | list[list[int]]) -> Markup:
    """Escape `text` and wrap each (start, end) span of matched terms in <mark>.

    Spans come from the search as offsets into the plain text; they are cut from the
    unescaped text and each piece is escaped on its own, so document text never
    becomes markup.

    >>> str(mark_snippet("om <b>beslut</b> & mer", [(6, 12)]))
    'om &lt;b&gt;<mark>beslut</mark>&lt;/b&gt; &amp; mer'
    >>> str(mark_snippet("ingen träff", []))
    'ingen träff'
    """
    out, cursor = [], 0
    for start, end in sorted(tuple(span) for span in spans):
        start, end = max(start, cursor), min(end, len(text))
        if start >= end:
            continue  # overlapping or out-of-range span: nothing left to mark
        out.append(escape(text[cursor:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        cursor = end
    out.append(escape(text[cursor:]))
    return Markup("").join(out)
