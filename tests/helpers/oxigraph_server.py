"""An Oxigraph SPARQL server on a free loopback port, for the store tests and the benchmark."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from graph.errors import DotscaleError


def oxigraph_server() -> str | None:
    """The Oxigraph server's program (the ``oxigraph`` package), if installed."""
    found = shutil.which("oxigraph")
    beside = Path(sys.executable).with_name("oxigraph")
    return found or (str(beside) if beside.is_file() else None)


class Server:
    """An Oxigraph SPARQL server on a free local port, storing in ``location``."""

    def __init__(self, location: Path) -> None:
        program = oxigraph_server()
        if program is None:
            raise DotscaleError("the Oxigraph server is not installed (pip install oxigraph)")
        self.program = program
        self.location = location
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryFile() as errors:  # what it says if it fails to start
            self.process = subprocess.Popen(
                [self.program, "serve", "--location", str(self.location), "--bind",
                 f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=errors)
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D",
                                           timeout=1).close()
                    return
                except OSError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        self.stop()
                        errors.seek(0)
                        said = errors.read().decode("utf-8", "replace").strip()
                        raise DotscaleError("the Oxigraph server did not start"
                                            + (f": {said.splitlines()[0]}" if said else "")
                                            ) from None
                    time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=60)
            self.process = None

    def kill(self) -> None:
        """Kill the server at once (SIGKILL): whatever it was doing is cut off."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=60)
            self.process = None

    def restart(self) -> None:
        """Stop the server (and whatever query it is still computing), start it again."""
        self.stop()
        self.start()
