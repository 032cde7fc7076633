"""The status line: shown on a terminal, never when stderr is piped."""

from __future__ import annotations

import io
import time

from graph.util.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_steps_redraw_one_line_on_a_terminal_only() -> None:
    shown, piped = Terminal(), io.StringIO()
    for stream in (shown, piped):
        with Progress(2, stream=stream) as progress:
            progress.step("loading")
            progress.step("validating")
    assert shown.getvalue().split("\r\x1b[2K")[1:] == [
        "[############------------] 1/2 loading", "[########################] 2/2 validating", ""]
    assert piped.getvalue() == ""


def test_a_stage_counts_its_seconds_until_it_ends() -> None:
    shown, piped = Terminal(), io.StringIO()
    for stream in (shown, piped):
        with Progress(1, stream=stream) as progress:
            progress.tick = 0.01
            with progress.stage("validating"):
                waited = time.monotonic() + 30
                while (stream is shown and "validating (0 s)" not in stream.getvalue()
                       and time.monotonic() < waited):
                    time.sleep(0.01)
            after = stream.getvalue()
            time.sleep(0.05)
            assert stream.getvalue() == after  # the count stops with the stage
    assert "] 1/1 validating (0 s)" in shown.getvalue()
    assert piped.getvalue() == ""


def test_leaving_the_block_clears_the_line_even_on_an_error() -> None:
    shown = Terminal()
    try:
        with Progress(2, stream=shown) as progress:
            progress.step("loading")
            raise KeyError("x")
    except KeyError:
        pass
    assert shown.getvalue().endswith("\r\x1b[2K")
    assert progress.seconds > 0
