"""Every example in every command's ``--help`` runs as written, in a folder holding the files
the examples name as the user's own (a data file, shapes, a query, a projection, a checkout of
the organizers' archive)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import build_parser
from graph.util.resources import QUERIES_DIR

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "graph" / "data" / "thedotpost"
MY_TALKS = '<https://example.org/note> <http://www.w3.org/2000/01/rdf-schema#comment> "mine" .\n'
MY_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
<https://example.org/shape> a sh:NodeShape ; sh:targetNode <https://example.org/note> .
"""
MY_QUESTION = "SELECT ?talk WHERE { ?talk a ds:LightningTalk }\n"

pytestmark = pytest.mark.slow


def _examples() -> list[tuple[str, str]]:
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    examples = []
    for name, command in sorted(subcommands.choices.items()):  # type: ignore[attr-defined]
        if name == "serve":  # runs until stopped: tests/test_serve_cli.py runs its examples
            continue
        epilog = command.epilog or ""
        for line in epilog.split("examples:\n", 1)[-1].splitlines():
            if line.startswith("  ") and "dotscale " in line:
                examples.append((name, line.strip()))
    return examples


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the user's own files the examples name."""
    folder = tmp_path_factory.mktemp("examples")
    (folder / "my-talks.ttl").write_text(MY_TALKS, encoding="utf-8")
    (folder / "extra-talks.ttl").write_text(MY_TALKS, encoding="utf-8")
    (folder / "my-shapes.ttl").write_text(MY_SHAPES, encoding="utf-8")
    (folder / "my-question.rq").write_text(MY_QUESTION, encoding="utf-8")
    shutil.copy(QUERIES_DIR / "graph-technology-co-mention.rq", folder / "my-projection.rq")
    shutil.copytree(ARCHIVE, folder / "thedotpost-content")
    shutil.copytree(ARCHIVE, folder / "graph" / "data" / "thedotpost")
    return folder


def test_every_command_has_examples() -> None:
    assert {name for name, _ in _examples()} >= {"build", "query", "queries", "export", "draw"}


@pytest.mark.parametrize(("command", "example"), _examples(),
                         ids=[example for _, example in _examples()])
def test_the_example_runs(command: str, example: str, folder: Path) -> None:
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run(["bash", "-o", "pipefail", "-c", example], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{example}\n{done.stderr}"
    assert "warning" not in done.stderr, done.stderr
