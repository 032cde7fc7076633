"""Outputs are written atomically: a failure leaves the previous file and no temporary file."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.util.atomic import atomic_writer, write_bytes_atomic


def test_failure_leaves_previous_content(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("half of the new")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_success_replaces_and_creates_parents(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "out.bin"
    write_bytes_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"


def test_written_file_has_the_usual_permissions(tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    try:
        target = tmp_path / "out.txt"
        write_bytes_atomic(target, b"x")
        assert target.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(mask)


def test_a_link_is_followed_and_a_folder_refused(tmp_path: Path) -> None:
    from graph.errors import DotscaleError

    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_bytes_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    with pytest.raises(DotscaleError, match="not a regular file"):
        write_bytes_atomic(tmp_path, b"x")


def test_cli_reports_an_unwritable_output_in_one_line(cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("", encoding="utf-8")
    result = cli("export", "--out", str(blocker / "graph.ttl"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"dotscale: error: {blocker}")
    assert len(result.stderr.strip().splitlines()) == 1
