"""A wheel built from the repository works from any directory: its data ships inside it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.helpers.installed_build import ROOT, InstalledBuild

pytestmark = pytest.mark.slow


def test_wheel_carries_ontology_shapes_queries_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "graph/ontology/dotscale.ttl" in names
    assert "graph/ontology/shapes.ttl" in names
    assert "graph/py.typed" in names
    for query in sorted((ROOT / "queries").glob("*.rq")):
        assert f"graph/queries/{query.name}" in names
    for data in sorted((ROOT / "graph" / "data").rglob("*")):
        if data.is_file():
            assert f"graph/{data.relative_to(ROOT / 'graph').as_posix()}" in names


def test_installed_wheel_runs_outside_the_repository(installed_build: InstalledBuild) -> None:
    assert installed_build.graph_file.startswith(str(installed_build.site))
    assert installed_build.exit_code == 0, installed_build.stderr
    assert (installed_build.out / "dotscale.ttl").stat().st_size > 1000
