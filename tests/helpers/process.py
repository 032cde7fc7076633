"""The ``dotscale`` command run as a process of its own, with a time limit, and the promises
every run keeps on stderr: no traceback, at most one error line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    exit_code: int | None  # None: still running at the time limit, then killed
    stdout: str
    stderr: str
    seconds: float


def dotscale(*args: str | Path, timeout: float = 60, cwd: Path | None = None,
             stdin: str = "") -> Run:
    """Run ``dotscale ARGS`` (``python -m graph``); killed, with its process group, after
    ``timeout`` seconds (``exit_code`` None)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "graph", *map(str, args)], cwd=cwd,
                               env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = process.communicate(stdin, timeout=timeout)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        code = None
    return Run(code, out, err, time.monotonic() - started)


def assert_clean(run: Run, *, codes: tuple[int, ...] = (0, 1, 2)) -> None:
    """The run ended in time with an expected code, no traceback, at most one error line."""
    assert run.exit_code is not None, f"hung (killed after {run.seconds:.0f} s): {run.stderr}"
    assert run.exit_code in codes, (run.exit_code, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.stderr.count("dotscale: error:") <= 1, run.stderr


def error_line(run: Run) -> str:
    """The one error line of a failed run (and nothing else on stderr but warnings)."""
    assert_clean(run, codes=(1, 2))
    errors = [line for line in run.stderr.splitlines() if line.startswith("dotscale: error:")]
    assert len(errors) == 1, run.stderr
    return errors[0]
