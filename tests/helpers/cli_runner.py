"""``dotscale`` commands run one after another in one process of their own, for the fuzz test:
as fast as in-process runs, yet a run that hangs can be killed (and the process started again).

The process reads one JSON list of arguments a line, runs ``graph.cli.main`` on it with stdout
and stderr captured (an exception that escapes ``main`` printed as Python prints it: a
traceback), and answers one JSON line: ``{"code", "stdout", "stderr"}``.
"""

from __future__ import annotations

import gc
import io
import json
import os
import select
import subprocess
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from tests.helpers.process import ROOT, Run


class Runner:
    """The process, started on demand; :meth:`run` kills it when a command takes too long."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.process: subprocess.Popen[str] | None = None
        self.runs = 0
        self.hung = 0

    def _start(self) -> subprocess.Popen[str]:
        if self.process is None or self.process.poll() is not None:
            env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.helpers.cli_runner"], cwd=self.cwd, env=env,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        return self.process

    def run(self, *args: str | Path, timeout: float) -> Run:
        """One command; ``exit_code`` None if it took more than ``timeout`` seconds."""
        import time

        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        self.runs += 1
        started = time.monotonic()
        process.stdin.write(json.dumps([str(a) for a in args]) + "\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            self.hung += 1
            self.close()
            return Run(None, "", "", time.monotonic() - started)
        answer = json.loads(process.stdout.readline())
        return Run(answer["code"], answer["stdout"], answer["stderr"],
                   time.monotonic() - started)

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
            self.process = None


def serve() -> None:
    """The process's loop."""
    from graph.cli import main

    for line in sys.stdin:
        # text streams over bytes, as the real ones: the CLI writes data to stdout.buffer
        out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for _ in range(2))
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(json.loads(line))
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
            except BaseException:
                traceback.print_exc()
                code = 1
        gc.collect()  # an Oxigraph store is released once its graph is collected
        print(json.dumps({"code": code, "stdout": _written(out), "stderr": _written(err)}),
              flush=True)


def _written(stream: io.TextIOWrapper) -> str:
    """What was written to ``stream`` (a text stream over a bytes buffer)."""
    if stream.closed:  # the CLI closes stderr when its reader went away
        return ""
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]


if __name__ == "__main__":
    serve()
