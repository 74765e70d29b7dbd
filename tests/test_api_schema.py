"""schemathesis against the OpenAPI description, over real HTTP to a real `protokoll serve`.

Every check schemathesis has, in every phase (examples, coverage, fuzzing, and stateful runs that
follow the description's links from search hits to paragraphs, documents and cases), save one:
`positive_data_acceptance` expects every request the schema allows to succeed, but a schema
cannot describe the query language or the values an index holds, so a schema-valid "(((" or an
unknown board is rightly a 400. Server errors are never acceptable: the run must find none.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

from web_support import server, web_archive  # noqa: F401

EXAMPLES_PER_OPERATION = 60


def test_schemathesis_finds_no_failure(server, tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", f"{server}/api/openapi.json", "--checks", "all",
         "--exclude-checks", "positive_data_acceptance", "--max-examples", str(EXAMPLES_PER_OPERATION),
         "--workers", "1", "--seed", "16", "--suppress-health-check", "too_slow"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, env={**os.environ, "NO_COLOR": "1"})
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
    counts = re.search(r"(\d+) generated, (\d+) passed", report)
    assert counts and int(counts.group(1)) == int(counts.group(2)) > 100, report[-3000:]
