"""Word processor files (.docx, .doc, .odt, .rtf) to PDF/A with LibreOffice headless.

LibreOffice writes the PDF/A itself (PDF/A-2b, text kept as text, fonts embedded); the PDF
then takes the born-digital PDF route (ingest/files.py), which reads its text layer and OCRs
only pages that are pictures. Each conversion runs with a profile of its own
(-env:UserInstallation) in the document's work folder: LibreOffice allows one running instance
per profile, so parallel conversions with a shared profile would wait for or fail on each other.

A conversion that hangs (a damaged file, a dialog LibreOffice wants to show) is stopped after
a timeout, with every process it started (it runs in a session of its own).
"""
from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
from pathlib import Path

from protokoll.errors import BadInput, MissingDependency

OFFICE_SUFFIXES = {".docx", ".doc", ".odt", ".rtf"}
DEFAULT_TIMEOUT = 180.0  # seconds; a long document converts in well under a minute on a small machine
DEBIAN_PACKAGE = "libreoffice-writer-nogui"
# The PDF export filter with its options as JSON (LibreOffice 7.4 and later): PDF/A-2b.
PDFA_EXPORT = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise MissingDependency(f"LibreOffice is not installed (needed for .docx, .doc, .odt and .rtf files): "
                                f"apt-get install {DEBIAN_PACKAGE}")
    return found


@functools.lru_cache(maxsize=None)
def version() -> str:
    """'7.4.7.2', or 'not installed'. Asked once per process (starting LibreOffice takes a moment)."""
    try:
        out = subprocess.run([soffice(), "--version"], capture_output=True, text=True, timeout=60).stdout
    except (MissingDependency, OSError, subprocess.TimeoutExpired):
        return "not installed"
    words = out.split()
    return words[1] if len(words) > 1 and words[0] == "LibreOffice" else (out.strip() or "unknown")


def convert_to_pdfa(src: Path, work: Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert `src` into a PDF/A in `work`; BadInput when LibreOffice fails or takes longer than `timeout` s."""
    program = soffice()
    out_dir = work / "converted"
    profile = work / "libreoffice-profile"
    command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", PDFA_EXPORT, "--outdir", str(out_dir), str(src)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_session(process)
        raise BadInput(f"LibreOffice did not finish converting the document within {timeout:g} s and was stopped; "
                       "open it in a word processor and save it again (or raise --convert-timeout)") from None
    finally:
        stop_session(process)  # LibreOffice may leave a helper behind even after it has answered
    made = out_dir / f"{src.stem}.pdf"
    if process.returncode != 0 or not made.is_file():
        said = [line for line in errors.splitlines() if line.strip() and "javaldx" not in line]
        detail = f" ({said[-1].strip()})" if said else ""
        raise BadInput(f"LibreOffice could not read the document{detail}: it is damaged, password-protected "
                       "or not what its name says; open it in a word processor and save it again")
    return made


def stop_session(process: subprocess.Popen) -> None:
    """Kill every process of the conversion's session, and reap the one we started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
