"""The examples in the package's docstrings run with the tests: ``pytest`` with no arguments
collects them (``scripts/test`` runs it so)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _modules_with_examples() -> set[str]:
    return {str(path.relative_to(ROOT)) for path in (ROOT / "graph").rglob("*.py")
            if ">>> " in path.read_text(encoding="utf-8")}


def test_pytest_collects_the_package_doctests() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = options["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in pytest_options["addopts"].split()
    assert "graph" in pytest_options["testpaths"]


@pytest.mark.slow
def test_every_module_with_examples_is_collected() -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", "graph"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    collected = {line.split("::")[0] for line in done.stdout.splitlines() if "::" in line}
    assert collected == _modules_with_examples()
