"""Missing Tesseract or Swedish language data: one clear line, a non-zero exit, no traceback.

Both faults are produced for real: a PATH without tesseract, and a TESSDATA_PREFIX
holding only English data.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SCANNED_SAMPLE
from protokoll.errors import ExitCode


def protokoll(archive: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "protokoll", "--archive", str(archive), *args],
                          capture_output=True, text=True, env=env, cwd=Path(__file__).parent.parent)


def test_missing_tesseract(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("gs",):
        os.symlink(shutil.which(tool), bin_dir / tool)
    env = {**os.environ, "PATH": str(bin_dir)}
    result = protokoll(tmp_path / "arkiv", env, "ingest", str(SCANNED_SAMPLE))
    assert result.returncode == ExitCode.missing_dependency
    assert result.stderr.strip().count("\n") == 0
    assert "apt-get install tesseract-ocr" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_swedish_language_data(tmp_path):
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    installed = Path(subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
                     .stdout.split('"')[1])
    os.symlink(installed / "eng.traineddata", tessdata / "eng.traineddata")
    env = {**os.environ, "TESSDATA_PREFIX": str(tessdata)}
    result = protokoll(tmp_path / "arkiv", env, "ingest", str(SCANNED_SAMPLE))
    assert result.returncode == ExitCode.missing_dependency
    assert "tesseract-ocr-swe" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_libreoffice(tmp_path):
    """A PATH without soffice: an office file stops the import with the package to install."""
    from ingest_makers import docx_file

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    docx_file(tmp_path / "protokoll.docx", "§ 1 Upprop", "Närvarande ledamöter.")
    env = {**os.environ, "PATH": str(bin_dir)}
    result = protokoll(tmp_path / "arkiv", env, "ingest", str(tmp_path / "protokoll.docx"))
    assert result.returncode == ExitCode.missing_dependency
    assert result.stderr.strip() == ("protokoll: LibreOffice is not installed (needed for .docx, .doc, .odt and .rtf "
                                     "files): apt-get install libreoffice-writer-nogui")
