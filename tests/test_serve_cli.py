"""``dotscale serve`` as a user starts it: a real process on a loopback port, on the default
store and on an Oxigraph store, stopped by Ctrl-C."""

from __future__ import annotations

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

pytest.importorskip("starlette")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(*options: str) -> Iterator[str]:
    """``dotscale serve OPTIONS`` running; yields its URL; Ctrl-C (SIGINT) stops it, and it
    must exit 0."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--port", str(port),
                                *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("dotscale serve did not start: "
                                         + process.communicate()[1].decode()) from None
                time.sleep(0.1)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, stderr.decode()
    assert f"serving the graph on {url}/" in stderr.decode()


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
    (["--concurrent", "-1"], "expected a whole number of 1 or more"),
    (["--max-results", "many"], "expected a whole number of 1 or more"),
])
def test_bad_options_are_usage_errors(cli, option: list[str],
                                      says: str) -> None:
    result = cli("serve", *option)
    assert result.exit_code == 2
    assert says in result.stderr


def test_help_shows_examples(cli) -> None:
    result = cli("serve", "--help")
    assert result.exit_code == 0
    assert "dotscale serve --port 8080" in result.stdout
    assert "--store" in result.stdout
