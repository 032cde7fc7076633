"""Where the bundled files live, in a source checkout and in an installed wheel alike.

A wheel carries ``ontology/`` and ``queries/`` inside the package; a checkout keeps them at the
repository root, beside the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PACKAGE_DIR / "data"
ARCHIVE_DIR = DATA_DIR / "thedotpost"


def _bundled_dir(name: str) -> Path:
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


ONTOLOGY_DIR = _bundled_dir("ontology")
QUERIES_DIR = _bundled_dir("queries")
ONTOLOGY_FILE = ONTOLOGY_DIR / "dotscale.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


def curated_data_files() -> list[Path]:
    """The hand-curated Turtle files, one per source, in a stable order."""
    return sorted(DATA_DIR.glob("*.ttl"))
