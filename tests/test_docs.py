"""The README shows the real --help of each command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n\$ dateline ?(\w*) --help\n(.*?)\n```", README, re.S)


def test_readme_has_help_blocks():
    assert {name for name, _ in BLOCKS} >= {"", "analyze", "ingest", "export", "bench"}


@pytest.mark.parametrize(("name", "shown"), BLOCKS)
def test_readme_help_is_the_real_help(name, shown):
    args = [name, "--help"] if name else ["--help"]
    real = CliRunner().invoke(cli, args, prog_name="dateline", terminal_width=80).output.rstrip()
    assert shown.rstrip() == real
