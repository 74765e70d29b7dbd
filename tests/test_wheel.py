"""A regular install works: the wheel, in a fresh virtual environment outside the checkout.

Builds the wheel from this checkout, installs it (with its dependencies, from pip's cache where
it has them) into a new venv in a temporary folder, and runs the installed `protokoll` from a
folder that holds no source, so nothing can be imported from the checkout by accident.
"""
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAMAGED = "I Jimtlands ldn ir 6verenskommelsen klar.\n"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(ROOT)],
                   check=True, cwd=base, capture_output=True)
    wheel, = (base / "dist").glob("protokoll-*.whl")
    venv.create(base / "venv", with_pip=True)
    python = base / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, cwd=base, capture_output=True)
    work = base / "work"
    work.mkdir()
    return python, work


def run(installed, *args, stdin=None):
    python, work = installed
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PROTOKOLL_DATA", "PROTOKOLL_ARCHIVE")}
    return subprocess.run([str(python.parent / "protokoll"), *args], input=stdin, capture_output=True, text=True,
                          cwd=work, env=env)


def test_only_protokoll_is_installed_at_the_top_level(installed):
    python, work = installed
    files = subprocess.run([str(python), "-c", "import importlib.metadata as m; "
                            "print('\\n'.join(str(f) for f in m.files('protokoll')))"],
                           capture_output=True, text=True, check=True, cwd=work).stdout.split()
    top = {f.split("/")[0] for f in files if not f.startswith("../")}  # ../../bin/protokoll is the script
    assert top == {"protokoll", f"protokoll-{version_of(python, work)}.dist-info"}, top
    assert any(f.startswith("protokoll/data/normalize/") for f in files)
    assert any(f.startswith("protokoll/web/templates/") for f in files)


def version_of(python: Path, work: Path) -> str:
    return subprocess.run([str(python), "-c", "import protokoll; print(protokoll.__version__)"],
                          capture_output=True, text=True, check=True, cwd=work).stdout.strip()


def test_help(installed):
    result = run(installed, "--help")
    assert result.returncode == 0, result.stderr
    assert "ingest" in result.stdout and "search" in result.stdout


def test_normalize_repairs_damaged_text(installed):
    result = run(installed, "normalize", "-", stdin=DAMAGED)
    assert result.returncode == 0, result.stderr
    assert "Jämtlands län" in result.stdout and "överenskommelsen" in result.stdout


def test_module_entry_point(installed):
    python, work = installed
    result = subprocess.run([str(python), "-m", "protokoll.normalize"], capture_output=True, text=True, cwd=work)
    assert result.returncode == 2 and "learn" in result.stderr  # prints its usage


def test_ingest_then_search(installed):
    _, work = installed
    inbox = work / "inkorg"
    inbox.mkdir()
    (inbox / "protokoll.txt").write_text(
        "Protokoll\nKommunstyrelsen\nSammanträdesdatum 2021-03-04\n\n"
        "§ 12 Upphandling av skolskjutsar\nKommunstyrelsen beslutar att godkänna avtalet.\n", encoding="utf-8")
    ingest = run(installed, "--archive", str(work / "arkiv"), "ingest", "--json", str(inbox))
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["counts"]["new"] == 1
    found = run(installed, "--archive", str(work / "arkiv"), "search", "skolskjutsar", "--json")
    assert found.returncode == 0, found.stderr
    assert "Upphandling av skolskjutsar" in found.stdout


def test_data_override(installed, tmp_path):
    """PROTOKOLL_DATA points the installed package at another data folder."""
    python, work = installed
    env = {**os.environ, "PROTOKOLL_DATA": str(tmp_path)}
    env.pop("PYTHONPATH", None)
    result = subprocess.run([str(python), "-c", "from protokoll.datafiles import DATA_DIR; print(DATA_DIR)"],
                            capture_output=True, text=True, cwd=work, env=env)
    assert result.stdout.strip() == str(tmp_path)
