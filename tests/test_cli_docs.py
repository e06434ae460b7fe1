"""README.md's command-line section and ``--help`` must not drift apart (as in sqlite-utils).

Every option that ``quotes build/speakers/serve/eval/export --help`` prints must be named in the README's CLI
section, and every ``--option`` that section names must exist in some command. ``--help``
itself is left out: every command has it and the README need not say so.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from quotes.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
COMMANDS = ("build", "speakers", "serve", "eval", "export")
OPTION_RE = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
# A heading that starts the CLI section, e.g. `## The command line`, `## CLI`, `## Usage`.
CLI_HEADING_RE = re.compile(r"^(#{1,3})\s+.*\b(command[- ]line|CLI|usage)\b.*$", re.IGNORECASE | re.MULTILINE)


def help_text(command: str) -> str:
    result = CliRunner().invoke(cli, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def options_in_help(text: str) -> set[str]:
    """Option names from the `Options:` block of a click help page."""
    block = text.split("Options:", 1)[1]
    names = set()
    for line in block.splitlines():
        stripped = line.strip()
        if not stripped.startswith("-"):
            continue  # a wrapped line of help text
        names.update(OPTION_RE.findall(re.split(r"\s{2,}", stripped)[0]))
    return names - {"--help"}


def cli_section() -> str:
    if not README.exists():
        pytest.fail(f"{README} does not exist: document the command line there")
    text = README.read_text(encoding="utf-8")
    heading = CLI_HEADING_RE.search(text)
    assert heading, "README.md has no command-line section (a heading with 'command line' or 'CLI')"
    level = heading.group(1)
    rest = text[heading.end():]
    following = re.search(rf"^#{{1,{len(level)}}}\s", rest, re.MULTILINE)
    return rest[:following.start()] if following else rest


def mentioned(option: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


@pytest.mark.parametrize("command", COMMANDS)
def test_help_parser_sees_every_click_option(command):
    """Guard the help parser: it must find what click declares (so the next test can fail)."""
    declared = {name for param in cli.commands[command].params if isinstance(param, click.Option)
                for name in param.opts + param.secondary_opts}
    assert options_in_help(help_text(command)) == declared - {"--help"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_option_is_in_the_readme(command):
    section = cli_section()
    assert mentioned(f"quotes {command}", section), f"`quotes {command}` is not in the CLI section"
    missing = sorted(o for o in options_in_help(help_text(command)) if not mentioned(o, section))
    assert not missing, f"`quotes {command} --help` has options the README's CLI section lacks: {missing}"


def test_every_readme_option_exists():
    known = set().union(*(options_in_help(help_text(c)) for c in COMMANDS))
    documented = {o for o in OPTION_RE.findall(cli_section()) if o.startswith("--")}
    stale = sorted(documented - known - {"--help"})
    assert not stale, f"the README's CLI section documents options no command has: {stale}"
