"""A machine with Python and nothing else still runs the suite: a missing interoperability tool
skips its tests with the reason (CI, with DOTSCALE_REQUIRE_INTEROP=1, fails instead), and
``scripts/install-interop-tools`` says what it cannot install without stopping ``scripts/test``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.interop.tools import REQUIRE_VARIABLE, require_tool

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "install-interop-tools"
BASICS = ("bash", "env", "id", "cmp", "mkdir", "cp", "head", "awk", "cat", "dirname")


def test_a_missing_tool_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REQUIRE_VARIABLE, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"rapper is missing \(not on PATH\): run "
                                                    "scripts/install-interop-tools"):
        require_tool("rapper", "not on PATH")
    require_tool("rapper", None)  # installed: nothing happens


def test_ci_fails_on_a_missing_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_VARIABLE, "1")
    with pytest.raises(pytest.fail.Exception, match="DOTSCALE_REQUIRE_INTEROP=1"):
        require_tool("rapper", "not on PATH")


@pytest.fixture
def bare_path(tmp_path: Path) -> str:
    """A PATH with a shell and its basic utilities, and none of the tools nor apt-get."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for program in BASICS:
        found = shutil.which(program)
        assert found is not None, program
        (bin_dir / program).symlink_to(found)
    return str(bin_dir)


@pytest.mark.parametrize(("required", "code"), [("0", 0), ("1", 1)])
def test_the_installer_says_what_it_cannot_install(bare_path: str, required: str,
                                                   code: int) -> None:
    env = {"PATH": bare_path, "HOME": os.environ.get("HOME", "/"), REQUIRE_VARIABLE: required}
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == code
    assert ("missing raptor2-utils serdi default-jre-headless nodejs npm and no apt-get here"
            in done.stderr)
    assert "sudo" not in done.stderr
    if required == "0":
        assert "will be skipped, saying why" in done.stderr
        assert "found: none of the tools" in done.stderr
