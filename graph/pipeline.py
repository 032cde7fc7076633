"""The main job: load, validate, then write every export into an output folder.

Everything is written into a staging folder beside the target, which replaces the target only
when all of it succeeded: a failed build leaves the previous ``out/`` as it was, and a killed
one leaves the previous or the new one (see :func:`staging_dir`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DotscaleError
from .exporting.serialize import FORMATS, serialize_each
from .loading.loader import load
from .loading.store import DEFAULT_STORE
from .querying.execute import QueryResult, run
from .querying.library import all_queries
from .querying.results import render
from .util.atomic import current_umask, write_bytes_atomic
from .util.progress import Progress
from .validating.shacl import check

if TYPE_CHECKING:
    import networkx as nx

EXPORT_STEM = "dotscale"
# Written into every output folder: only a folder holding it is ever replaced by a build.
MARKER = ".dotscale-build"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@dataclass
class BuildReport:
    """What a build wrote and counted."""

    out_dir: Path
    triples: int
    files: list[Path]
    seconds: float


def write_query_answers(answers: dict[str, QueryResult], out_dir: Path) -> list[Path]:
    """Write each answer as W3C CSV and JSON results (Turtle for CONSTRUCT and DESCRIBE)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, result in answers.items():
        for fmt in ("ttl",) if result.graph is not None else ("csv", "json"):
            path = out_dir / f"{name}.{fmt}"
            path.write_text(render(result, fmt), encoding="utf-8")
            written.append(path)
    return written


def check_replaceable(target: Path) -> None:
    """Refuse to replace anything but an empty folder or the output of an earlier build."""
    if Path.cwd().resolve().is_relative_to(target):
        raise DotscaleError("the output folder cannot be the current folder or one above it",
                            path=target)
    if not target.exists():
        return
    if not target.is_dir():
        raise DotscaleError("exists and is not a folder; choose another --out", path=target)
    if any(target.iterdir()) and not (target / MARKER).is_file():
        raise DotscaleError("is not empty and was not written by dotscale build; the build "
                            "replaces its whole output folder, so choose another --out",
                            path=target)


@contextlib.contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """A new folder beside ``target`` that replaces it when the block succeeds.

    The two are exchanged in one step where the system can (Linux): ``target`` is the old
    output or the new one at every instant, even if the process is killed. Elsewhere the old
    output is moved aside first, and a build killed between the two moves leaves it aside, to
    be put back by the next build. A build clears what killed builds left beside ``target``.
    """
    check_replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.{os.getpid()}.",
                                    dir=target.parent))
    os.chmod(staging, 0o777 & ~current_umask())
    try:
        (staging / MARKER).write_text("Written by dotscale build, which replaces this whole "
                                      "folder each time it runs.\n", encoding="utf-8")
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not target.exists():
        os.replace(staging, target)
    elif exchange(staging, target):
        shutil.rmtree(staging)  # the old output, now
    else:
        previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.{os.getpid()}.",
                                         dir=target.parent))
        os.replace(target, previous / target.name)
        os.replace(staging, target)
        shutil.rmtree(previous)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where
    the system or its file system cannot."""
    try:
        rename = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except (OSError, TypeError):  # no C library to look in (Windows)
        rename = None
    if rename is None:
        return False
    if rename(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
              _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def clear_leftovers(target: Path) -> None:
    """Remove the staging folders (``.NAME.new.PID.*``) and set-aside outputs
    (``.NAME.old.PID.*``) of builds that were killed, putting a set-aside output back where
    ``target`` is missing. A running build's folders (its process alive) stay."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(new|old)\.(\d+)\.[^/]+")
    for leftover in sorted(target.parent.iterdir()):
        found = pattern.fullmatch(leftover.name)
        if not found or leftover.is_symlink() or not leftover.is_dir() \
                or _running(int(found[2])):
            continue
        kept = leftover / target.name
        if found[1] == "old" and not target.exists() and (kept / MARKER).is_file():
            os.replace(kept, target)
        shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether the process ``pid`` is alive (and is not this one)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build(out_dir: Path | str = "out", *, data: Iterable[Path | str] = (),
          store: str = DEFAULT_STORE) -> BuildReport:
    """Build the graph from the bundled sources and ``data`` files into ``out_dir``, on the
    store named by ``store`` (as ``dotscale build --store`` takes it). Where there is a core
    to spare, a second process draws the pictures while this one exports (see
    :func:`draw_beside`)."""
    from .drawing.render import projected_all, warm_up
    from .exporting.ontology_docs import write_ontology_docs

    target = Path(out_dir).resolve()
    check_replaceable(target)
    queries = all_queries()
    with Progress(4 + len(FORMATS) + len(queries)) as progress, \
            contextlib.ExitStack() as stack:
        drawer = None
        if (os.cpu_count() or 1) > 1:
            drawer = stack.enter_context(ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn")))
            with _main_left_alone():
                drawer.submit(warm_up)  # starts the process, which warms up while this loads
        progress.step("loading")  # a big file moves a bar of its own
        kg = load(data=data, store=store)
        with progress.stage("validating"):
            check(kg)
        written: list[Path] = []
        with staging_dir(target) as staging:
            answers = {}
            for query in queries:
                with progress.stage(f"query {query.name}"):
                    answers[query.name] = run(kg, query)
            written += write_query_answers(answers, staging / "queries")
            with draw_beside(drawer, projected_all(kg, answers), staging) as pictures:
                exports = serialize_each(kg, FORMATS)
                for name, fmt in FORMATS.items():
                    with progress.stage(f"exporting {name}"):
                        path = staging / fmt.file_name(EXPORT_STEM)
                        write_bytes_atomic(path, next(exports))
                    written.append(path)
                with progress.stage("documenting the ontology"):
                    written.append(write_ontology_docs(staging))
                progress.step("drawing")
            written += pictures
            files = [target / path.relative_to(staging) for path in written]
    return BuildReport(target, len(kg.union()), files, progress.seconds)


@contextlib.contextmanager
def _main_left_alone() -> Iterator[None]:
    """While the block starts a process, the main module looks like that of ``python -c``:
    multiprocessing's spawn then does not run the caller's script again in the new process
    (a script that calls :func:`build` without an ``if __name__ == "__main__"`` guard would
    build again there, and fail)."""
    main = sys.modules["__main__"]
    saved: dict[str, object] = {name: main.__dict__[name] for name in ("__file__", "__spec__")
                                if name in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


@contextlib.contextmanager
def draw_beside(drawer: ProcessPoolExecutor | None, graphs: Mapping[str, nx.Graph],
                out_dir: Path) -> Iterator[list[Path]]:
    """Draw ``graphs`` into ``out_dir`` while the block runs: ``drawer`` takes one picture at
    a time, the largest first; once the block ends, this process takes the smallest left
    until none is, then waits for ``drawer``'s. The list holds the files written, once the
    block has ended. Without ``drawer``, this process draws them all after the block."""
    from .drawing.render import write_pictures

    left = deque(sorted(graphs, key=lambda name: (-graphs[name].number_of_nodes(), name)))
    taking = threading.Lock()
    given: list[Future[list[Path]]] = []

    def give_next(_: object = None) -> None:
        with taking:
            if left and drawer is not None:
                name = left.popleft()
                given.append(drawer.submit(write_pictures, {name: graphs[name]}, out_dir))
                given[-1].add_done_callback(give_next)

    give_next()
    written: list[Path] = []
    yield written
    while True:
        with taking:
            if not left:
                break
            name = left.pop()
        written += write_pictures({name: graphs[name]}, out_dir)
    with taking:
        mine = list(given)
    for future in mine:
        written += future.result()
