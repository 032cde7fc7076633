"""What a speaker's one-liner states plainly: employer, affiliations, what they created.

A one-liner is a few short statements ("Engineer at GoCardless", "CTO & co-founder of MongoDB",
"Committer on Apache Mahout, Drill & Zookeeper"), one per line, separated by commas. Each
statement is read on its own:

- "<job> at <Org>" -> works for Org ("PhD student at PDOS", "Co-founder at X": affiliation);
- "<CEO, CTO, President...> of <Org>" -> works for Org; "Founder of <Org>" -> affiliation;
- "Creator of <X>", "Co-author of <X>" -> creator of X; "Committer on <X>", "<X> committer",
  "Major Contributor to <X>", "Lead Developer of <X>" -> contributor to X;
- a bare role joins the next statement ("CTO & co-founder of MongoDB");
  a bare name continues the list before it ("Creator of memcached, OpenID & LiveJournal");
- anything in the past ("Former ...", "ex-Googler", "First SRE at ...") states nothing now,
  and so does everything else ("Software Engineer", "Security and Privacy Advocate").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Relation = Literal["worksFor", "affiliation", "creator", "contributor"]

_PAST = re.compile(r"^(?:former(?:ly)?|ex|previously|past|first|retired|once)\b", re.IGNORECASE)
_AT = re.compile(r"^(?P<role>.+)\s+at\s+(?P<name>.+)$", re.IGNORECASE)
_ROLE_OF = re.compile(r"^(?P<role>.+?)\s+(?:of|to|on|for|in)\s+(?P<name>.+)$", re.IGNORECASE)
_ROLE_FIRST = re.compile(r"^(?P<role>co-?founder|founder|co-?creator|creator)\s+(?P<name>.+)$",
                         re.IGNORECASE)
_ROLE_LAST = re.compile(
    r"^(?P<name>.+?)\s+(?P<role>committer|contributor|maintainer|core developer|co-?founder|founder"
    r"|creator)$", re.IGNORECASE)
_PARTS = re.compile(r"\s*[,;]\s*")
_ITEMS = re.compile(r"\s+(?:&|and)\s+", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)$")

_FOUNDER = {"founder", "co-founder", "cofounder"}
_EXECUTIVE = {"ceo", "cto", "coo", "cfo", "cio", "cso", "cpo", "president", "chairman",
              "chairwoman", "owner"}
_MEMBER = {"student", "phd", "intern", "fellow", "postdoc"}
_CREATOR = {"creator", "co-creator", "author", "co-author"}
_CONTRIBUTOR = {"committer", "contributor", "maintainer", "developer"}
_JOB = {"engineer", "developer", "programmer", "manager", "architect", "designer", "advocate",
        "evangelist", "consultant", "scientist", "researcher", "hacker", "lead", "sre", "director",
        "head", "vp", "officer", "specialist", "analyst", "writer", "speaker", "student"}


@dataclass(frozen=True, order=True)
class Role:
    """One statement of a one-liner: ``relation`` to the organization or technology ``name``."""

    relation: Relation
    name: str


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _relations_of(role: str) -> set[Relation]:
    words = _words(role)
    found: set[Relation] = set()
    if words & _EXECUTIVE:
        found.add("worksFor")
    if words & _FOUNDER:
        found.add("affiliation")
    if words & _CREATOR:
        found.add("creator")
    if words & _CONTRIBUTOR:
        found.add("contributor")
    return found


def _statement(item: str) -> tuple[set[Relation], str | None] | None:
    """The relations and name ``item`` states; None when it is not a role statement at all."""
    if match := _AT.match(item):
        words = _words(match["role"])
        member = bool(words & (_MEMBER | _FOUNDER)) and not words & _EXECUTIVE
        return {"affiliation" if member else "worksFor"}, match["name"]
    for pattern in (_ROLE_OF, _ROLE_FIRST, _ROLE_LAST):
        if match := pattern.match(item):
            return _relations_of(match["role"]), match["name"]
    relations = _relations_of(item)
    if relations and _words(item) <= _FOUNDER | _EXECUTIVE | _CREATOR | _CONTRIBUTOR:
        return relations, None  # a bare role: it joins the next statement
    return None


def _clean_name(name: str, relation: Relation) -> str:
    name = _TRAILING_PARENTHESIS.sub("", name).strip(" .,;:'\"")
    return _LEADING_THE.sub("", name) if relation in ("creator", "contributor") else name


def _roles(relations: set[Relation], name: str) -> list[Role]:
    if "worksFor" in relations:
        relations = relations - {"affiliation"}
    return [Role(relation, cleaned) for relation in sorted(relations)
            if (cleaned := _clean_name(name, relation))]


def roles(lines: Iterable[str]) -> list[Role]:
    """The roles the plain-text lines of a one-liner state, in order.

    >>> roles(["CTO & co-founder of MongoDB"])
    [Role(relation='worksFor', name='MongoDB')]
    >>> roles(["PhD student at PDOS, ex-Googler"])
    [Role(relation='affiliation', name='PDOS')]
    >>> [r.name for r in roles(["Creator of memcached, OpenID & LiveJournal"])]
    ['memcached', 'OpenID', 'LiveJournal']
    >>> roles(["Former Reddit Chief Architect,", "First SRE at Netflix"])
    []
    """
    found: list[Role] = []
    for line in lines:
        current: set[Relation] = set()
        for part in _PARTS.split(line):
            pending: set[Relation] = set()
            for item in _ITEMS.split(part.strip(" .")):
                if not item or _PAST.match(item):
                    current, pending = set(), set()
                    continue
                statement = _statement(item)
                if statement is None:  # a bare name continues a list; a job title ends it
                    if current and not _words(item) & _JOB:
                        found += _roles(current, item)
                    else:
                        current = set()
                    continue
                relations, name = statement
                if name is None:
                    pending |= relations
                    continue
                current, pending = relations | pending, set()
                found += _roles(current, name)
    return found
