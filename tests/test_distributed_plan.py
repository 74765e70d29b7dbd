"""The OpenSearch mapping in docs/ (docs/scaling.md) keeps up with our schema and Swedish analysis."""
from __future__ import annotations

import json
from pathlib import Path

from protokoll.index.analysis import MIN_COMPOUND, STOP_WORDS, WORD_PATTERN
from protokoll.index.schema import paragraph_schema
from tools.decompound_words import decompound_words

ROOT = Path(__file__).resolve().parent.parent
MAPPING = json.loads((ROOT / "docs" / "opensearch-mapping.json").read_text(encoding="utf-8"))
# Whoosh fields that OpenSearch holds another way: the views of the words are sub-fields of text and
# title, phrases use word positions instead of word pairs, and `date` is a date type (no YYYYMMDD column).
HELD_OTHERWISE = {"exact": "text.exact", "folded": "text.folded", "pairs": "positions of text", "day": "date"}


def test_every_field_of_the_schema_is_in_the_mapping_or_held_otherwise():
    fields = set(paragraph_schema().names())
    mapped = set(MAPPING["mappings"]["properties"])
    assert fields - mapped == set(HELD_OTHERWISE)
    assert mapped <= fields


def test_the_swedish_analysis_matches_ours():
    analysis = MAPPING["settings"]["analysis"]
    assert set(analysis["filter"]["protokoll_sv_stop"]["stopwords"]) == set(STOP_WORDS)
    assert analysis["tokenizer"]["protokoll_words"]["pattern"] == WORD_PATTERN
    assert analysis["filter"]["protokoll_sv_decompound"]["min_word_size"] == MIN_COMPOUND
    assert analysis["filter"]["protokoll_sv_stemmer"]["language"] == "Swedish"
    for view in ("exact", "folded"):
        assert MAPPING["mappings"]["properties"]["text"]["fields"][view]["analyzer"] == f"protokoll_sv_{view}"
    assert analysis["analyzer"]["protokoll_sv_exact"]["filter"] == ["protokoll_word_parts", "lowercase", "protokoll_sv_stop"]
    assert analysis["analyzer"]["protokoll_sv_folded"]["filter"][-1] == "protokoll_fold"


def test_the_decompounder_word_list_holds_the_parts_our_splitter_finds():
    words = set(decompound_words())
    assert {"kompetens", "försörjning", "bredband", "beredskap", "influensa"} <= words
    assert all(word == word.lower() and word.isalpha() for word in words)
