"""The index's text fields count their terms directly (index.schema.SwedishText); what they
index must be exactly what their Whoosh analyzers yield, which is what queries are built from."""
from __future__ import annotations

import pytest
from whoosh.fields import TEXT

from protokoll.datafiles import SAMPLES_DIR
from protokoll.index.schema import paragraph_schema

TEXTS = [
    "Kompetensförsörjningen i Jämtlands län, KS 2016/214 och RUN/16/2020 (02091-C-71).",
    "Förslag till beslut: Kommunstyrelsen beslutar att godkänna redovisningen. Beslut beslut!",
    "I Jimtlands ldn har det linge funnits 6verenskommelsen om fjärrundervisning.",
    (SAMPLES_DIR / "000_effe2c7c135b0eba.txt").read_text(encoding="utf-8"),
]


@pytest.mark.parametrize("fieldname", ["text", "title", "exact", "folded", "pairs"])
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_field_indexes_what_its_analyzer_yields(fieldname, text):
    field = paragraph_schema()[fieldname]
    by_analyzer = TEXT(analyzer=field.analyzer, phrase=False)
    assert sorted(field.index(text)) == sorted(by_analyzer.index(text))
    assert list(field.index(text))
