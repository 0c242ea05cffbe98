"""ruff (check and format) and mypy are clean on the package and the tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def tool(name: str) -> list[str]:
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return [name]


def test_ruff_check():
    subprocess.run([*tool("ruff"), "check", "src", "tests", "scripts"], cwd=ROOT, check=True)


def test_ruff_format():
    subprocess.run([*tool("ruff"), "format", "--check", "src", "tests", "scripts"], cwd=ROOT, check=True)


@pytest.mark.slow
def test_mypy_on_the_package():
    tool("mypy")
    subprocess.run([sys.executable, "-m", "mypy", "src/dateline"], cwd=ROOT, check=True)
