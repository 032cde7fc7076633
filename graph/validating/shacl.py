"""Checking the graph against the SHACL shapes of ``ontology/shapes.ttl`` with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ..errors import DotscaleError, ValidationError
from ..loading.loader import parse_into, read_rdf_text
from ..loading.store import KnowledgeGraph
from ..namespaces import ONTOLOGY_IRI, compact
from ..util.extras import require
from ..util.resources import SHAPES_FILE


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the shape, the property path, the message and the files."""

    severity: str
    focus: str
    shape: str
    path: str
    message: str
    files: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.files) or "(no file)"
        on = f" {self.path}" if self.path else ""
        return f"{where}: {self.severity}: {self.focus}{on}: {self.message} [{self.shape}]"


def data_graph(kg: KnowledgeGraph) -> Graph:
    """The union of every source graph, without the ontology (the shapes' ontology graph)."""
    return kg.union(exclude={ONTOLOGY_IRI})


def _short(node: Node | None) -> str:
    return "" if node is None else compact(str(node))


def _files_stating(kg: KnowledgeGraph, node: Node | None) -> tuple[str, ...]:
    files: list[str] = []
    for graph in sorted(kg.graphs(), key=lambda g: str(g.identifier)):
        stated = node is not None and (node, None, None) in graph
        if stated and isinstance(graph.identifier, URIRef):
            files.extend(str(path) for path in kg.sources.get(graph.identifier, []))
    return tuple(files)


def validate(kg: KnowledgeGraph, *, shapes: Path | str = SHAPES_FILE) -> list[Violation]:
    """Validate ``kg`` against ``shapes``; return the violations (empty when it conforms).

    >>> from graph.loading.loader import load
    >>> validate(load())
    []
    """
    pyshacl = require("pyshacl", "validate")
    shapes_path = Path(shapes)
    shapes_graph = Graph()
    parse_into(shapes_graph, shapes_path, read_rdf_text(shapes_path), "turtle")
    ontology = kg.graph(ONTOLOGY_IRI)
    from pyshacl.errors import ReportableRuntimeError

    try:
        _conforms, report, _text = pyshacl.validate(
            data_graph(kg), shacl_graph=shapes_graph,
            ont_graph=ontology if len(ontology) else None,
            inference="none", advanced=True, allow_warnings=True,
        )
    except ReportableRuntimeError as error:
        reason = " ".join(str(error.message).split())
        raise DotscaleError(f"the shapes cannot be used: {reason}",
                            path=shapes_path) from None
    if not isinstance(report, Graph):  # pyshacl hands back the exception a shape raised
        raise DotscaleError(f"the shapes cannot be used: {report}", path=shapes_path)
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        violations.append(Violation(
            severity=_short(severity).split(":")[-1].split("#")[-1],
            focus=_short(focus),
            shape=_short(report.value(result, SH.sourceShape)),
            path=_short(report.value(result, SH.resultPath)),
            message=str(message) if isinstance(message, Literal) else "does not conform",
            files=_files_stating(kg, focus),
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
