"""Precision and recall of the linker against a hand annotation of talks' technologies.

The annotation is a tab-separated file: ``talk`` (the talk IRI after ``id/talk/``),
``technology`` (the slug after ``id/technology/``) and ``relation`` (``about`` or
``mentions``); a talk that names no technology has one line with ``-`` for both. Lines
starting with ``#`` are comments.

>>> result = score({("t", "go", "about")}, {("t", "go", "mentions"), ("t", "c", "mentions")})
>>> result.precision, result.recall, result.precision_strict, result.recall_strict
(0.5, 1.0, 0.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DotscaleError
from ..namespaces import ID
from .technologies import Link

Judgement = tuple[str, str, str]  # talk, technology slug, relation
_RELATIONS = ("about", "mentions")


@dataclass(frozen=True)
class Score:
    """Precision and recall on (talk, technology) pairs, and ``strict``: with the relation."""

    precision: float
    recall: float
    precision_strict: float
    recall_strict: float
    true: int
    found: int
    expected: int


def read_annotation(path: Path) -> tuple[set[str], set[Judgement]]:
    """The talks an annotation covers and its judgements; :class:`DotscaleError` naming the
    line of a malformed one."""
    talks: set[str] = set()
    judged: set[Judgement] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or (fields[1] == "-") != (fields[2] == "-") or \
                (fields[2] != "-" and fields[2] not in _RELATIONS):
            raise DotscaleError("expected talk, technology and relation (about or mentions) "
                                "separated by tabs", path=path, line=number)
        talks.add(fields[0])
        if fields[1] != "-":
            judged.add((fields[0], fields[1], fields[2]))
    return talks, judged


def judgements(links: Iterable[Link]) -> set[Judgement]:
    """The links as judgements of the annotation's form."""
    return {(str(link.talk).removeprefix(str(ID["talk/"])),
             str(link.technology).removeprefix(str(ID["technology/"])), link.relation)
            for link in links}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def score(expected: set[Judgement], found: set[Judgement]) -> Score:
    """How ``found`` compares with ``expected``."""
    pairs_expected = {(talk, tech) for talk, tech, _ in expected}
    pairs_found = {(talk, tech) for talk, tech, _ in found}
    true, strict = len(pairs_expected & pairs_found), len(expected & found)
    return Score(_ratio(true, len(pairs_found)), _ratio(true, len(pairs_expected)),
                 _ratio(strict, len(found)), _ratio(strict, len(expected)),
                 true, len(pairs_found), len(pairs_expected))
