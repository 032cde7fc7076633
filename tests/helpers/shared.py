"""What a test run makes once and every one of its processes shares (the xdist workers).

A session fixture is made once per process; under ``pytest -n`` each worker would make its
own. :func:`made_once` makes a folder once per run instead: the first process to ask makes it
while holding a lock, the others wait for the lock and find it made (the pattern of
pytest-xdist's "Making session-scoped fixtures execute only once").
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run: shared by its xdist workers (each has a folder
    of its own inside it), this process's own without xdist."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name`` of this run, ``make`` having filled it in the first process to ask
    for it. A ``make`` that fails leaves nothing behind for the next process to trust: it
    tries again."""
    root = run_folder(factory)
    folder, done = root / name, root / f"{name}.done"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def computed_once(factory: pytest.TempPathFactory, name: str, compute: Callable[[], Any]) -> Any:
    """What ``compute`` returns, computed in the first process of this run to ask for it and
    read back from a pickle in the others."""

    def make(folder: Path) -> None:
        (folder / "value.pickle").write_bytes(pickle.dumps(compute()))

    folder = made_once(factory, name, make)
    return pickle.loads((folder / "value.pickle").read_bytes())
