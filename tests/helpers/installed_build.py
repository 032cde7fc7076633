"""``dotscale build`` as a user runs it: the repository's wheel installed outside it, then the
build run from a folder elsewhere (the conftest's ``wheel``, ``installed_build`` and ``built``
fixtures make them once for the whole run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def make_wheel(folder: Path) -> None:
    """Write the repository's wheel into ``folder`` (``pip wheel``)."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(folder), str(ROOT)],
                   check=True, capture_output=True)


@dataclass(frozen=True)
class InstalledBuild:
    """The wheel installed in ``site`` (``pip install --target``), then ``python -m graph build
    --out out`` run in ``elsewhere``, a folder outside the repository, with ``site`` on
    PYTHONPATH: where python found the package there, and how the build ended."""

    site: Path
    elsewhere: Path
    graph_file: str  # graph.__file__ as python imports it in elsewhere
    exit_code: int
    stderr: str

    @property
    def out(self) -> Path:
        return self.elsewhere / "out"


def install_and_build(wheel: Path, folder: Path) -> None:
    """Install ``wheel`` into ``folder``/site and build from ``folder``/elsewhere; what
    :func:`read` reads back."""
    site, elsewhere = folder / "site", folder / "elsewhere"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import graph; print(graph.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    done = subprocess.run([sys.executable, "-m", "graph", "build", "--out", "out"],
                          cwd=elsewhere, env=env, capture_output=True, text=True)
    (folder / "build.json").write_text(json.dumps(
        {"graph_file": where.stdout.strip(), "exit_code": done.returncode,
         "stderr": done.stderr}), encoding="utf-8")


def read(folder: Path) -> InstalledBuild:
    """The build :func:`install_and_build` ran in ``folder``."""
    ran = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    return InstalledBuild(folder / "site", folder / "elsewhere", ran["graph_file"],
                          ran["exit_code"], ran["stderr"])
