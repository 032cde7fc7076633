"""The public Python API: exactly the intended names, each the function, never a submodule."""

from __future__ import annotations

import inspect
import subprocess
import sys
from decimal import Decimal

import pytest

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


def test_dir_shows_the_public_surface_only() -> None:
    import graph.cli  # submodules imported by now become attributes of the package
    import graph.querying.execute

    assert dir(graph) == sorted([*graph.__all__, "__version__"])
    signature = inspect.signature(graph.query)
    assert list(signature.parameters) == ["kg", "query", "bindings", "allow_network", "timeout"]
    assert all(p.kind is p.KEYWORD_ONLY for p in list(signature.parameters.values())[2:])


def test_query_takes_a_library_name_a_file_or_sparql(kg, tmp_path) -> None:
    by_name = graph.query(kg, "talks-about", bindings={"tech": "Redis"})
    by_query = graph.query(kg, graph.find("talks-about"), bindings={"tech": "Redis"})
    path = tmp_path / "mine.rq"
    path.write_text(graph.find("talks-about").text, encoding="utf-8")
    by_file = graph.query(kg, str(path), bindings={"tech": "Redis"})
    assert by_name.rows == by_query.rows == by_file.rows != []
    assert graph.query(kg, "ASK { ?t a ds:Talk }").boolean is True


def test_rows_hold_none_for_unbound_values_and_numbers_as_numbers(kg) -> None:
    counted = graph.query(kg, "SELECT ?kind (COUNT(?t) AS ?n) (AVG(1.5) AS ?avg) WHERE { "
                              "?t a ds:LightningTalk OPTIONAL { ?t ds:twitter ?kind } } "
                              "GROUP BY ?kind")
    assert counted.rows == [{"kind": None, "n": 5, "avg": Decimal("1.5")}]


def test_errors_speak_python_in_python(kg) -> None:
    with pytest.raises(graph.DotscaleError) as caught:
        graph.query(kg, "talks-about", bindings={"tech": "Redsi"})
    assert str(caught.value) == ("bindings={'tech': 'Redsi'}: no ds:Technology in the graph is "
                                 "named 'Redsi'; did you mean: Redis?")
    with pytest.raises(graph.DotscaleError, match=r"pass bindings=\{'talk': 'VALUE'\}"):
        graph.query(kg, "# param: talk -- a talk\nDESCRIBE ?talk")
    with pytest.raises(graph.DotscaleError, match="pass allow_network=True to allow it"):
        graph.query(kg, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")


def test_the_command_line_says_bind(cli) -> None:
    result = cli("query", "talks-about", "--bind", "tech=Redsi")
    assert result.exit_code == 1
    assert result.stderr == ("dotscale: error: --bind tech=Redsi: no ds:Technology in the graph "
                             "is named 'Redsi'; did you mean: Redis?\n")
