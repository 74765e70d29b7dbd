"""The real-scan set's hand corrections: parsed and applied to the OCR text, a wrong one reported."""
import pytest

from bench.fetch_realscans import (SOURCES_DIR, CorrectionError, apply_corrections, parse_corrections,
                                   read_sources)

OCR = "Ång. nedläggningen\nav olönsam\n\nfrån min sida, I genomsnitt i i\nen längd av ca 3000 km."


def test_corrections_are_applied_word_by_word_and_keep_every_line():
    corrections = parse_corrections("# a comment\n1\tÅng.\tAng.\n4\tsida,\tsida.\n5\t3000\t3 000\n")
    assert apply_corrections(OCR, corrections) == (
        "Ang. nedläggningen\nav olönsam\n\nfrån min sida. I genomsnitt i i\nen längd av ca 3 000 km.")


def test_an_empty_correction_deletes_the_word_and_an_occurrence_picks_one_of_several():
    corrections = parse_corrections("2\tolönsam\t\n4\ti\tI\t2\n")
    assert apply_corrections(OCR, corrections).split("\n")[1:4] == ["av", "", "från min sida, I genomsnitt i I"]


@pytest.mark.parametrize("text, message", [
    ("1\tAng.\tAng.\n", "OCR line 1 has no word 'Ang.'"),
    ("9\tkm.\tkm\n", "line 9 is past"),
    ("4\ti\tI\n", "'i' is 2 times on OCR line 4"),
    ("4\ti\tI\t3\n", "(occurrence 3)"),
    ("1\tÅng.\tAng.\n1\tÅng.\tAnd.\n", "corrected twice"),
])
def test_a_correction_that_does_not_fit_the_ocr_is_a_clear_error(text, message):
    with pytest.raises(CorrectionError, match="page_x: correction") as error:
        apply_corrections(OCR, parse_corrections(text), "page_x")
    assert message in str(error.value)


@pytest.mark.parametrize("text", ["x\tÅng.\tAng.\n", "1\tÅng.\n", "1\t\tAng.\n", "1\tÅng. ned\tAng.\n"])
def test_a_malformed_corrections_line_is_refused(text):
    with pytest.raises(CorrectionError, match="line 1: expected"):
        parse_corrections(text)


def test_the_committed_sources_and_corrections_agree():
    pages = read_sources()
    names = [page.name for page in pages]
    assert len(names) == len(set(names))
    hand = {page.name for page in pages if page.truth == "hand"}
    files = {path.stem for path in SOURCES_DIR.glob("*.corrections")}
    assert files <= hand
    for name in files:
        parse_corrections((SOURCES_DIR / f"{name}.corrections").read_text(encoding="utf-8"))
    for page in pages:
        assert page.subset in ("dev", "heldout") and page.truth in ("hand", "swe")
        assert len(page.commit) == 40 and len(page.sha256) == 64
        assert page.page >= 1 or page.path.endswith((".png", ".jpg", ".tif"))


def source_repository(repo):
    """A git repository with one small page image; its commit and the image's sha256."""
    import subprocess

    from PIL import Image

    from bench import fetch_realscans

    repo.mkdir(parents=True)
    Image.new("L", (40, 20), 255).save(repo / "page.png")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "page.png"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "page"], check=True)
    commit = subprocess.run(git[:3] + ["rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    return commit, fetch_realscans.sha256((repo / "page.png").read_bytes())


def test_build_takes_each_page_from_git_checks_it_and_writes_the_truth(tmp_path, monkeypatch):
    from PIL import Image

    from bench import fetch_realscans

    repo = tmp_path / "source"
    commit, digest = source_repository(repo)
    pages = [fetch_realscans.Page("p_hand", "o/source", commit, "page.png", digest, "heldout", "hand"),
             fetch_realscans.Page("p_swe", "o/source", commit, "page.png", digest, "dev", "swe"),
             fetch_realscans.Page("p_bad", "o/source", commit, "page.png", "0" * 64, "dev", "swe")]
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "p_hand.corrections").write_text("1\tÅng.\tAng.\n", encoding="utf-8")
    monkeypatch.setattr(fetch_realscans, "tesseract", lambda image, lang: f"Ång. {lang}\n")
    into = tmp_path / "set"
    assert fetch_realscans.build(pages, {"o/source": repo / ".git"}, into, sources) == 1  # p_bad's sha256
    assert (into / "truth" / "p_hand.txt").read_text(encoding="utf-8") == "Ang. swe\n"
    assert (into / "eng" / "p_swe.txt").read_text(encoding="utf-8") == "Ång. eng\n"
    assert not (into / "truth" / "p_swe.txt").exists() and not (into / "swe" / "p_bad.txt").exists()
    assert Image.open(into / "images" / "p_hand.png").size == (40, 20)
    assert (into / "split.tsv").read_text(encoding="utf-8").splitlines()[1:] == [
        "p_hand\theldout\thand", "p_swe\tdev\tswe"]


def test_clone_fetches_the_sources_it_is_not_given(tmp_path, monkeypatch):
    from bench import fetch_real_minutes, fetch_realscans

    commit, digest = source_repository(tmp_path / "o" / "source")
    monkeypatch.setattr(fetch_real_minutes, "GITHUB", str(tmp_path) + "/{}")
    monkeypatch.setattr(fetch_realscans, "read_sources", lambda: [
        fetch_realscans.Page("p_swe", "o/source", commit, "page.png", digest, "dev", "swe")])
    monkeypatch.setattr(fetch_realscans, "tesseract", lambda image, lang: f"ord {lang}\n")
    into = tmp_path / "set"
    with pytest.raises(SystemExit):  # neither --git-dir nor --clone
        fetch_realscans.main(["--into", str(into)])
    assert fetch_realscans.main(["--clone", "--into", str(into)]) == 0
    assert (into / "swe" / "p_swe.txt").read_text(encoding="utf-8") == "ord swe\n"


def test_a_path_not_in_the_source_repository_is_a_clear_error(tmp_path, monkeypatch, capsys):
    from bench import fetch_realscans

    commit, digest = source_repository(tmp_path / "source")
    monkeypatch.setattr(fetch_realscans, "read_sources", lambda: [
        fetch_realscans.Page("p_swe", "o/source", commit, "nowhere.png", digest, "dev", "swe")])
    argv = ["--git-dir", f"o/source={tmp_path / 'source' / '.git'}", "--into", str(tmp_path / "set")]
    assert fetch_realscans.main(argv) == 2
    assert f"{commit}:nowhere.png not in" in capsys.readouterr().err
