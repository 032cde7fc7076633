"""Shared fixtures: the bundled graph loaded once; the wheel made, installed and built once and
every library query answered once for the whole run; and the CLI run in-process."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph.cli import main
from graph.loading.loader import load
from graph.loading.store import KnowledgeGraph
from graph.querying.execute import QueryResult, run
from graph.querying.library import all_queries
from tests.helpers.installed_build import InstalledBuild, install_and_build, make_wheel, read
from tests.helpers.shared import computed_once, made_once

if TYPE_CHECKING:
    import networkx as nx


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The bundled graph (ontology, curated sources, vendored archive) on rdflib's own store
    and engine (the default store, Oxigraph's, is checked against it and the golden answers
    in test_stores). Do not modify it."""
    return load(store="memory")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel ``pip wheel`` makes of the repository, once for the whole run."""
    (made,) = made_once(tmp_path_factory, "wheel", make_wheel).glob("*.whl")
    return made


@pytest.fixture(scope="session")
def installed_build(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> InstalledBuild:
    """The bundled graph built by the installed wheel outside the repository (see
    :class:`~tests.helpers.installed_build.InstalledBuild`), once for the whole run (every
    xdist worker shares it)."""
    return read(made_once(tmp_path_factory, "installed-build",
                          lambda folder: install_and_build(wheel, folder)))


@pytest.fixture(scope="session")
def built(installed_build: InstalledBuild) -> Path:
    """``out/`` as ``dotscale build`` writes it for the bundled graph (on the default store),
    built once for the whole run by the installed wheel (:func:`installed_build`: the one build
    the tests share, test_wheel's among them). Do not modify it."""
    assert installed_build.exit_code == 0, installed_build.stderr
    return installed_build.out


@pytest.fixture(scope="session")
def library_answers(kg: KnowledgeGraph,
                    tmp_path_factory: pytest.TempPathFactory) -> dict[str, QueryResult]:
    """rdflib's answer to each library query (default parameters) on the bundled graph,
    computed once for the whole run (every xdist worker reads them back)."""
    answers: dict[str, QueryResult] = computed_once(
        tmp_path_factory, "library-answers",
        lambda: {query.name: run(kg, query) for query in all_queries()})
    return answers


@pytest.fixture(scope="session")
def library_projection(kg: KnowledgeGraph, library_answers: dict[str, QueryResult]
                       ) -> Callable[..., nx.Graph]:
    """``project(kg, name, around=..., hops=...)`` for a projection of the library, made from
    the session's answer to its query (:func:`graph.drawing.projection.graph_of`, as
    ``project`` does with the answer it computes): a new graph at each call."""
    from graph.drawing.projection import find_projection, graph_of

    def projection(name: str, *, around: str | None = None, hops: int = 1) -> nx.Graph:
        return graph_of(kg, find_projection(name), library_answers[name], around=around,
                        hops=hops)

    return projection


@pytest.fixture(scope="session")
def exported(kg: KnowledgeGraph) -> Callable[[str], bytes]:
    """``serialize(kg, name)``: each export of the bundled graph made once per process
    (test_export checks that serializing again gives the same bytes)."""
    from graph.exporting.serialize import serialize

    return functools.cache(lambda name: serialize(kg, name))


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``dotscale ARGS...`` in this process and capture what it prints."""

    def run(*args: str) -> CliResult:
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse usage errors and --help
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


# The modules that take longest, in the order they start: under ``pytest -n`` (xdist), with
# pyproject's ``--dist loadfile --no-loadscope-reorder``, each worker takes a whole module at a
# time in collection order, so that a module's fixtures are made once; the longest going first,
# the workers end together. The two after the first need neither the build nor the library's
# answers, which the first module makes.
FIRST = ("test_build.py", "test_generate.py", "test_roundtrip.py", "test_interop.py",
         "test_draw.py", "test_export.py", "test_stores.py", "test_schemaorg.py",
         "test_validate.py", "test_import_thedotpost.py", "test_reasoner.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules of :data:`FIRST` first, in its order; the others after them, as collected."""
    rank = {name: index for index, name in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(FIRST)))


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Under ``pytest -n``, the controller imports hypothesis while its workers start and
    collect: hypothesis's pytest plugin imports it in the controller for the summary, after
    the last test, where it held the run up 1.5 s (pytest rewrites the asserts of a plugin's
    package, and compiles them again in every process when PYTHONDONTWRITEBYTECODE is set)."""
    if session.config.pluginmanager.hasplugin("dsession"):
        import hypothesis  # noqa: F401
