"""The README documents every command and option, and the two set-up commands."""
from pathlib import Path

import click

from protokoll import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_has_the_two_setup_commands():
    assert "make demo" in README and "make test" in README


def test_every_command_and_option_is_in_the_readme():
    for name, command in cli.main.commands.items():
        assert f"protokoll {name}" in README, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.opts[0] in README, f"{name} {param.opts[0]}"
