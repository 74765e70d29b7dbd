"""The normaliser: legacy OCR repaired, correct text left alone, the CLI command.

Data-driven (ftfy style): tests/resources/normalize/{cases,must_not_change,known_failures}.toml.
The dev set in tests/resources/normalize/devset/ is real Tesseract output committed by
bench/normalize_devset.py, so no test here runs OCR.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from rapidfuzz.distance import Levenshtein

from protokoll import cli
from protokoll import normalize
from protokoll.datafiles import SAMPLES_DIR
from protokoll.normalize import learn, lexicon

RESOURCES = Path(__file__).parent / "resources" / "normalize"
DEVSET = RESOURCES / "devset"
LEGACY_SAMPLE = SAMPLES_DIR / "002_fe105bbe31b7ac9f.txt"
CLEAN_SAMPLES = [SAMPLES_DIR / f"{name}.txt" for name in learn.CLEAN_SAMPLES]
UNSEEN_TEXTS = sorted((Path(__file__).parent.parent / "bench" / "normalize_texts").glob("*.txt"))  # dev_*, heldout_*
WORDS = re.compile(r"\w+")


def cases(name: str) -> list[dict]:
    return tomllib.loads((RESOURCES / name).read_text(encoding="utf-8"))["case"]


def case_id(case: dict) -> str:
    return case["name"]


def changed_token_share(text: str) -> float:
    changes = [c for c in normalize.explain(text)[1] if c.reason != "hyphenation"]
    return len(changes) / len(WORDS.findall(text))


def devset_docs(prefix: str) -> list[dict[str, str]]:
    docs = []
    for truth in sorted(DEVSET.glob(f"{prefix}*.truth.txt")):
        stem = truth.name.removesuffix(".truth.txt")
        docs.append({kind: (DEVSET / f"{stem}.{kind}.txt").read_text(encoding="utf-8") for kind in ("truth", "eng", "swe")})
    return docs


def repair_pages(text: str) -> str:
    return "\f".join(normalize.repair(page) for page in text.split("\f"))


def word_errors(truth: str, hyp: str) -> float:
    t = WORDS.findall(truth)
    return Levenshtein.distance(t, WORDS.findall(hyp)) / len(t)


# --- repairs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("case", cases("cases.toml"), ids=case_id)
def test_legacy_ocr_is_repaired(case):
    assert normalize.repair(case["original"]) == case["expected"]


@pytest.mark.parametrize("case", cases("known_failures.toml"), ids=case_id)
def test_known_failures_still_fail(case):
    """If one of these passes, it was fixed: move it to cases.toml."""
    repaired = normalize.repair(case["original"])
    assert repaired != case["expected"]
    assert repaired != case["original"]  # the rest of the sentence is still repaired


def test_the_legacy_sample_reads_as_swedish_again():
    repaired = normalize.repair(LEGACY_SAMPLE.read_text(encoding="utf-8"))
    for phrase in ["I Jämtlands län har det länge funnits", "Kommunförbundet Jämtlands län",
                   "den nu\ngällande överenskommelsen", "Samverkan mellan kommunerna är en förutsättning",
                   "Finns en ambition att få med alla", "En digital lösning", "ansöka om pengar",
                   "Fjärrundervisningen är extra viktig", "tillväxtansvarig", "samverkansfrågor på",
                   "ge stöd\ntill länets kommuner", "Region Jämtland Härjedalen"]:
        assert phrase in repaired
    for junk in ["Jimtland", "6verenskommelsen", "f4", "16sning", "ir", "ldn"]:
        assert junk not in WORDS.findall(repaired)


def test_the_aligned_bakgrund_section_matches_the_clean_original():
    """002's Bakgrund is 001's Bakgrund OCR'd without Swedish: after repair the words agree."""
    pairs = learn.legacy_pair_words()
    repaired = WORDS.findall(normalize.repair(" ".join(ocr for _, ocr in pairs)))
    assert len(repaired) == len(pairs) > 120
    assert sum(true != ocr for true, ocr in pairs) > 0.2 * len(pairs)
    assert sum(true != word for (true, _), word in zip(pairs, repaired)) <= 0.02 * len(pairs)


@pytest.mark.parametrize("prefix", ["dev", "heldout"])
def test_eng_ocr_of_minutes_never_learned_from_is_repaired(prefix):
    """dev_* and heldout_* documents were never learned from; the figures are in the README (bench)."""
    for doc in devset_docs(prefix):
        before, after = word_errors(doc["truth"], doc["eng"]), word_errors(doc["truth"], repair_pages(doc["eng"]))
        assert before > 0.25
        assert after < 0.05
        assert after < before / 8


# --- leaving correct text alone ------------------------------------------------------------------

@pytest.mark.parametrize("case", cases("must_not_change.toml"), ids=case_id)
def test_correct_text_is_not_changed(case):
    assert normalize.repair(case["text"]) == case["text"]


@pytest.mark.parametrize("path", CLEAN_SAMPLES + UNSEEN_TEXTS, ids=lambda p: p.stem)
def test_clean_documents_change_at_most_a_thousandth_of_their_tokens(path):
    assert changed_token_share(path.read_text(encoding="utf-8")) <= 0.001


def test_fresh_swedish_ocr_is_barely_touched():
    for doc in devset_docs(""):
        assert changed_token_share(doc["swe"]) <= 0.002


def test_repair_is_idempotent():
    texts = [LEGACY_SAMPLE.read_text(encoding="utf-8")] + [doc[kind] for doc in devset_docs("") for kind in ("eng", "swe")]
    for text in texts:
        for page in text.split("\f"):
            once = normalize.repair(page)
            assert normalize.repair(once) == once


def test_the_document_switch_tells_legacy_from_clean():
    assert normalize.is_legacy(LEGACY_SAMPLE.read_text(encoding="utf-8"))
    for path in CLEAN_SAMPLES:
        assert not normalize.is_legacy(path.read_text(encoding="utf-8"))


# --- explain -------------------------------------------------------------------------------------

def test_explain_records_each_change_with_its_position():
    text = "Sedan Region Jimtland Hirjedalen blev regionalt utvecklings-\nansvariga ar 2015 har arbetet fortsatt."
    repaired, changes = normalize.explain(text)
    assert repaired == "Sedan Region Jämtland Härjedalen blev regionalt utvecklingsansvariga år 2015 har arbetet fortsatt."
    by_original = {c.original: c for c in changes}
    assert set(by_original) == {"Jimtland", "Hirjedalen", "utvecklings-\nansvariga", "ar"}
    for change in changes:
        assert text[change.position:change.position + len(change.original)] == change.original
    assert by_original["utvecklings-\nansvariga"].reason == "hyphenation"
    assert by_original["ar"].replacement == "år" and by_original["ar"].reason.startswith("context")
    assert all(change.score > 0 for change in changes if change.reason != "hyphenation")


# --- the lexicon cache and the dictionary forms ----------------------------------------------------

def test_dictionary_forms_are_expanded_by_hunspell_and_compound_only_forms_left_out(tmp_path):
    dic, aff = tmp_path / "sv.dic", tmp_path / "sv.aff"
    # Flag B makes "bils" a compound's first part only ("bils+däck"): unmunch writes it "bils/XZ|".
    aff.write_text("SET UTF-8\nCOMPOUNDBEGIN X\nONLYINCOMPOUND Z\nSFX A Y 2\nSFX A 0 en .\nSFX A 0 ens .\n"
                   "SFX B Y 1\nSFX B 0 s/XZ .\n", encoding="utf-8")
    dic.write_text("3\nnämnd/A\nbil/B\nE4\n", encoding="utf-8")
    assert sorted(lexicon.read_word_forms(dic)) == ["bil", "nämnd", "nämnden", "nämndens"]
    assert lexicon.read_word_forms(tmp_path / "missing.dic") == []


def test_a_change_to_a_dictionary_form_says_so():
    _, changes = normalize.explain("Namnden meddelar tillstandshavaren en varning.")
    assert [(c.replacement, c.reason) for c in changes] == [("Nämnden", "confusion"), ("tillståndshavaren", "dictionary form")]


def test_the_lexicon_cache_maps_the_dictionary_forms_and_rebuilds_a_damaged_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PROTOKOLL_CACHE", str(tmp_path))
    assert lexicon.load().forms_for("infordras") == [b"infordras"]  # built
    pickled, forms = lexicon.cache_path(), lexicon.cache_path().with_suffix(".forms")
    built_at = pickled.stat().st_mtime_ns
    assert lexicon.load().forms_for("tillstandshavaren") == ["tillståndshavaren".encode()]  # mapped from the cache
    assert pickled.stat().st_mtime_ns == built_at
    forms.write_bytes(b"damaged")
    assert lexicon.load().forms_for("infordras") == [b"infordras"]  # rebuilt
    assert pickled.stat().st_mtime_ns != built_at


def test_the_lexicon_cache_keeps_the_latest_other_lexicons_and_drops_older_ones(tmp_path):
    # a lexicon built with the corpus counts and one without stay side by side; the oldest other goes
    import os

    for age, name in enumerate(["old", "other", "current"]):
        for suffix in (".pickle", ".forms", ".keys"):
            made = tmp_path / f"normalize-lexicon-{name}{suffix}"
            made.write_bytes(b"x")
            os.utime(made, (1_000_000 + age, 1_000_000 + age))
    lexicon.prune_cache(tmp_path / "normalize-lexicon-current.pickle")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"normalize-lexicon-{name}{suffix}" for name in ("current", "other") for suffix in (".forms", ".keys", ".pickle")]


# --- the learned data ------------------------------------------------------------------------------

def test_committed_learned_data_is_what_the_learner_writes(tmp_path):
    """data/normalize/{confusions,misreadings,learned_lexicon,bigrams}.tsv are regenerable by normalize.learn."""
    learn.write_all(DEVSET, tmp_path)
    for name in ("confusions.tsv", "misreadings.tsv", "learned_lexicon.tsv", "bigrams.tsv"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (learn.NORMALIZE_DATA / name).read_text(encoding="utf-8")


def test_the_confusion_table_knows_what_eng_ocr_does_to_swedish():
    counts = learn.learn_confusions(learn.training_pairs(DEVSET))
    assert counts["ä", "a"] > counts["ä", "i"] > 0
    assert counts["ö", "6"] > 0 and counts["ö", "é"] > 0
    assert counts["å", "a"] > 100


def test_learning_from_clean_texts_extends_the_lexicon_and_context():
    legacy = "Arendet om gransovergripande tillvaxtfragor i Gallo diskuterades ocksa nar det var mojligt."
    base = normalize.Normaliser.load()
    assert "Gällö" not in base.repair(legacy)
    learned = learn.learn_from_texts(["Ärendet behandlades i Gällö. Gränsöverskridande frågor i Gällö diskuterades."])
    assert learned.words["gällö"] == 2 and learned.bigrams["i", "gällö"] == 2
    taught = base.extended(learned)
    assert taught.repair(legacy) == "Ärendet om gränsövergripande tillväxtfrågor i Gällö diskuterades också när det var möjligt."
    assert "Gällö" not in base.repair(legacy)  # the normaliser it was made from is as it was


def test_pair_sentences_teach_word_pairs_but_not_how_often_minutes_use_a_word():
    """corpus/pairs/ names rare readings as often as common ones: counted as words they would
    dilute every word's share of the minutes; they count only as pairs."""
    minutes = learn.learn_from_texts(learn.clean_texts())
    learned = learn.learn_clean(learn.clean_texts())
    assert learned.words == minutes.words and learned.lowercase == minutes.lowercase
    assert minutes.bigrams["täcka", "kostnaderna"] == 0 < learned.bigrams["täcka", "kostnaderna"]


# --- the command -------------------------------------------------------------------------------

def run(*args, input=None):
    return CliRunner().invoke(cli.main, ["normalize", *args], input=input)


def test_cli_repairs_a_file():
    result = run(str(LEGACY_SAMPLE))
    assert result.exit_code == 0, result.output
    assert "I Jämtlands län har det länge funnits" in result.output


def test_cli_reads_stdin():
    result = run("-", input="Sedan Region Jimtland Hirjedalen blev regionalt utvecklingsansvariga ar 2015.".encode())
    assert result.exit_code == 0
    assert result.output == "Sedan Region Jämtland Härjedalen blev regionalt utvecklingsansvariga år 2015."


def test_cli_explain_lists_changes():
    result = run("--explain", str(LEGACY_SAMPLE))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "13\t'Jimtlands'\t'Jämtlands'\tconfusion\t" in lines[0]
    assert all(len(line.split("\t")) == 5 for line in lines)
    assert result.stderr.strip() == f"{len(lines)} changes"


@pytest.mark.parametrize("make_input, message", [
    (lambda tmp: tmp / "missing.txt", "cannot read"),
    (lambda tmp: tmp, "cannot read"),
    (lambda tmp: _write(tmp / "binary.txt", b"Jamtlands\0\0\x01lan"), "is not text"),
], ids=["missing file", "a directory", "binary bytes"])
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, make_input, message):
    result = run(str(make_input(tmp_path)))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output + result.stderr


def test_cli_bad_stdin_is_one_line_and_exit_2():
    result = run("-", input=b"caf\xe9\0\xff")
    assert result.exit_code == 2
    assert result.stderr.strip() == "protokoll: - is not text (it holds NUL bytes, byte 4); give a text file"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
