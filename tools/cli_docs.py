"""The command reference, generated from the code: each command's `--help` in docs/cli.md and
the command table in README.md.

    python -m tools.cli_docs --write    # rewrite the generated parts (`make docs`)
    python -m tools.cli_docs --check    # exit 1 and name the files when they are out of date

The generated parts lie between two marker comments, `<!-- generated: NAME ... -->` and
`<!-- end: NAME -->`; everything outside them is written by hand and left as it is.
Help is rendered as `COLUMNS=80 protokoll ... --help` prints it (the same on any wider
terminal), so the text does not depend on the terminal of whoever runs this. tests/test_docs.py fails when the files are stale.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Callable

import click

from protokoll import cli

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"
COLUMNS = 80


def commands(group: click.Group = cli.main, path: str = "protokoll") -> list[tuple[str, click.Command]]:
    """Every visible command as ("protokoll search", command), the group itself first, subgroups walked."""
    found = [(path, group)]
    context = click.Context(group, info_name=path)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        if isinstance(command, click.Group):
            found += commands(command, f"{path} {name}")
        else:
            found.append((f"{path} {name}", command))
    return found


def help_text(path: str) -> str:
    """What `COLUMNS=80 <path> --help` prints, rendered without running the commands' callbacks.

    On a terminal click draws help two columns narrower than the terminal, at most 78 wide.
    """
    names = path.split()
    command: click.Command = cli.main
    context = click.Context(command, info_name=names[0], terminal_width=COLUMNS - 2)
    for name in names[1:]:
        command = command.get_command(context, name)
        context = click.Context(command, info_name=name, parent=context)
    return command.get_help(context) + "\n"


def reference() -> str:
    """docs/cli.md's generated part: one section per command holding its --help."""
    return "\n".join(f"## {path}\n\n```text\n{help_text(path)}```\n" for path, _ in commands())


def command_table() -> str:
    """README's generated part: each command with the first sentence of its help."""
    rows = ["| command | what it does |", "|---|---|"]
    for path, command in commands()[1:]:
        if not isinstance(command, click.Group):
            summary = command.get_short_help_str(limit=200).replace("|", "\\|")
            rows.append(f"| `{path}` | {summary} |")
    return "\n".join(rows) + "\n"


GENERATED: dict[Path, dict[str, Callable[[], str]]] = {
    CLI_DOC: {"cli-reference": reference},
    README: {"cli-commands": command_table},
}


def replace_generated(text: str, name: str, body: str) -> str:
    """`text` with the part between NAME's markers replaced by `body`.

    >>> replace_generated("a\\n<!-- generated: t -->\\nold\\n<!-- end: t -->\\nb", "t", "new")
    'a\\n<!-- generated: t -->\\n\\nnew\\n<!-- end: t -->\\nb'
    """
    pattern = re.compile(rf"(<!-- generated: {name}\b[^>]*-->\n)(.*?)(<!-- end: {name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"no '<!-- generated: {name} -->' ... '<!-- end: {name} -->' markers in the text")
    return pattern.sub(lambda m: m.group(1) + "\n" + body + "\n" + m.group(3), text, count=1)


def regenerated(path: Path) -> str:
    """The file's text with every generated part rendered from the current code."""
    text = path.read_text(encoding="utf-8")
    for name, render in GENERATED[path].items():
        text = replace_generated(text, name, render())
    return text


def stale_files() -> list[Path]:
    return [path for path in GENERATED if regenerated(path) != path.read_text(encoding="utf-8")]


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite the generated parts")
    action.add_argument("--check", action="store_true", help="exit 1 when a generated part is out of date")
    args = parser.parse_args(argv)
    try:
        stale = stale_files()
    except ValueError as exc:
        print(f"tools.cli_docs: {exc}", file=sys.stderr)
        return 2
    if args.check:
        for path in stale:
            print(f"{_shown(path)} is out of date with the code: run `make docs`", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(regenerated(path), encoding="utf-8")
        print(f"wrote {_shown(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
