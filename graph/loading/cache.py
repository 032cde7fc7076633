"""The bundled graph, built once: N-Quads in a cache folder, read back in milliseconds (and
other files made from the package alone, as the ontology's page).

Building the bundled graph (the ontology, the curated files, the organizers' archive imported
and linked to them) takes most of a second; reading it as N-Quads a few milliseconds. The
file's name holds a hash of the package version and of every file the build reads: the data, and
the code that turns the archive into triples (:func:`bundle_key`), so a change to either builds
it again. It is written beside its final name and renamed into place: a reader sees a whole file
or none, and two processes that build it at once each rename a whole file of the same bytes.
Each use marks the file as used now; a file of another version (another checkout sharing the
folder) is removed only once unused for a day, so it never vanishes under a process reading it.

The folder is ``$DOTSCALE_CACHE``, else ``$XDG_CACHE_HOME/dotscale``, else
``~/.cache/dotscale``; where it cannot be written, a folder of the user's in the system's
temporary folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset

from ..errors import DotscaleError
from ..util.atomic import write_bytes_atomic
from ..util.resources import DATA_DIR, ONTOLOGY_FILE, PACKAGE_DIR

CACHE_VARIABLE = "DOTSCALE_CACHE"
UNUSED_SECONDS = 24 * 3600
"""How long a cached file of another version stays unused before a build removes it."""
_BUILDERS = ("importing", "linking", "namespaces.py", "loading/loader.py")
"""The code that makes the bundled graph's triples, beside its data."""


def cache_dirs() -> list[Path]:
    """Where the cache may live, the first choice first."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen:
        first = Path(chosen)
    else:
        home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        first = Path(home) / "dotscale"
    return [first, Path(tempfile.gettempdir()) / f"dotscale-{os.getuid()}"]


def bundle_inputs() -> list[Path]:
    """Every file the bundled graph is built from: its data and the code that reads it."""
    data = [path for path in DATA_DIR.rglob("*") if path.is_file()]
    code = [path for name in _BUILDERS for path in
            ((PACKAGE_DIR / name).rglob("*.py") if (PACKAGE_DIR / name).is_dir()
             else [PACKAGE_DIR / name])]
    return sorted({ONTOLOGY_FILE, *data, *code})


def digest(version: str, files: list[Path], root: Path) -> str:
    """A hash of ``version`` and of the name (from ``root``) and bytes of each of ``files``.

    >>> digest("1.0", [], Path(".")) == digest("1.1", [], Path("."))
    False
    """
    hashed = hashlib.blake2b(version.encode(), digest_size=16)
    for path in files:
        name = path.relative_to(root).as_posix().encode()
        content = path.read_bytes()
        hashed.update(b"%d:%s%d:" % (len(name), name, len(content)))
        hashed.update(content)
    return hashed.hexdigest()


@functools.cache
def bundle_key() -> str:
    """The :func:`digest` of the package version and of every input of the build.

    >>> len(bundle_key())
    32
    """
    from .. import __version__  # not at the top: the package names the loader, which imports us

    return digest(__version__, bundle_inputs(), PACKAGE_DIR.parent)


def bundled_nquads(build: Callable[[], Dataset]) -> Path:
    """The bundled graph as an N-Quads file: the cached one, or the one ``build`` makes now
    (written to the cache, where older versions of it are removed)."""
    return cached_file("bundled", bundle_key(), ".nq",
                       lambda: build().serialize(format="nquads", encoding="utf-8"))


def cached_file(kind: str, key: str, suffix: str, make: Callable[[], bytes]) -> Path:
    """The cached file ``{kind}-{key}{suffix}``, or the bytes ``make()`` gives now, written to
    the cache (see the module documentation), where files of the same kind unused for
    :data:`UNUSED_SECONDS` are removed."""
    name = f"{kind}-{key}{suffix}"
    for folder in cache_dirs():
        cached = folder / name
        try:
            os.utime(cached)  # used now
            return cached
        except PermissionError:  # a folder shared read-only
            if cached.is_file():
                return cached
        except OSError:  # no such file
            pass
    data = make()
    for folder in cache_dirs():
        try:
            write_bytes_atomic(folder / name, data)
        except OSError:
            continue
        unused_since = time.time() - UNUSED_SECONDS
        for stale in folder.glob(f"{kind}-*{suffix}"):
            with contextlib.suppress(OSError):
                if stale.name != name and stale.stat().st_mtime < unused_since:
                    stale.unlink()
        return folder / name
    raise DotscaleError(f"cannot write the cache ({kind}) in {cache_dirs()[0]}; "
                        f"set {CACHE_VARIABLE} to a folder that can be written")
