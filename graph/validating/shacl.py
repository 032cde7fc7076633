"""Checking the graph against the SHACL shapes of ``ontology/shapes.ttl``.

Two engines give the same report: pySHACL (the reference, and the fallback) and pyshacl-turbo,
a SHACL engine in Rust with pySHACL's interface and report (the ``fast-validate`` extra), used
when it is installed. pyshacl-turbo reads the graph from Oxigraph without making a Python object
of each triple; pySHACL reads rdflib's. tests/test_validate_engines.py checks that both report
the same results on files with faults injected.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD, NamespaceManager
from rdflib.term import Node

from ..errors import DotscaleError, ValidationError
from ..loading.loader import parse_into, read_rdf_text
from ..loading.store import KnowledgeGraph
from ..namespaces import ONTOLOGY_IRI, bind_prefixes, compact
from ..util.extras import require
from ..util.resources import SHAPES_FILE

ENGINES = ("pyshacl-turbo", "pyshacl")
_MODULES = {"pyshacl-turbo": ("pyshacl_turbo", "fast-validate"), "pyshacl": ("pyshacl", "validate")}


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the shape, the property path, the value, the message and
    the files; written on one line.

    >>> print(Violation("Violation", "id:talk/x", "dss:Talk-label", "rdfs:label", '"x"',
    ...                 "too\\nshort", ("talks.ttl",), "sh:minLength"))
    talks.ttl: Violation: id:talk/x rdfs:label "x": too short [dss:Talk-label, sh:minLength]
    """

    severity: str
    focus: str
    shape: str
    path: str
    value: str
    message: str
    files: tuple[str, ...]
    constraint: str = ""

    def __str__(self) -> str:
        where = ", ".join(self.files) or "(no file)"
        on = f" {self.path}" if self.path else ""
        value = f" {self.value}" if self.value else ""
        message = " ".join(self.message.split())
        which = f"{self.shape}, {self.constraint}" if self.constraint else self.shape
        return f"{where}: {self.severity}: {self.focus}{on}{value}: {message} [{which}]"


def data_graph(kg: KnowledgeGraph) -> Graph:
    """The union of every source graph, without the ontology (the shapes' ontology graph)."""
    return kg.union(exclude={ONTOLOGY_IRI})


def _short(node: Node | None) -> str:
    return "" if node is None else compact(str(node))


def _value(value: Node | None) -> str:
    """The value a result names, as a query would write it (a plain string for xsd:string)."""
    if isinstance(value, URIRef):
        return _short(value)
    if isinstance(value, Literal):
        plain = Literal(str(value)) if value.datatype == XSD.string else value
        return plain.n3(NAMESPACES)
    return ""


def _constraint(component: Node | None) -> str:
    """The SHACL parameter a constraint component checks: ``sh:class`` for
    ``sh:ClassConstraintComponent``.

    >>> _constraint(SH.MinCountConstraintComponent)
    'sh:minCount'
    """
    if not isinstance(component, URIRef) or not str(component).startswith(str(SH)):
        return _short(component)
    name = str(component)[len(str(SH)):].removesuffix("ConstraintComponent")
    return f"sh:{name[:1].lower()}{name[1:]}"


def _files_stating(kg: KnowledgeGraph, node: Node | None) -> tuple[str, ...]:
    files: list[str] = []
    for graph in sorted(kg.graphs(), key=lambda g: str(g.identifier)):
        stated = node is not None and (node, None, None) in graph
        if stated and isinstance(graph.identifier, URIRef):
            files.extend(str(path) for path in kg.sources.get(graph.identifier, []))
    return tuple(files)


def default_engine() -> str:
    """The fastest engine installed: pyshacl-turbo if it is, else pySHACL."""
    return next((name for name in ENGINES if importlib.util.find_spec(_MODULES[name][0])),
                "pyshacl")


def validate(kg: KnowledgeGraph, *, shapes: Path | str = SHAPES_FILE,
             engine: str | None = None) -> list[Violation]:
    """Validate ``kg`` against ``shapes``; return the violations (empty when it conforms).

    ``engine`` is one of :data:`ENGINES` (default: :func:`default_engine`).

    >>> from graph.loading.loader import load
    >>> validate(load())
    []
    """
    name = engine or default_engine()
    if name not in ENGINES:
        raise DotscaleError(f"unknown SHACL engine {name!r}; choose one of {', '.join(ENGINES)}")
    module, extra = _MODULES[name]
    engine_module = require(module, extra)
    shapes_path = Path(shapes)
    shapes_graph = Graph()
    parse_into(shapes_graph, shapes_path, read_rdf_text(shapes_path), "turtle")
    if name == "pyshacl":
        ontology = kg.graph(ONTOLOGY_IRI)
        inputs: dict[str, Any] = {"data_graph": data_graph(kg),
                                  "ont_graph": ontology if len(ontology) else None}
    else:  # the union holds the ontology, as pySHACL's data graph once it mixes it in
        inputs = {"data_graph": _oxigraph_union(kg)}
    try:
        answer = engine_module.validate(shacl_graph=shapes_graph, **inputs, **_OPTIONS)
    # pySHACL's ReportableRuntimeError, turbo's ValueError, a pattern Python cannot compile
    except (RuntimeError, ValueError, re.error) as error:
        reason = " ".join(str(getattr(error, "message", error)).split())
        raise DotscaleError(f"the shapes cannot be used: {reason}", path=shapes_path) from None
    report = answer[1]
    if not isinstance(report, Graph):  # pyshacl hands back the exception a shape raised
        raise DotscaleError(f"the shapes cannot be used: {report}", path=shapes_path)
    return _violations(kg, report)


NAMESPACES = NamespaceManager(Graph(), bind_namespaces="none")
bind_prefixes(NAMESPACES)
_OPTIONS: dict[str, Any] = {"inference": "none", "advanced": True, "allow_warnings": True}


def _oxigraph_union(kg: KnowledgeGraph) -> Any:
    """The union of every graph in an Oxigraph store in memory."""
    import pyoxigraph as ox

    from ..exporting.ntriples import ntriples

    store = ox.Store()
    store.bulk_load(ntriples(kg), format=ox.RdfFormat.N_TRIPLES)
    return store


def _violations(kg: KnowledgeGraph, report: Graph) -> list[Violation]:
    """The results of a validation report, sorted: each result the report lists (the results
    nested in them as ``sh:detail`` explain those, and are not counted again)."""
    violations = []
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        value = report.value(result, SH.value)
        violations.append(Violation(
            severity=_short(severity).split(":")[-1].split("#")[-1],
            focus=_short(focus),
            shape=_short(report.value(result, SH.sourceShape)),
            path=_short(report.value(result, SH.resultPath)),
            value=_value(value),
            message=str(message) if isinstance(message, Literal) else "does not conform",
            files=_files_stating(kg, focus),
            constraint=_constraint(report.value(result, SH.sourceConstraintComponent)),
        ))
    return sorted(violations, key=str)


def check(kg: KnowledgeGraph, *, shapes: Path | str = SHAPES_FILE) -> None:
    """Raise :class:`ValidationError` with the full report when ``kg`` breaks a shape."""
    violations = [v for v in validate(kg, shapes=shapes) if v.severity == "Violation"]
    if violations:
        report = "\n".join(str(v) for v in violations)
        first = violations[0]
        more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
        raise ValidationError(f"the graph breaks the SHACL shapes: {first}{more}", report)
