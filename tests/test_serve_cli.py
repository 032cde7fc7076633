"""``dotscale serve`` as a user starts it: a real process on a loopback port, on the default
store and on an Oxigraph store, stopped by Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from graph.cli import build_parser

pytest.importorskip("starlette")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_served(url: str, process: subprocess.Popen[bytes]) -> None:
    """Return once ``url`` answers; fail with what the server said if it stopped first."""
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError("dotscale serve did not start: "
                                     + process.communicate()[1].decode()) from None
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> str:
    """Ctrl-C the server; what it said on stderr. It must exit 0."""
    process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 0, stderr.decode()
    return stderr.decode()


@contextmanager
def serving(*options: str) -> Iterator[str]:
    """``dotscale serve OPTIONS`` running; yields its URL; Ctrl-C (SIGINT) stops it, and it
    must exit 0."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", str(port),
                                *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(url, process)
        yield url
    finally:
        said = stop(process)
    assert f"serving the graph on {url}/" in said


def read(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        text: str = response.read().decode()
        return text


@pytest.mark.slow
def test_serve_answers_until_interrupted(cli) -> None:
    with serving() as url:
        assert read(url + "/queries/program?format=csv") == \
            cli("query", "program", "--format", "csv").stdout
        assert "<h1 id=\"label\">Redis</h1>" in read(url + "/id/technology/redis")


@pytest.mark.slow
def test_serve_on_an_oxigraph_store(tmp_path: Path, cli) -> None:
    pytest.importorskip("pyoxigraph")
    store = f"oxigraph:{tmp_path / 'store'}"
    with serving("--store", store) as url:
        for name in ("program", "talks-about", "graph-overview"):
            assert read(f"{url}/queries/{name}?format=csv") == \
                cli("query", name, "--format", "csv").stdout
        page = read(url + "/id/talk/2015/salvatore-sanfilippo-introducing-disque")
        assert "Introducing Disque" in page and 'class="button video"' in page


@pytest.mark.parametrize(("option", "says"), [
    (["--port", "70000"], "--port 70000: expected 0 to 65535"),
    (["--timeout", "0"], "must be more than 0"),
    (["--concurrent", "-1"], "must be 1 or more, not -1"),
    (["--max-results", "many"], "not a whole number: 'many'"),
])
def test_bad_options_are_usage_errors(cli, option: list[str],
                                      says: str) -> None:
    result = cli("serve", *option)
    assert result.exit_code == 2
    assert says in result.stderr


def help_examples() -> list[str]:
    """The example lines of ``dotscale serve --help``."""
    parser = build_parser()
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    epilog = subcommands.choices["serve"].epilog or ""
    return [line.split("  #")[0].strip() for line in epilog.split("examples:\n", 1)[1]
            .splitlines() if line.startswith("  ")]


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


@pytest.mark.slow
def test_the_help_examples_run_as_written(tmp_path: Path) -> None:
    """Each ``dotscale serve`` example starts a server that the ``curl`` examples (on the
    default port) are answered by; Ctrl-C stops it."""
    examples = help_examples()
    servers = [e for e in examples if e.startswith("dotscale serve")]
    requests = [e for e in examples if e.startswith("curl ")]
    assert servers and requests
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for example in servers:
        port = int(example.split("--port ")[1].split()[0]) if "--port " in example else 8000
        if port_taken(port):
            pytest.skip(f"port {port} is in use here, so {example!r} cannot run as written")
        process = subprocess.Popen(["bash", "-c", f"exec {example}"], cwd=tmp_path, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_until_served(f"http://127.0.0.1:{port}", process)
        try:
            if port == 8000:
                for request in requests:
                    done = subprocess.run(["bash", "-o", "pipefail", "-c", f"{request} -sSf"],
                                          capture_output=True, text=True, timeout=60)
                    assert done.returncode == 0 and done.stdout, f"{request}\n{done.stderr}"
        finally:
            assert "warning" not in stop(process)


def test_help_shows_examples(cli) -> None:
    result = cli("serve", "--help")
    assert result.exit_code == 0
    assert "dotscale serve --port 8123" in result.stdout
    assert "--store" in result.stdout
