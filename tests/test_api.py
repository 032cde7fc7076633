"""The public Python API: exactly the intended names, each the function, never a submodule."""

from __future__ import annotations

import inspect
import subprocess
import sys

import graph


def test_the_public_surface_is_exactly_what_is_intended() -> None:
    assert graph.__all__ == sorted(graph.__all__)
    assert set(graph.__all__) == {
        "DotscaleError", "KnowledgeGraph", "ValidationError", "analyze", "build", "draw",
        "export", "find", "load", "project", "query", "stats", "validate",
    }


def test_api_names_stay_functions_after_their_submodules_are_imported() -> None:
    import graph.exporting.serialize
    import graph.pipeline
    import graph.querying.execute

    for name in graph.__all__:
        value = getattr(graph, name)
        assert inspect.isfunction(value) or inspect.isclass(value), name
    from graph.exporting.serialize import serialize

    assert callable(serialize)


def test_importing_the_package_stays_light() -> None:
    code = ("import sys, graph; heavy = {'networkx', 'matplotlib', 'pyshacl', 'rdflib'}; "
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
