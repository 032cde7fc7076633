"""Shared fixtures: the bundled graph loaded once, and the CLI run in-process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from graph.cli import main
from graph.loading.loader import load
from graph.loading.store import KnowledgeGraph


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The bundled graph (ontology, curated sources, vendored archive). Do not modify it."""
    return load()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``dotscale ARGS...`` in this process and capture what it prints."""

    def run(*args: str) -> CliResult:
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse usage errors and --help
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
