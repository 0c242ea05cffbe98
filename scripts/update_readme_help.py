"""Rewrite the README's `dateline ... --help` blocks with the real help (tests/test_docs.py checks them)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from dateline.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```console\n\$ dateline ?(\w*) --help\n.*?```", re.S)


def real_help(name: str) -> str:
    args = [name, "--help"] if name else ["--help"]
    return CliRunner().invoke(cli, args, prog_name="dateline", terminal_width=80).output.rstrip()


def main() -> None:
    text = README.read_text(encoding="utf-8")

    def block(m: re.Match[str]) -> str:
        name = m.group(1)
        return f"```console\n$ dateline{' ' + name if name else ''} --help\n{real_help(name)}\n```"

    README.write_text(BLOCK.sub(block, text), encoding="utf-8")


if __name__ == "__main__":
    main()
