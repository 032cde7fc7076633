"""Every command has help with examples, is documented in the README, and runs as ``python -m``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import COMMAND_MODULES, build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _commands() -> list[str]:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(subparsers.choices)  # type: ignore[attr-defined]


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_every_command_module_registers_a_command(module: str) -> None:
    import argparse
    import importlib

    subcommands = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(f"graph.cli.{module}").register(subcommands)
    assert subcommands.choices, f"graph.cli.{module} registers no command"
    assert set(subcommands.choices) <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_help_has_examples(cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert f"usage: dotscale {command}" in result.stdout
    assert "examples:" in result.stdout
    assert f"dotscale {command}" in result.stdout.split("examples:")[1]


@pytest.mark.parametrize("command", _commands())
def test_readme_documents_command(command: str) -> None:
    assert f"dotscale {command}" in README.read_text(encoding="utf-8")


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "graph", "--version"], capture_output=True,
                          text=True, check=True)
    assert done.stdout.startswith("dotscale ")
