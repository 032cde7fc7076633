"""A wheel built from the repository works from any directory: its data ships inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (built,) = dist.glob("*.whl")
    return built


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


def test_installed_wheel_runs_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import graph; print(graph.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(site))
    out = elsewhere / "out"
    built = subprocess.run([sys.executable, "-m", "graph", "build", "--out", str(out)],
                           cwd=elsewhere, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert (out / "dotscale.ttl").stat().st_size > 1000
