"""The stages depend one way. Each package may import only the parts of `protokoll` listed here.

    errors, records, datafiles,     the base every stage may use
      textfiles, processes
    archive                         storage of originals, copies and records (base)
    ingest      -> archive          files in, Documents out
    normalize, structure            text functions over records; no storage, no other stage
    index       -> archive          the index lives in the archive folder
    pipeline    -> every stage      the one place the stages are wired
    cli, web    -> pipeline, index  thin layers
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE = {"errors", "records", "datafiles", "textfiles", "processes"}
ALLOWED = {
    "errors": set(), "records": set(), "datafiles": set(), "textfiles": set(), "processes": set(),
    "archive": BASE,
    "ingest": BASE | {"archive"},
    "normalize": BASE,
    "structure": BASE,
    "index": BASE | {"archive"},
    "pipeline": BASE | {"archive", "ingest", "normalize", "structure", "index"},
    "cli": BASE | {"archive", "pipeline", "index", "web", "normalize"},
    "web": BASE | {"archive", "pipeline", "index"},
    "__main__": {"cli"},
    "__init__": set(),
}


def part_of(path: Path) -> str:
    relative = path.relative_to(ROOT)
    return relative.parts[0].removesuffix(".py")


def imported_parts(path: Path) -> set[str]:
    """The top-level parts of `protokoll` that a module imports (`protokoll.index.search` -> index)."""
    parts = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "protokoll" else [f"protokoll.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        parts |= {name.split(".")[1] for name in names if name.startswith("protokoll.")}
    return parts


MODULES = sorted(p for p in ROOT.glob("*.py") if p.name not in ("conftest.py",)) + sorted(
    p for part in ALLOWED for p in (ROOT / part).rglob("*.py") if (ROOT / part).is_dir())


def test_every_part_of_the_package_has_a_rule():
    parts = {p.name.removesuffix(".py") for p in ROOT.iterdir()
             if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.name not in ("tests", "bench", "tools")}
    assert parts <= set(ALLOWED), parts - set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_one_way(path):
    part = part_of(path)
    wrong = imported_parts(path) - ALLOWED[part] - {part}
    assert not wrong, f"{path.relative_to(ROOT)} ({part}) imports {sorted(wrong)}"


def test_old_top_level_names_are_gone():
    """Nothing imports `ingest`, `cli`... as top-level names: only `protokoll.` paths install."""
    old = {"cli", "pipeline", "records", "errors", "datafiles", "ingest", "normalize", "index", "web", "archive",
           "structure"}
    for path in MODULES + sorted((ROOT / "tests").glob("*.py")) + sorted((ROOT / "bench").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                assert node.module.split(".")[0] not in old, f"{path}: from {node.module}"
            elif isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & old, f"{path}: import"


def test_the_check_finds_a_wrong_import(tmp_path):
    wrong = tmp_path / "m.py"
    wrong.write_text("from protokoll.ingest.ocr import tool_versions\nfrom protokoll import normalize\n")
    assert imported_parts(wrong) == {"ingest", "normalize"}
