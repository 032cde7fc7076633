"""The organizers' archive (github.com/thedotpost/thedotpost-content) as the triples of its graph.

The archive's layout: ``conferences/<series>.md`` (a series: Name, Oneliner) and
``conferences/<series>-<year>.md`` (an edition: Name, Link, Location, Date, Photos);
``contributors/<handle>.md`` (Name, Twitter, Github, Oneliner in HTML); ``YYYY/MM/<slug>.md``
(one talk: Conference, Author(s), Title, Filmed, Tags, Category, Summary, Slides, Video...).
Other files are not records: files at the top (README.md), anything that is not ``.md``, hidden
folders.

A record that cannot be imported is reported (:class:`Skipped`) and left out; the rest is
imported. A talk needs a title, a known conference edition (a ``conferences/`` file) and known
speakers (``contributors/`` files): without them it is skipped rather than half-described.
Drafts (``Status: draft``) are imported: the talk took place. A value that is not what its key
promises (a date that is not YYYY-MM-DD, a link that is not a web address) is left out and
reported in :attr:`ArchiveImport.ignored`. Files are read in sorted order, so the result is
the same on every run.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..errors import DotscaleError
from ..linking.matching import EntityIndex, normalize, person_iri, talk_iri
from ..namespaces import (
    ARCHIVE_GRAPH,
    DS,
    ID,
    SCHEMA,
    TOPIC_SCHEME,
    bind_prefixes,
    slugify,
    thing,
)
from .html_text import html_lines, plain_text
from .oneliner import roles
from .pelican import Record, RecordError, read_record

COMMIT = "8f3cef885c1cf6828429f486c632424968fc1df1"
REPOSITORY_URL = "https://github.com/thedotpost/thedotpost-content"
SOURCE = ID["source/thedotpost"]
LICENSE = URIRef("http://creativecommons.org/licenses/by-sa/4.0/")

_T = TypeVar("_T")
#: Called before each record file is read: (files read so far, files in all, the file).
ProgressCallback = Callable[[int, int, Path], None]
_EDITION = re.compile(r"^(?P<series>.+)-(?P<year>\d{4})$")
_YEAR, _MONTH = re.compile(r"^\d{4}$"), re.compile(r"^(?:0[1-9]|1[0-2])$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T].*)?$")
_NOT_IN_IRI = re.compile(r"[\s<>\"{}|\\^`]")
_HANDLES = {
    "twitter": re.compile(r"^[A-Za-z0-9_]{1,15}$"),
    "github": re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$"),
}


@dataclass(frozen=True)
class Skipped:
    """A record left out (or, in :attr:`ArchiveImport.ignored`, a value left out) and why."""

    path: Path
    reason: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}" if self.detail else self.reason


@dataclass(frozen=True)
class ArchiveImport:
    """What :func:`import_archive` made: the graph, how many of each thing, what it left out."""

    graph: Graph
    talks: int
    people: int
    conferences: int
    series: int
    skipped: list[Skipped]
    ignored: list[Skipped] = field(default_factory=list)

    def summary(self) -> str:
        """One line: what was imported, then what was skipped, by reason.

        >>> ArchiveImport(Graph(), 1, 2, 3, 1, [Skipped(Path("a.md"), "missing title")]).summary()
        'imported 1 talk, 2 people, 3 conferences (1 series); skipped 1: 1 missing title'
        """
        people = "person" if self.people == 1 else "people"
        text = (f"imported {_count(self.talks, 'talk')}, {self.people} {people}, "
                f"{_count(self.conferences, 'conference')} ({self.series} series)")
        if self.skipped:
            reasons = Counter(skipped.reason for skipped in self.skipped)
            by_count = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
            text += f"; skipped {len(self.skipped)}: " + ", ".join(f"{n} {r}" for r, n in by_count)
        return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(frozen=True)
class _Layout:
    conferences: list[Path]
    contributors: list[Path]
    talks: list[Path]
    misplaced: list[Path]


def _markdown_files(root: Path) -> list[Path]:
    """Every ``.md`` file under ``root`` outside hidden folders (.git), in sorted order.

    Links are not followed out of the archive: a file whose real place is elsewhere is left
    out, like a folder link (``os.walk`` does not follow those).
    """
    real_root = root.resolve()
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += [Path(folder, name) for name in files
                  if name.lower().endswith(".md") and not name.startswith(".")
                  and Path(folder, name).resolve().is_relative_to(real_root)]
    return sorted(found, key=lambda path: path.relative_to(root).as_posix())


def _layout(root: Path) -> _Layout:
    layout = _Layout([], [], [], [])
    tops = [entry.name for entry in root.iterdir() if entry.is_dir()]
    if not any(name.casefold() == "conferences" or _YEAR.match(name) for name in tops):
        return layout  # not an archive: do not walk the whole folder to find out
    for path in _markdown_files(root):
        parts = path.relative_to(root).parts
        folder = parts[0].casefold()
        if len(parts) == 1:
            continue
        if len(parts) == 2 and folder == "conferences":
            layout.conferences.append(path)
        elif len(parts) == 2 and folder == "contributors":
            layout.contributors.append(path)
        elif len(parts) == 3 and _YEAR.match(parts[0]) and _MONTH.match(parts[1]):
            layout.talks.append(path)
        else:
            layout.misplaced.append(path)
    return layout


@dataclass(frozen=True)
class _Contributor:
    path: Path
    name: str
    record: Record


@dataclass(frozen=True)
class _Talk:
    path: Path
    node: URIRef
    record: Record
    conference: URIRef
    speakers: list[_Contributor]


class _Importer:
    """The state of one import: the graph being written and what has been met so far."""

    def __init__(self, root: Path, index: EntityIndex, progress: ProgressCallback | None,
                 total: int) -> None:
        self.root = root
        self.index = index
        self.progress = progress
        self.total = total
        self.done = 0
        self.graph = Graph()
        bind_prefixes(self.graph.namespace_manager)
        self.skipped: list[Skipped] = []
        self.ignored: list[Skipped] = []
        self.series: dict[str, URIRef] = {}
        self.conferences: dict[str, URIRef] = {}
        self.contributors: dict[str, _Contributor] = {}
        self.people: dict[URIRef, set[Path]] = {}
        self.organizations: dict[str, URIRef] = {}
        self.topics: dict[str, URIRef] = {}

    def add(self, subject: URIRef, predicate: URIRef, value: URIRef | Literal | None) -> None:
        if value is not None and str(value) != "":
            self.graph.add((subject, predicate, value))

    def skip(self, path: Path, reason: str, detail: str = "") -> None:
        self.skipped.append(Skipped(path, reason, detail))

    def attempt(self, path: Path, make: Callable[[Path, Record], _T]) -> _T | None:
        """``make(path, record)``; a :class:`RecordError` on the way skips the record."""
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, path)
        try:
            return make(path, read_record(path))
        except RecordError as error:
            self.skip(path, error.reason, error.detail)
        except OSError as error:
            self.skip(path, "unreadable", error.strerror or str(error))
        return None

    def name(self, node: URIRef, text: str, *, official: bool = False) -> None:
        """Give ``node`` its rdfs:label, keeping one label per node across the graphs.

        The archive is ``official`` for talk titles and people's names. Otherwise a node the
        known graph already labels keeps that label and gets ``text`` as an alternative.
        """
        own = self.graph.value(node, RDFS.label)
        if own is not None:
            existing: str | None = str(own)
        else:
            existing = None if official else self.index.label(node)
        if existing is None:
            self.add(node, RDFS.label, Literal(text))
        elif existing != text:
            self.add(node, SKOS.altLabel, Literal(text))

    def ignore(self, path: Path, key: str, value: str, what: str) -> None:
        self.ignored.append(Skipped(path, f"{key.capitalize()} {value!r} is not {what}"))

    def day(self, path: Path, record: Record, key: str) -> Literal | None:
        """The xsd:date given for ``key`` (a time after the date is fine)."""
        value = record.text(key)
        if not value:
            return None
        if match := _DATE.match(value):
            try:
                return Literal(date.fromisoformat(match[1]))
            except ValueError:
                pass
        self.ignore(path, key, value, "a date (YYYY-MM-DD)")
        return None

    def links(self, path: Path, record: Record, key: str) -> list[URIRef]:
        """The web addresses given for ``key``; protocol-relative ones (//host/...) as https."""
        found = []
        for value in record.values(key):
            address = "https:" + value if value.startswith("//") else value
            parts = urlsplit(address)
            if parts.scheme in ("http", "https") and parts.netloc \
                    and not _NOT_IN_IRI.search(address):
                found.append(URIRef(address))
            else:
                self.ignore(path, key, value, "a web address")
        return found

    def handle(self, path: Path, record: Record, key: str) -> Literal | None:
        """An account handle, without "@" or the site's address in front."""
        value = record.text(key)
        handle = value.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
        if not value or _HANDLES[key].match(handle):
            return Literal(handle) if handle else None
        self.ignore(path, key, value, f"a {key.capitalize()} handle")
        return None

    # -- the source ----------------------------------------------------------------------------

    def describe_source(self) -> None:
        g = self.graph
        g.add((ARCHIVE_GRAPH, RDF.type, PROV.Entity))
        g.add((ARCHIVE_GRAPH, PROV.wasDerivedFrom, SOURCE))
        for cls in (DS.Source, SCHEMA.CreativeWork, PROV.Entity):
            g.add((SOURCE, RDF.type, cls))
        g.add((SOURCE, RDFS.label, Literal("The dot Post content archive")))
        g.add((SOURCE, DCTERMS.title, Literal("The dot Post content archive")))
        g.add((SOURCE, SCHEMA.url, Literal(REPOSITORY_URL, datatype=XSD.anyURI)))
        g.add((SOURCE, DCTERMS.license, LICENSE))
        g.add((SOURCE, SCHEMA.version, Literal(COMMIT)))
        g.add((SOURCE, DCTERMS.creator, Literal("The dot conferences")))

    def page(self, path: Path) -> URIRef:
        """The archive's own page for the record in ``path``, at the imported commit."""
        return URIRef(f"{REPOSITORY_URL}/blob/{COMMIT}/{quote(self.relative(path).as_posix())}")

    def relative(self, path: Path) -> Path:
        return path.relative_to(self.root)

    def described(self, node: URIRef, cls: URIRef, path: Path) -> None:
        self.graph.add((node, RDF.type, cls))
        self.graph.add((node, DS.source, SOURCE))
        self.graph.add((node, DS.page, self.page(path)))

    # -- conferences ---------------------------------------------------------------------------

    def read_conferences(self, paths: list[Path]) -> None:
        editions = [path for path in paths if _EDITION.match(path.stem)]
        for path in paths:
            if path not in editions:
                self.attempt(path, self.read_series)
        for path in editions:
            self.attempt(path, self.read_edition)

    def read_series(self, path: Path, record: Record) -> None:
        label, slug = _required(record, "name"), _slug(path)
        node = self.series[slug] = ID[f"series/{slug}"]
        self.described(node, DS.ConferenceSeries, path)
        self.name(node, label)
        self.add(node, DS.oneliner, Literal(record.text("oneliner")))

    def read_edition(self, path: Path, record: Record) -> None:
        label, slug = _required(record, "name"), _slug(path)
        series = ID[f"series/{slugify(path.stem.rsplit('-', 1)[0])}"]
        node = self.conferences[slug] = ID[f"conference/{slug}"]
        self.described(node, DS.Conference, path)
        self.name(node, label)
        self.add(node, SCHEMA.startDate, self.day(path, record, "date"))
        for link in self.links(path, record, "link"):
            self.add(node, SCHEMA.url, Literal(str(link), datatype=XSD.anyURI))
        for photos in self.links(path, record, "photos"):
            self.add(node, DS.photos, photos)
        if series in self.series.values() or self.index.label(series) is not None:
            self.add(node, DS.series, series)
        if location := record.text("location"):
            self.add(node, SCHEMA.location, self.city(location))

    def city(self, location: str) -> URIRef | None:
        """The city of a "City, Country" location, described as a schema:City."""
        city, *rest = (part.strip() for part in location.split(","))
        if not slugify(city):
            return None
        node = thing("place", city)
        self.graph.add((node, RDF.type, SCHEMA.City))
        self.name(node, city)
        if rest and rest[-1]:
            self.add(node, SCHEMA.addressCountry, Literal(rest[-1]))
        return node

    # -- contributors and the people they describe ---------------------------------------------

    def read_contributors(self, paths: list[Path]) -> None:
        for path in paths:
            if found := self.attempt(path, _contributor):
                self.contributors[path.stem] = found

    def contributor(self, handle: str) -> _Contributor:
        """The contributor ``handle`` names: exact file name first, then case and punctuation
        aside; :class:`RecordError` "unknown author" if none (or several) match."""
        if handle in self.contributors:
            return self.contributors[handle]
        key = normalize(handle)
        found = [c for stem, c in self.contributors.items() if normalize(stem) == key]
        if len(found) != 1:
            raise RecordError("unknown author", f"{handle!r} has no contributors/{handle}.md")
        return found[0]

    def person(self, contributor: _Contributor) -> URIRef:
        node = person_iri(contributor.name)
        if contributor.path in self.people.setdefault(node, set()):
            return node
        self.people[node].add(contributor.path)
        record = contributor.record
        self.described(node, DS.Person, contributor.path)
        self.name(node, contributor.name, official=True)
        for key, prop in (("twitter", DS.twitter), ("github", DS.github)):
            self.add(node, prop, self.handle(contributor.path, record, key))
        oneliner = " ".join(record.values("oneliner"))
        self.add(node, DS.oneliner, Literal(plain_text(oneliner)))
        for role in roles(html_lines(oneliner)):
            if role.relation in ("worksFor", "affiliation"):
                self.add(node, DS[role.relation], self.organization(role.name))
            elif technology := self.index.find(role.name, "technology"):
                self.add(technology, DS[role.relation], node)
        for organization in list(self.graph.objects(node, DS.worksFor)):
            self.graph.remove((node, DS.affiliation, organization))  # worksFor says it already
        return node

    def organization(self, label: str) -> URIRef | None:
        node = self.index.find(label, "organization") or self.organizations.get(normalize(label))
        if node is None:
            if not slugify(label):
                return None
            node = self.organizations[normalize(label)] = thing("organization", label)
            self.graph.add((node, RDF.type, DS.Organization))
        self.name(node, label)
        return node

    # -- talks ---------------------------------------------------------------------------------

    def read_talk(self, path: Path, record: Record) -> _Talk:
        """Check a talk record: a talk, titled, at a known edition, by known speakers."""
        template = record.text("template")
        if template and template.casefold() != "talk":
            raise RecordError("not a talk", f"Template: {template}")
        _required(record, "title")
        edition = _required(record, "conference")
        conference = self.conferences.get(slugify(edition))
        if conference is None:
            raise RecordError("unknown conference", f"{edition!r} has no conferences/{edition}.md")
        handles = record.items("author", "authors")
        if not handles:
            raise RecordError("missing author")
        speakers = [self.contributor(handle) for handle in handles]
        year, _month, _file = self.relative(path).parts
        return _Talk(path, talk_iri(year, _slug(path)), record, conference, speakers)

    def read_talks(self, paths: list[Path]) -> list[_Talk]:
        """The importable talks, one per IRI: of two files that make the same IRI, the one whose
        name is already a slug wins (``a-b.md`` over ``A b.md``)."""
        talks: dict[URIRef, _Talk] = {}
        for talk in filter(None, (self.attempt(path, self.read_talk) for path in paths)):
            kept = talks.setdefault(talk.node, talk)
            if kept is talk:
                continue
            winner, loser = (talk, kept) if _is_slug(talk.path) and not _is_slug(kept.path) \
                else (kept, talk)
            talks[talk.node] = winner
            self.skip(loser.path, "duplicate talk", f"same IRI as {self.relative(winner.path)}")
        return sorted(talks.values(), key=lambda t: self.relative(t.path).as_posix())

    def write_talk(self, talk: _Talk) -> None:
        node, record, path = talk.node, talk.record, talk.path
        self.described(node, DS.Talk, path)
        self.name(node, record.text("title"), official=True)
        self.add(node, DS.conference, talk.conference)
        for speaker in talk.speakers:
            self.add(node, DS.speaker, self.person(speaker))
        self.add(node, DS.filmed, self.day(path, record, "filmed"))
        self.add(node, DS.category, Literal(record.text("category")))
        self.add(node, SCHEMA.description, Literal(record.text("summary")))
        for slides in self.links(path, record, "slides"):
            self.add(node, DS.slides, slides)
        for video in self.links(path, record, "video"):
            self.add(node, DS.video, video)
        for tag in record.items("tags", "tag"):
            self.tag(node, tag)

    def tag(self, talk: URIRef, tag: str) -> None:
        """A raw tag, and what it names: a known technology, a known topic, or a new topic."""
        self.add(talk, DS.tag, Literal(tag))
        if technology := self.index.find(tag, "technology"):
            self.add(talk, DS.mentions, technology)
            self.other_name(technology, tag)
        elif topic := self.index.find(tag, "topic"):
            self.add(talk, DS.topic, topic)
            self.other_name(topic, tag)
        elif slugify(tag):
            self.add(talk, DS.topic, self.new_topic(tag))

    def new_topic(self, tag: str) -> URIRef:
        """The archive's own topic for ``tag``: tags differing only in case are one topic,
        labelled as first written."""
        key = normalize(tag)
        if key not in self.topics:
            topic = self.topics[key] = thing("topic", tag)
            self.graph.add((topic, RDF.type, DS.Topic))
            self.graph.add((topic, SKOS.inScheme, TOPIC_SCHEME))
            self.graph.add((TOPIC_SCHEME, RDF.type, SKOS.ConceptScheme))
            self.name(topic, tag)
        return self.topics[key]

    def other_name(self, node: URIRef, tag: str) -> None:
        """A tag that names a known node by a short form ("golang", "CRDTs") is another name of
        it; one that only differs in case or punctuation is not."""
        label = self.index.label(node)
        if label is not None and normalize(label) != normalize(tag):
            self.add(node, SKOS.altLabel, Literal(tag))


def _required(record: Record, key: str) -> str:
    """The text of ``key``, or :class:`RecordError` "missing <key>"."""
    if not (text := record.text(key)):
        raise RecordError(f"missing {key}")
    return text


def _contributor(path: Path, record: Record) -> _Contributor:
    name = _required(record, "name")
    if not slugify(name):
        raise RecordError("unusable name", f"{name!r} has no letter or digit for an IRI")
    return _Contributor(path, name, record)


def _slug(path: Path) -> str:
    """The slug of the file name, or :class:`RecordError` if it has nothing to make one of."""
    if not (slug := slugify(path.stem)):
        raise RecordError("unusable file name", "no letter or digit for an IRI")
    return slug


def _is_slug(path: Path) -> bool:
    return path.stem == slugify(path.stem)


def import_archive(path: Path, *, known: Graph | None = None,
                   progress: ProgressCallback | None = None) -> ArchiveImport:
    """Read the archive at ``path`` into the triples of the graph :data:`ARCHIVE_GRAPH`.

    ``known`` is the graph already loaded (the ontology and the other sources): tags and
    organizations are matched against its technologies, organizations and topics, and nodes it
    already labels keep their label (see :class:`~graph.matching.EntityIndex`). ``progress``,
    if given, is called before each record file is read.
    Raises :class:`DotscaleError` if ``path`` is not an archive.
    """
    root = Path(path)
    if not root.is_dir():
        raise DotscaleError("no such directory" if not root.exists() else "not a directory",
                            path=root)
    layout = _layout(root)
    if not layout.conferences and not layout.talks:
        raise DotscaleError("not a thedotpost archive: no conferences/*.md and no "
                            "YYYY/MM/<slug>.md talk files", path=root)
    total = len(layout.conferences) + len(layout.contributors) + len(layout.talks)
    importer = _Importer(root, EntityIndex(known), progress, total)
    importer.describe_source()
    for misplaced in layout.misplaced:
        importer.skip(misplaced, "unexpected folder",
                      "records live in conferences/, contributors/ and YYYY/MM/")
    importer.read_conferences(layout.conferences)
    importer.read_contributors(layout.contributors)
    talks = importer.read_talks(layout.talks)
    for talk in talks:
        importer.write_talk(talk)
    return ArchiveImport(
        graph=importer.graph,
        talks=len(talks),
        people=len(importer.people),
        conferences=len(importer.conferences),
        series=len(importer.series),
        skipped=sorted(importer.skipped, key=lambda s: (s.path.as_posix(), s.reason)),
        ignored=importer.ignored,
    )
