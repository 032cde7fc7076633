"""The main job: load, validate, then write every export into an output folder.

Everything is written into a staging folder beside the target, which replaces the target only
when all of it succeeded: a failed build leaves the previous ``out/`` as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .export import FORMATS, export
from .load import load
from .progress import Progress
from .stats import stats
from .validate import check

EXPORT_STEM = "dotscale"


@dataclass
class BuildReport:
    """What a build wrote and counted."""

    out_dir: Path
    triples: int
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def _replace_dir(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old)


def build(out_dir: Path | str = "out", *, data: Iterable[Path | str] = (),
          store: str = "memory") -> BuildReport:
    """Build the graph from the bundled sources and ``data`` files into ``out_dir``."""
    target = Path(out_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress(2 + len(FORMATS))
    progress.step("loading")
    kg = load(data=data, store=store)
    progress.step("validating")
    check(kg)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.", dir=target.parent))
    try:
        report = BuildReport(target, stats(kg).triples)
        for name, fmt in FORMATS.items():
            progress.step(f"exporting {name}")
            path = staging / f"{EXPORT_STEM}{fmt.suffix}"
            export(kg, name, path)
            report.files.append(target / path.relative_to(staging))
        _replace_dir(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        report_seconds = progress.close()
    report.seconds = report_seconds
    return report
