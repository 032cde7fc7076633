"""Synthetic conferences, to measure the stores at any size: never part of the graph.

N conference editions (in series of up to eight yearly editions) of M talks each, with their
speakers, organizations, technologies, topics and venues, in the project's vocabulary and IRI
patterns, valid under the SHACL shapes. Popularity is skewed as in real programmes: a speaker,
an organization, a technology or a topic is drawn with a Zipf-like weight (the k-th most
popular one about 1/k as often as the first), so a few technologies appear in many talks.

Names are made of syllables, spelled from each thing's number, so they are unique without
remembering them, and obviously invented. The output is a stream of N-Triples (or N-Quads, in
the graph :data:`SYNTHETIC_GRAPH`), written line by line: ten million triples need no more
memory than ten. The same seed gives the same bytes.

>>> import io
>>> out = io.StringIO()
>>> generate(out, conferences=1, talks_per_conference=2, seed=1)
142
>>> out.getvalue().count("\\n")
142

Run it as ``python -m benchmarks.generate --conferences 10 --talks-per-conference 30 --out f.nt``,
or ask for a size: ``--triples 1000000``.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO

from rdflib.namespace import RDF, RDFS, SKOS, XSD

from graph.errors import DotscaleError
from graph.namespaces import DS, GRAPHS, ID, SCHEMA, TOPIC_SCHEME, slugify
from graph.util.atomic import atomic_writer
from graph.util.progress import Progress

SYNTHETIC_GRAPH = GRAPHS["synthetic"]
SOURCE = ID["source/synthetic"]
EDITIONS_PER_SERIES = 8
ZIPF_EXPONENT = 1.1

_SYLLABLES = ("ka", "lo", "vex", "zu", "tor", "quin", "mar", "ri", "sol", "den", "fa", "gri",
              "nu", "pel", "tha", "ox", "bre", "cai", "dro", "wen", "yl", "sku", "mo", "tev")
_FIRST_NAMES = ("Ada", "Bruno", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gaspard", "Hiro",
                "Inès", "Jonas", "Kemal", "Lucía", "Malik", "Noor", "Oskar", "Priya", "Quentin",
                "Rosa", "Sven", "Tamar", "Ugo", "Vera", "Wei", "Yusuf", "Zoé")
_TECHNOLOGY_KINDS = (DS.Database, DS.RelationalDatabase, DS.TimeSeriesDatabase,
                     DS.DocumentDatabase, DS.KeyValueStore, DS.SearchEngine, DS.MessageBroker,
                     DS.ContainerTool, DS.ClusterManager, DS.WebServer, DS.TestingTool,
                     DS.OperatingSystem, DS.SystemTool, DS.DataFormat, DS.DataStructure,
                     DS.CloudPlatform)
_LANGUAGES = 12  # the first technologies are programming languages, the others are written in
_VERBS = ("Scaling", "Operating", "Debugging", "Migrating to", "Testing", "Replacing",
          "Monitoring", "Sharding", "Securing", "Benchmarking", "Rethinking", "Embedding")
_ENDINGS = ("in production", "at scale", "the hard way", "without downtime", "for fun and profit",
            "in ten minutes", "across regions", "on a budget", "ten years later", "by accident")
_TOPIC_WORDS = ("systems", "computing", "operations", "storage", "consistency", "networking",
                "observability", "scheduling", "caching", "streaming")
_ORGANIZATION_ENDINGS = ("Labs", "Systems", "Cloud", "Data", "Works", "Software")
_PLACE_ENDINGS = ("Hall", "Theatre", "Centre", "Forum")


@dataclass(frozen=True)
class Sizes:
    """How many things of each kind a programme of ``talks`` talks in ``conferences``
    editions draws from.

    >>> Sizes.of(conferences=10, talks_per_conference=30).technologies
    180
    """

    conferences: int
    talks_per_conference: int
    series: int
    places: int
    organizations: int
    people: int
    technologies: int
    topics: int

    @classmethod
    def of(cls, *, conferences: int, talks_per_conference: int) -> Sizes:
        if conferences < 1 or talks_per_conference < 1:
            raise DotscaleError("give at least one conference of at least one talk")
        talks = conferences * talks_per_conference
        people = max(5, talks * 2 // 3)
        return cls(
            conferences=conferences,
            talks_per_conference=talks_per_conference,
            series=-(-conferences // EDITIONS_PER_SERIES),
            places=max(2, conferences // 3),
            organizations=max(3, people // 15),
            technologies=max(_LANGUAGES + 8, int(talks ** 0.75) * 5 // 2),
            topics=max(5, int(talks ** 0.5)),
            people=people,
        )


def word(number: int, order: Sequence[str], *, syllables: int = 2) -> str:
    """A capitalised word spelled from ``number`` with at least ``syllables`` syllables taken
    from ``order``: different numbers give different words.

    >>> word(0, _SYLLABLES), word(1, _SYLLABLES), word(24, _SYLLABLES)
    ('Kaka', 'Kalo', 'Loka')
    """
    base = len(order)
    digits: list[str] = []
    value = number
    while value or len(digits) < syllables:
        digits.append(order[value % base])
        value //= base
    return "".join(reversed(digits)).capitalize()


class _Zipf:
    """Draws numbers 0..n-1, the k-th about 1/k^s as often as the first."""

    def __init__(self, n: int, rng: random.Random) -> None:
        self.rng = rng
        self.cumulative = list(itertools.accumulate(1 / (k + 1) ** ZIPF_EXPONENT
                                                    for k in range(n)))

    def draw(self) -> int:
        return bisect.bisect_left(self.cumulative, self.rng.random() * self.cumulative[-1])

    def distinct(self, count: int) -> list[int]:
        """``count`` different numbers (fewer if there are fewer), in the order drawn."""
        chosen: list[int] = []
        for _ in range(count * 4):
            if len(chosen) == min(count, len(self.cumulative)):
                break
            number = self.draw()
            if number not in chosen:
                chosen.append(number)
        return chosen


def _iri(term: str) -> str:
    return f"<{term}>"


def _text(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _typed(value: str, datatype: str) -> str:
    return f"{_text(value)}^^<{datatype}>"


class _Programme:
    """The names and IRIs of every synthetic thing, from its number and the seed."""

    def __init__(self, sizes: Sizes, seed: int) -> None:
        self.sizes = sizes
        rng = random.Random(seed)
        self.order = list(_SYLLABLES)
        rng.shuffle(self.order)
        self.first_names = list(_FIRST_NAMES)
        rng.shuffle(self.first_names)
        self.start_year = 2000 + rng.randrange(10)

    def name(self, number: int, syllables: int = 2) -> str:
        return word(number, self.order, syllables=syllables)

    def series(self, number: int) -> tuple[str, str]:
        name = f"{self.name(number)} Conf"
        return str(ID[f"series/{slugify(name)}"]), name

    def conference(self, number: int) -> tuple[str, str, int]:
        _, series_name = self.series(number % self.sizes.series)
        year = self.start_year + number // self.sizes.series
        name = f"{series_name} {year}"
        return str(ID[f"conference/{slugify(name)}"]), name, year

    def place(self, number: int) -> tuple[str, str]:
        name = f"{self.name(number)} {_PLACE_ENDINGS[number % len(_PLACE_ENDINGS)]}"
        return str(ID[f"place/{slugify(name)}"]), name

    def organization(self, number: int) -> tuple[str, str]:
        ending = _ORGANIZATION_ENDINGS[number % len(_ORGANIZATION_ENDINGS)]
        name = f"{self.name(number)} {ending}"
        return str(ID[f"organization/{slugify(name)}"]), name

    def person(self, number: int) -> tuple[str, str]:
        first = self.first_names[number % len(self.first_names)]
        name = f"{first} {self.name(number // len(self.first_names))}"
        return str(ID[f"person/{slugify(name)}"]), name

    def technology(self, number: int) -> tuple[str, str]:
        name = self.name(number, syllables=3)
        return str(ID[f"technology/{slugify(name)}"]), name

    def topic(self, number: int) -> tuple[str, str]:
        name = f"{self.name(number).lower()} {_TOPIC_WORDS[number % len(_TOPIC_WORDS)]}"
        return str(ID[f"topic/{slugify(name)}"]), name


def _lines(sizes: Sizes, seed: int, progress: Progress | None) -> Iterator[str]:
    """Every triple of the programme, one N-Triples statement (without the final `` .``)
    at a time; the talks come last, one conference after another."""
    names = _Programme(sizes, seed)
    rng = random.Random(seed)
    a, label = _iri(str(RDF.type)), _iri(str(RDFS.label))

    def thing(iri: str, cls: str, name: str) -> Iterator[str]:
        yield f"{_iri(iri)} {a} {_iri(cls)}"
        yield f"{_iri(iri)} {label} {_text(name)}"

    yield f"{_iri(str(SOURCE))} {a} {_iri(str(DS.Source))}"
    yield f"{_iri(str(SOURCE))} {label} {_text('Synthetic conferences (invented)')}"
    yield f"{_iri(str(SOURCE))} {_iri(str(SCHEMA.url))} " \
          f"{_typed('https://w3id.org/dotscale/', str(XSD.anyURI))}"
    for number in range(sizes.series):
        iri, name = names.series(number)
        yield from thing(iri, str(DS.ConferenceSeries), name)
    for number in range(sizes.places):
        iri, name = names.place(number)
        yield from thing(iri, str(SCHEMA.Place), name)
    for number in range(sizes.topics):
        iri, name = names.topic(number)
        yield from thing(iri, str(DS.Topic), name)
        yield f"{_iri(iri)} {a} {_iri(str(SKOS.Concept))}"
        yield f"{_iri(iri)} {_iri(str(SKOS.inScheme))} {_iri(str(TOPIC_SCHEME))}"
    organizations = _Zipf(sizes.organizations, rng)
    technologies = _Zipf(sizes.technologies, rng)
    for number in range(sizes.technologies):
        iri, name = names.technology(number)
        if number < _LANGUAGES:
            yield from thing(iri, str(DS.ProgrammingLanguage), name)
            continue
        kind = _TECHNOLOGY_KINDS[rng.randrange(len(_TECHNOLOGY_KINDS))]
        yield from thing(iri, str(kind), name)
        yield f"{_iri(iri)} {_iri(str(DS.creator))} " \
              f"{_iri(names.organization(organizations.draw())[0])}"
        yield f"{_iri(iri)} {_iri(str(DS.writtenIn))} " \
              f"{_iri(names.technology(rng.randrange(_LANGUAGES))[0])}"
        if rng.random() < 0.2:
            built_on = technologies.draw()
            if built_on != number:
                yield f"{_iri(iri)} {_iri(str(DS.builtOn))} " \
                      f"{_iri(names.technology(built_on)[0])}"
    for number in range(sizes.organizations):
        iri, name = names.organization(number)
        yield from thing(iri, str(DS.Organization), name)
        for used in technologies.distinct(rng.randrange(4)):
            yield f"{_iri(iri)} {_iri(str(DS.uses))} {_iri(names.technology(used)[0])}"
    for number in range(sizes.people):
        iri, name = names.person(number)
        yield from thing(iri, str(DS.Person), name)
        yield f"{_iri(iri)} {_iri(str(DS.worksFor))} " \
              f"{_iri(names.organization(organizations.draw())[0])}"
    yield from _talks(names, sizes, rng, technologies, progress)


def _talks(names: _Programme, sizes: Sizes, rng: random.Random, technologies: _Zipf,
           progress: Progress | None) -> Iterator[str]:
    a, label = _iri(str(RDF.type)), _iri(str(RDFS.label))
    speakers = _Zipf(sizes.people, rng)
    topics = _Zipf(sizes.topics, rng)
    for number in range(sizes.conferences):
        if progress is not None:
            progress.step("generating")
        conference, name, year = names.conference(number)
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        yield f"{_iri(conference)} {a} {_iri(str(DS.Conference))}"
        yield f"{_iri(conference)} {label} {_text(name)}"
        yield f"{_iri(conference)} {_iri(str(DS.series))} " \
              f"{_iri(names.series(number % sizes.series)[0])}"
        yield f"{_iri(conference)} {_iri(str(SCHEMA.startDate))} " \
              f"{_typed(day.isoformat(), str(XSD.date))}"
        yield f"{_iri(conference)} {_iri(str(DS.location))} " \
              f"{_iri(names.place(rng.randrange(sizes.places))[0])}"
        for order in range(1, sizes.talks_per_conference + 1):
            chosen = technologies.distinct(1 + rng.randrange(4))
            subject = names.technology(chosen[0])[1]
            title = f"{_VERBS[rng.randrange(len(_VERBS))]} {subject} " \
                    f"{_ENDINGS[rng.randrange(len(_ENDINGS))]}"
            people = speakers.distinct(1 + (rng.random() < 0.1))
            first_speaker = names.person(people[0])[1]
            talk = str(ID[f"talk/{year}/{slugify(f'{first_speaker} {title} {number}-{order}')}"])
            kind = DS.LightningTalk if rng.random() < 0.15 else DS.Talk
            yield f"{_iri(talk)} {a} {_iri(str(kind))}"
            yield f"{_iri(talk)} {label} {_text(title)}"
            yield f"{_iri(talk)} {_iri(str(DS.conference))} {_iri(conference)}"
            yield f"{_iri(talk)} {_iri(str(DS.order))} {_typed(str(order), str(XSD.integer))}"
            yield f"{_iri(talk)} {_iri(str(DS.filmed))} {_typed(day.isoformat(), str(XSD.date))}"
            yield f"{_iri(talk)} {_iri(str(DS.source))} {_iri(str(SOURCE))}"
            for person in people:
                yield f"{_iri(talk)} {_iri(str(DS.speaker))} {_iri(names.person(person)[0])}"
            yield f"{_iri(talk)} {_iri(str(DS.about))} {_iri(names.technology(chosen[0])[0])}"
            for technology in chosen:
                yield f"{_iri(talk)} {_iri(str(DS.mentions))} " \
                      f"{_iri(names.technology(technology)[0])}"
            for topic in topics.distinct(1 + rng.randrange(2)):
                yield f"{_iri(talk)} {_iri(str(DS.topic))} {_iri(names.topic(topic)[0])}"


def generate(out: IO[str], *, conferences: int, talks_per_conference: int, seed: int = 0,
             quads: bool = False, limit: int | None = None,
             progress: Progress | None = None) -> int:
    """Write the synthetic programme to ``out`` as N-Triples (N-Quads if ``quads``); stop at
    the end of the first conference that reaches ``limit`` triples. Returns the triples
    written."""
    sizes = Sizes.of(conferences=conferences, talks_per_conference=talks_per_conference)
    end = f" {_iri(str(SYNTHETIC_GRAPH))} .\n" if quads else " .\n"
    count = 0
    conference = _iri(str(DS.Conference))
    for line in _lines(sizes, seed, progress):
        if limit is not None and count >= limit and line.endswith(conference):
            break
        out.write(line + end)
        count += 1
    return count


def sizes_for(triples: int, talks_per_conference: int) -> int:
    """How many conferences of ``talks_per_conference`` talks make about ``triples`` triples
    (some more: :func:`generate` stops at ``triples``).

    >>> sizes_for(1_000_000, 30) > 1000
    True
    """
    per_talk = 12  # fewer than a talk makes with its share of people and things: enough talks
    return max(1, triples // (per_talk * talks_per_conference) + 2)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.generate``: write a synthetic programme to a file."""
    parser = argparse.ArgumentParser(
        prog="scripts/generate", description="Write synthetic conferences (invented talks, "
        "speakers and technologies) as N-Triples or N-Quads, to measure the stores.",
        epilog="examples:\n  scripts/generate --conferences 10 --talks-per-conference 30 "
        "--out small.nt\n  scripts/generate --triples 1000000 --seed 7 --out 1M.nq",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conferences", type=int, metavar="N", help="conference editions")
    parser.add_argument("--talks-per-conference", type=int, default=30, metavar="M",
                        help="talks in each edition (default: 30)")
    parser.add_argument("--triples", type=int, metavar="T",
                        help="about this many triples instead of --conferences")
    parser.add_argument("--seed", type=int, default=0, help="the same seed, the same bytes")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="FILE.nt (N-Triples) or FILE.nq (N-Quads), written atomically")
    args = parser.parse_args(argv)
    if (args.conferences is None) == (args.triples is None):
        parser.error("give either --conferences or --triples")
    if args.out.suffix not in (".nt", ".nq"):
        parser.error("--out must end in .nt or .nq")
    try:
        conferences = args.conferences or sizes_for(args.triples, args.talks_per_conference)
        with Progress(conferences) as progress, atomic_writer(args.out) as out:
            count = generate(out, conferences=conferences,
                             talks_per_conference=args.talks_per_conference, seed=args.seed,
                             quads=args.out.suffix == ".nq", limit=args.triples,
                             progress=progress)
    except DotscaleError as error:
        print(f"generate: error: {error}", file=sys.stderr)
        return 1
    print(f"generate: wrote {count:,} triples to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
