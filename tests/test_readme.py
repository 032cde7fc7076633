"""The README's examples run exactly as written: the way to get the ``dotscale`` command right
after the two commands, every ``$`` line of its console blocks (with the output it shows), and
its Python API block (a doctest)."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MY_TALKS = '<https://example.org/note> <http://www.w3.org/2000/01/rdf-schema#comment> "mine" .\n'
TERMINAL_WIDTH = "100"  # the terminal the README's tables were printed in

pytestmark = pytest.mark.slow


def _blocks(language: str, text: str | None = None) -> list[str]:
    text = README.read_text(encoding="utf-8") if text is None else text
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.M | re.S)


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _activation() -> str:
    """The line the README gives right after the two commands to get ``dotscale``."""
    two_commands = _section("Two commands")
    after = two_commands.split("./scripts/test", 1)[1]
    block = _blocks("sh", after)[0]
    return block.split("#", 1)[0].strip()


def _examples() -> list[tuple[str, str]]:
    """Each ``$ command`` of the console blocks with the output shown below it."""
    examples = []
    for block in _blocks("console"):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output.rstrip("\n") + "\n"))
    return examples


def test_the_command_is_put_on_the_path_right_after_the_two_commands() -> None:
    assert _activation() == ". .venv/bin/activate"


def _run_in_shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    activate = ROOT / ".venv" / "bin" / "activate"
    if not activate.exists():
        pytest.skip(f"no {activate}: run scripts/setup first")
    script = f"cd {ROOT} && {_activation()} && cd {cwd} && {command}"
    env = {**os.environ, "COLUMNS": TERMINAL_WIDTH}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.mark.parametrize(("command", "shown"), _examples(), ids=[c for c, _ in _examples()])
def test_console_example_prints_what_the_readme_shows(command: str, shown: str,
                                                      tmp_path: Path) -> None:
    done = _run_in_shell(command, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.replace("\r\n", "\n") == shown


def test_the_python_api_block_runs_as_a_doctest(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (block,) = _blocks("pycon", _section("Python API"))
    (tmp_path / "my-talks.ttl").write_text(MY_TALKS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block, {}, "README Python API", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    output: list[str] = []
    runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)
    assert (tmp_path / "co-mention.svg").is_file()
    assert (tmp_path / "out" / "dotscale.ttl").is_file()

