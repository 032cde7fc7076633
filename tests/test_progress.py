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
        progress = Progress(2, stream=stream)
        progress.step("loading")
        progress.step("validating")
        progress.close()
    assert shown.getvalue().split("\r\x1b[2K")[1:] == [
        "[############------------] 1/2 loading", "[########################] 2/2 validating", ""]
    assert piped.getvalue() == ""


def test_a_stage_counts_its_seconds_until_it_ends() -> None:
    shown, piped = Terminal(), io.StringIO()
    for stream in (shown, piped):
        progress = Progress(1, stream=stream)
        progress.tick = 0.01
        with progress.stage("validating"):
            waited = time.monotonic() + 30
            while (stream is shown and "validating (0 s)" not in stream.getvalue()
                   and time.monotonic() < waited):
                time.sleep(0.01)
        after = stream.getvalue()
        time.sleep(0.05)
        assert stream.getvalue() == after  # the count stops with the stage
        progress.close()
    assert "] 1/1 validating (0 s)" in shown.getvalue()
    assert piped.getvalue() == ""
