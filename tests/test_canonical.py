"""The curated Turtle files are committed in their canonical form."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.exporting.canonical import canonical_turtle, curated_turtle_files


@pytest.mark.parametrize("path", curated_turtle_files(), ids=lambda p: p.name)
def test_file_is_canonical(path: Path) -> None:
    assert path.read_bytes() == canonical_turtle(path), (
        f"{path} is not in canonical form: run scripts/format"
    )


def test_canonical_form_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "x.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:b ex:p [ ex:q "1" ] .\n'
                    'ex:a ex:p ex:c .\n', encoding="utf-8")
    once = canonical_turtle(path)
    path.write_bytes(once)
    assert canonical_turtle(path) == once
