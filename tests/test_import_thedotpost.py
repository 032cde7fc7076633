"""Importing the organizers' archive: the vendored dotScale files, odd records, every dot
conference, the ``dotscale import`` command and the union with the blog's graph.

The expected values come from the archive files themselves, read here with a plain line split
(not the importer's Markdown reader).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from graph.errors import DotscaleError
from graph.exporting.serialize import serialize_graph
from graph.importing.html_text import html_lines
from graph.importing.oneliner import roles
from graph.importing.thedotpost import COMMIT, SOURCE, ArchiveImport, Skipped, import_archive
from graph.loading.store import KnowledgeGraph
from graph.namespaces import ARCHIVE_GRAPH, BLOG_GRAPH, DS, ID, LINKS_GRAPH, SCHEMA, TOPIC_SCHEME
from graph.querying.answer import QueryResult
from graph.util.resources import ARCHIVE_DIR, QUERIES_DIR

VARIANTS = Path(__file__).parent / "data" / "thedotpost-variants"
TALK_FILES = sorted(ARCHIVE_DIR.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.md"))


def metadata(path: Path) -> dict[str, str]:
    """The ``Key: value`` lines of ``path`` up to the first blank line, keys lower-cased."""
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def talk_node(path: Path) -> URIRef:
    return ID[f"talk/{path.parent.parent.name}/{path.stem}"]


def labels(graph: Graph, node: Node | None) -> set[str]:
    return {str(label) for label in graph.objects(node, RDFS.label)}


@pytest.fixture(scope="module")
def archive() -> ArchiveImport:
    """The vendored copy imported on its own, with no graph to match against."""
    return import_archive(ARCHIVE_DIR)


# -- the vendored dotScale files ---------------------------------------------------------------


def test_the_vendored_copy_imports_completely(archive: ArchiveImport) -> None:
    assert len(TALK_FILES) == 32
    assert (archive.talks, archive.people, archive.conferences, archive.series) == (32, 31, 5, 1)
    assert archive.skipped == []
    assert archive.ignored == []
    assert set(archive.graph.subjects(RDF.type, DS.Talk)) == {talk_node(p) for p in TALK_FILES}


@pytest.mark.parametrize("path", TALK_FILES, ids=lambda p: p.stem)
def test_each_talk_file_is_one_talk(archive: ArchiveImport, path: Path) -> None:
    meta, g, node = metadata(path), archive.graph, talk_node(path)
    assert labels(g, node) == {meta["title"]}
    speakers = {metadata(ARCHIVE_DIR / "contributors" / f"{handle.strip()}.md")["name"]
                for handle in meta["author"].split(",")}
    assert {label for person in g.objects(node, DS.speaker) for label in labels(g, person)} \
        == speakers
    assert list(g.objects(node, DS.conference)) == [ID[f"conference/{meta['conference']}"]]
    assert list(g.objects(node, DS.filmed)) == [Literal(meta["filmed"], datatype=XSD.date)]
    tags = {tag.strip() for tag in meta.get("tags", "").split(",") if tag.strip()}
    assert {str(tag) for tag in g.objects(node, DS.tag)} == tags
    assert {str(link) for link in g.objects(node, DS.video)} == {meta["video"]}
    relative = path.relative_to(ARCHIVE_DIR).as_posix()
    assert g.value(node, DS.page) == URIRef(
        f"https://github.com/thedotpost/thedotpost-content/blob/{COMMIT}/{relative}")


def test_progress_is_reported_for_every_record_file() -> None:
    calls: list[tuple[int, int, Path]] = []
    import_archive(ARCHIVE_DIR, progress=lambda *call: calls.append(call))
    records = [*ARCHIVE_DIR.glob("conferences/*.md"), *ARCHIVE_DIR.glob("contributors/*.md"),
               *TALK_FILES]
    assert sorted(path for _, _, path in calls) == sorted(records)
    assert [(done, total) for done, total, _ in calls] == \
        [(n, len(records)) for n in range(1, len(records) + 1)]


def test_drafts_are_imported(archive: ArchiveImport) -> None:
    drafts = [path for path in TALK_FILES if metadata(path).get("status") == "draft"]
    assert len(drafts) == 2  # they took place; the archive had not published their pages
    assert all((talk_node(path), RDF.type, DS.Talk) in archive.graph for path in drafts)


def test_the_archive_does_not_mark_lightning_talks(archive: ArchiveImport) -> None:
    assert not list(archive.graph.subjects(RDF.type, DS.LightningTalk))


def test_the_source_is_described(archive: ArchiveImport) -> None:
    g = archive.graph
    assert (ARCHIVE_GRAPH, RDF.type, PROV.Entity) in g
    assert (ARCHIVE_GRAPH, PROV.wasDerivedFrom, SOURCE) in g
    assert {DS.Source, SCHEMA.CreativeWork, PROV.Entity} <= set(g.objects(SOURCE, RDF.type))
    assert g.value(SOURCE, DCTERMS.title) == Literal("The dot Post content archive")
    assert g.value(SOURCE, SCHEMA.url) == Literal(
        "https://github.com/thedotpost/thedotpost-content", datatype=XSD.anyURI)
    assert g.value(SOURCE, DCTERMS.license) == URIRef(
        "http://creativecommons.org/licenses/by-sa/4.0/")
    assert g.value(SOURCE, SCHEMA.version) == Literal(COMMIT)
    assert g.value(SOURCE, DCTERMS.creator) == Literal("The dot conferences")


@pytest.mark.parametrize("path", sorted(ARCHIVE_DIR.glob("conferences/dotscale-*.md")),
                         ids=lambda p: p.stem)
def test_each_edition_is_described(archive: ArchiveImport, path: Path) -> None:
    meta, g, node = metadata(path), archive.graph, ID[f"conference/{path.stem}"]
    assert labels(g, node) == {meta["name"]}
    assert g.value(node, SCHEMA.startDate) == Literal(meta["date"], datatype=XSD.date)
    assert g.value(node, SCHEMA.url) == Literal(meta["link"], datatype=XSD.anyURI)
    assert g.value(node, DS.photos) == (URIRef(meta["photos"]) if "photos" in meta else None)
    assert g.value(node, DS.series) == ID["series/dotscale"]
    paris = g.value(node, SCHEMA.location)
    assert paris == ID["place/paris"]
    assert (paris, RDF.type, SCHEMA.City) in g
    assert labels(g, paris) == {"Paris"}
    assert g.value(paris, SCHEMA.addressCountry) == Literal("France")


def test_the_series_is_described(archive: ArchiveImport) -> None:
    meta, series = metadata(ARCHIVE_DIR / "conferences" / "dotscale.md"), ID["series/dotscale"]
    assert labels(archive.graph, series) == {meta["name"]}
    assert archive.graph.value(series, DS.oneliner) == Literal(meta["oneliner"])


@pytest.mark.parametrize("path", sorted(ARCHIVE_DIR.glob("contributors/*.md")),
                         ids=lambda p: p.stem)
def test_each_speaker_is_described(archive: ArchiveImport, path: Path) -> None:
    meta, g = metadata(path), archive.graph
    person = ID[f"person/{meta['name'].lower().replace(' ', '-')}"] \
        if meta["name"].isascii() else next(g.subjects(RDFS.label, Literal(meta["name"])))
    assert labels(g, person) == {meta["name"]}
    for key in ("twitter", "github"):
        assert g.value(person, DS[key]) == (Literal(meta[key]) if key in meta else None)
    oneliner = str(g.value(person, DS.oneliner))
    assert "<" not in oneliner and "&amp;" not in oneliner and "\u200b" not in oneliner


@pytest.mark.parametrize(("oneliner", "expected"), [
    ("Creator of <a target='_blank' href='http://redis.io/'>Redis</a>", {("creator", "Redis")}),
    ("Engineer at GoCardless", {("worksFor", "GoCardless")}),
    ('Programmer at <a href="http://cloudflare.com">CloudFlare</a><br/>Author of <a href="x">'
     "The Geek Atlas</a>", {("worksFor", "CloudFlare"), ("creator", "Geek Atlas")}),
    ("Web Operations Engineer at GOV.UK", {("worksFor", "GOV.UK")}),
    ("Project Manager at Zenika", {("worksFor", "Zenika")}),
    ("Principal Software Engineer at <a href='x' target='_blank'>Google",
     {("worksFor", "Google")}),
    ("Founder of <a href='x' target='_blank'>Server Density", {("affiliation", "Server Density")}),
    ('CTO & co-founder of <a href="x">MongoDB</a>', {("worksFor", "MongoDB")}),
    ('Co-founder and CEO of <a href="x">Backblaze</a>', {("worksFor", "Backblaze")}),
    ("PhD student at <a href='x'>PDOS</a>, ex-Googler", {("affiliation", "PDOS")}),
    ("Former <a href='x'>Reddit</a> Chief Architect,<br/>First SRE at <a href='y'>Netflix</a>",
     set()),
    ("Former SRE for Healthcare.gov", set()),
    ("Software Engineer", set()),
    ("Security and Privacy Advocate", set()),
    ("\u200b\u200bCo-founder of Orchard, Product Manager at Docker",
     {("affiliation", "Orchard"), ("worksFor", "Docker")}),
    ('Founder of <a href="x">Blackfire.io</a>, Co-founder <a href="y">SensioLabs</a><br/> '
     'Creator of <a href="z">Symfony</a>',
     {("affiliation", "Blackfire.io"), ("affiliation", "SensioLabs"), ("creator", "Symfony")}),
    ("Major Contributor to <a href='x'>PostgreSQL,</a><br/> Founder of <a href='y'>2ndQuadrant",
     {("contributor", "PostgreSQL"), ("affiliation", "2ndQuadrant")}),
    ('Director of Data Science at <a href="x">Cloudera</a> & <a href="y">Apache Spark</a> '
     "committer", {("worksFor", "Cloudera"), ("contributor", "Apache Spark")}),
    ('Committer on <a href="x">Apache Mahout</a>, <a href="y">Drill</a> & <a href="z">Zookeeper'
     '</a><br/>Chief Application Architect at <a href="w">MapR</a>',
     {("contributor", "Apache Mahout"), ("contributor", "Drill"), ("contributor", "Zookeeper"),
      ("worksFor", "MapR")}),
    ("Creator of memcached, OpenID & LiveJournal",
     {("creator", "memcached"), ("creator", "OpenID"), ("creator", "LiveJournal")}),
    ('Founder & CEO of <a href="x">ProcessOne</a>, Lead Developer of <a href="y">ejabberd</a>',
     {("worksFor", "ProcessOne"), ("contributor", "ejabberd")}),
    ('Data solutions for <a href="x">Worldwide LHC Computing Grid</a> at <a href="y">CERN</a>',
     {("worksFor", "CERN")}),
    ('<a href="https://flink.apache.org/">Apache Flink</a> committer',
     {("contributor", "Apache Flink")}),
])
def test_one_liners_state_plain_affiliations_only(oneliner: str, expected: set[Any]) -> None:
    assert {(role.relation, role.name) for role in roles(html_lines(oneliner))} == expected


def test_affiliations_in_the_graph(archive: ArchiveImport) -> None:
    g = archive.graph

    def orgs(person: str, relation: str) -> set[str]:
        return {label for org in g.objects(ID[f"person/{person}"], DS[relation])
                for label in labels(g, org)}

    assert orgs("chris-sinjakli", "worksFor") == {"GoCardless"}
    assert orgs("neha-narula", "affiliation") == {"PDOS"}
    assert orgs("neha-narula", "worksFor") == set()
    assert orgs("eliot-horowitz", "worksFor") == {"MongoDB"}
    assert orgs("eliot-horowitz", "affiliation") == set()  # worksFor implies it
    assert orgs("fabien-potencier", "affiliation") == {"Blackfire.io", "SensioLabs"}
    assert orgs("jeremy-edberg", "worksFor") | orgs("jeremy-edberg", "affiliation") == set()
    assert all((org, RDF.type, DS.Organization) in g for org in g.objects(None, DS.worksFor))


def test_tags_differing_in_case_are_one_topic(archive: ArchiveImport) -> None:
    g = archive.graph
    simon = talk_node(ARCHIVE_DIR / "2015/06/simon-riggs-databases-the-long-view.md")
    kyle = talk_node(ARCHIVE_DIR / "2015/06/kyle-kingsbury-jepsen-iv-hope-springs-eternal.md")
    assert Literal("Databases") in set(g.objects(simon, DS.tag))
    assert Literal("databases") in set(g.objects(kyle, DS.tag))
    databases = ID["topic/databases"]
    assert {simon, kyle} <= set(g.subjects(DS.topic, databases))
    assert labels(g, databases) == {"databases"}
    assert g.value(databases, SKOS.inScheme) == TOPIC_SCHEME


# -- against the blog's graph ------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive_graph(kg: KnowledgeGraph) -> Graph:
    """The archive's graph as the bundled graph holds it: imported with the blog's graph known."""
    return kg.graph(ARCHIVE_GRAPH)


def test_the_dotscale_2015_talks_are_the_blogs(kg: KnowledgeGraph) -> None:
    edition = ID["conference/dotscale-2015"]
    blog = set(kg.graph(BLOG_GRAPH).subjects(DS.conference, edition))
    archived = set(kg.graph(ARCHIVE_GRAPH).subjects(DS.conference, edition))
    assert len(archived) == 16
    assert blog == archived


def test_one_label_per_node_in_the_union(kg: KnowledgeGraph) -> None:
    rows = kg.query("""
        SELECT ?node (COUNT(DISTINCT ?label) AS ?n) WHERE { ?node rdfs:label ?label }
        GROUP BY ?node HAVING (COUNT(DISTINCT ?label) > 1)""")
    assert list(rows) == []


@pytest.mark.parametrize(("node", "official", "blog"), [
    (ID["person/mario-loriedo"], "Mario Loriedo", "Mario Loreido"),
    (ID["talk/2015/kyle-kingsbury-jepsen-iv-hope-springs-eternal"],
     "Jepsen IV: Hope Springs Eternal", "Jepsen IV - Hope Spring Eternal"),
    (ID["talk/2015/neha-narula-consistency-and-candy-crush"],
     "Consistency and Candy Crush: Don't give up on serializability just yet",
     "Serializability"),
])
def test_the_archive_spelling_is_preferred_and_the_blogs_kept(
        kg: KnowledgeGraph, node: URIRef, official: str, blog: str) -> None:
    assert labels(kg, node) == {official}
    assert labels(kg.graph(ARCHIVE_GRAPH), node) == {official}
    assert Literal(blog) in set(kg.graph(BLOG_GRAPH).objects(node, SKOS.altLabel))


def test_tags_resolve_to_the_blogs_nodes(kg: KnowledgeGraph, archive_graph: Graph) -> None:
    postgresql = next(s for s in kg.subjects(RDFS.label, Literal("PostgreSQL"))
                      if (s, RDF.type, DS.RelationalDatabase) in kg)
    chris = talk_node(ARCHIVE_DIR / "2015/06/chris-sinjakli-zero-downtime-postgresql-migrations.md")
    assert Literal("postgresql") in set(archive_graph.objects(chris, DS.tag))
    assert postgresql not in set(archive_graph.objects(chris, DS.topic))  # a technology
    assert (chris, DS.about, postgresql) in kg.graph(LINKS_GRAPH)  # linked, in the derived graph
    assert not list(archive_graph.triples((None, DS.mentions, None)))
    databases = set(kg.graph(BLOG_GRAPH).subjects(RDFS.label, Literal("databases")))
    simon = talk_node(ARCHIVE_DIR / "2015/06/simon-riggs-databases-the-long-view.md")
    kyle = talk_node(ARCHIVE_DIR / "2015/06/kyle-kingsbury-jepsen-iv-hope-springs-eternal.md")
    assert set(archive_graph.objects(simon, DS.topic)) & set(archive_graph.objects(kyle, DS.topic))\
        == databases
    assert not set(archive_graph.objects(postgresql, RDFS.label))  # the blog already names it
    assert not list(archive_graph.objects(next(iter(databases)), RDFS.label))


def test_organizations_reuse_the_blogs_nodes(kg: KnowledgeGraph, archive_graph: Graph) -> None:
    for person, label in [("john-graham-cumming", "CloudFlare"), ("matt-bostock", "GOV.UK"),
                          ("john-wilkes", "Google")]:
        known = {s for s in kg.graph(BLOG_GRAPH).subjects(RDFS.label, Literal(label))}
        assert set(archive_graph.objects(ID[f"person/{person}"], DS.worksFor)) == known
        assert not list(archive_graph.objects(next(iter(known)), RDFS.label))


def test_technologies_get_their_creators(kg: KnowledgeGraph, archive_graph: Graph) -> None:
    redis = next(kg.subjects(RDFS.label, Literal("Redis")))
    assert (redis, DS.creator, ID["person/salvatore-sanfilippo"]) in archive_graph


def test_an_other_spelling_of_a_known_name_becomes_an_alternative(tmp_path: Path) -> None:
    known = Graph()
    cloudflare = ID["organization/cloudflare"]
    known.add((cloudflare, RDF.type, DS.Organization))
    known.add((cloudflare, RDFS.label, Literal("Cloudflare")))
    root = _archive(tmp_path, {
        "contributors/jgc.md": "Name: John Graham-Cumming\nOneliner: Programmer at CloudFlare\n",
        "2015/06/jgc-logs.md": _talk("Logs", "jgc"),
    })
    g = import_archive(root, known=known).graph
    assert (ID["person/john-graham-cumming"], DS.worksFor, cloudflare) in g
    assert list(g.objects(cloudflare, RDFS.label)) == []
    assert list(g.objects(cloudflare, SKOS.altLabel)) == [Literal("CloudFlare")]
    assert labels(g, ID["place/paris"]) == {"Paris"}


def test_the_union_with_the_blog_conforms_to_the_shapes(kg: KnowledgeGraph) -> None:
    from graph.validating.shacl import validate

    assert [str(violation) for violation in validate(kg)] == []


def test_the_talk_names_query_shows_each_sources_name(
        library_answers: dict[str, QueryResult]) -> None:
    query = (QUERIES_DIR / "talk-names-by-source.rq").read_text(encoding="utf-8")
    assert query.startswith("# title: ")
    neha = ID["talk/2015/neha-narula-consistency-and-candy-crush"]
    rows = {(row["source"], str(row["name"]), str(row["kind"]))
            for row in library_answers["talk-names-by-source"].bindings if row["talk"] == neha}
    assert rows == {
        (ARCHIVE_GRAPH, "Consistency and Candy Crush: Don't give up on serializability just yet",
         "preferred"),
        (BLOG_GRAPH, "Serializability", "alternative"),
    }


# -- odd records -------------------------------------------------------------------------------

CONFERENCE = "Name: dotScale 2015\nLink: http://2015.dotscale.io\nLocation: Paris, France\n" \
             "Date: 2015-06-08\n"


def _talk(title: str, author: str = "ada", conference: str = "dotscale-2015",
          extra: str = "") -> str:
    return (f"Conference: {conference}\nFilmed: 2015-06-08\nAuthor: {author}\nTitle: {title}\n"
            f"{extra}\nThe body: it may have colons, and Key: value lines.\n")


def _archive(root: Path, files: dict[str, str | bytes]) -> Path:
    base = {"conferences/dotscale.md": "Name: dotScale\nOneliner: Scalability\n",
            "conferences/dotscale-2015.md": CONFERENCE}
    for relative, content in {**base, **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


ODD_FILES: dict[str, str | bytes] = {
    "README.md": "# Not a record\n",
    ".git/HEAD.md": "Title: hidden\n",
    "contributors/ada.md": "Name: Ada Lovelace\nTwitter: @ada\nOneliner: Engineer at "
                           "<a href='x' target='_blank'>Analytical Engines<br/>Poet &amp; "
                           "mathematician\n",
    "contributors/Grace.md": "Name: Grace Hopper\nGithub: https://github.com/grace/\n",
    "contributors/broken.md": b"Name: Mika\xebl R\xe9mond\n",
    "contributors/nameless.md": "Twitter: nobody\n",
    "2015/06/good.md": _talk("A good talk"),
    "2015/06/missing-title.md": _talk("").replace("Title: \n", "Title:\n"),
    "2015/06/no-metadata.md": "# Just a heading\n\nText: not metadata.\n",
    "2015/06/unknown-author.md": _talk("Nobody's talk", author="nobody"),
    "2015/06/broken-author.md": _talk("Broken", author="broken"),
    "2015/06/latin1.md": _talk("Caf\xe9").encode("latin-1"),
    "2015/06/several-authors.md": _talk("Two speakers", author="ada, grace"),
    "2015/06/authors-key.md": _talk("Two speakers again", author="x").replace(
        "Author: x", "Authors: ada & Grace"),
    "2015/06/crlf.md": _talk("CRLF talk", extra="Tags: a, b").replace("\n", "\r\n"),
    "2015/06/bom.md": "\ufeff" + _talk("BOM talk"),
    "2015/06/odd-keys.md": "TITLE: Shouting\nconference: dotscale-2015\nAUTHOR: ada\n"
                           "Extra-Key: whatever\nTags:\nSlides: https://example.org/a:b?c=d\n"
                           "Video: //www.youtube.com/watch?v=x\nFilmed: June 2015\n\nBody\n",
    "2015/06/unknown-conference.md": _talk("Future", conference="dotscale-2099"),
    "2015/06/missing-conference.md": _talk("Nowhere").replace("Conference: dotscale-2015\n", ""),
    "2015/06/missing-author.md": _talk("Nobody").replace("Author: ada\n", ""),
    "2015/06/article.md": "Title: News\nAuthor: ada\nTemplate: article\n\nNews.\n",
    "2015/06/Good Talk.md": _talk("Same IRI, odd file name"),
    "2015/06/good-talk.md": _talk("Same IRI, slug file name"),
    "2015/06/draft.md": _talk("A draft", extra="Status: draft"),
    "2015/06/\u65e5\u672c.md": _talk("No slug"),
    "contributors/kanji.md": "Name: \u65e5\u672c\n",
    "2015/06/notes.txt": "not a record",
    "2015/06/image.jpg": b"\xff\xd8\xff",
    "2015/stray.md": _talk("Stray"),
    "drafts/stray.md": _talk("Stray"),
}

ODD_SKIPPED = {
    "2015/06/Good Talk.md": "duplicate talk",
    "2015/06/article.md": "not a talk",
    "2015/06/broken-author.md": "unknown author",
    "2015/06/latin1.md": "not UTF-8",
    "2015/06/missing-author.md": "missing author",
    "2015/06/missing-conference.md": "missing conference",
    "2015/06/missing-title.md": "missing title",
    "2015/06/no-metadata.md": "no metadata block",
    "2015/06/unknown-author.md": "unknown author",
    "2015/06/unknown-conference.md": "unknown conference",
    "2015/06/\u65e5\u672c.md": "unusable file name",
    "contributors/kanji.md": "unusable name",
    "2015/stray.md": "unexpected folder",
    "contributors/broken.md": "not UTF-8",
    "contributors/nameless.md": "missing name",
    "drafts/stray.md": "unexpected folder",
}
ODD_IMPORTED = ["good", "several-authors", "authors-key", "crlf", "bom", "odd-keys", "good-talk",
                "draft"]


@pytest.fixture(scope="module")
def odd_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _archive(tmp_path_factory.mktemp("odd"), ODD_FILES)


@pytest.fixture(scope="module")
def odd(odd_root: Path) -> ArchiveImport:
    return import_archive(odd_root)


def test_odd_records_are_reported_and_skipped(odd: ArchiveImport, odd_root: Path) -> None:
    assert {s.path.relative_to(odd_root).as_posix(): s.reason for s in odd.skipped} == ODD_SKIPPED
    assert len(odd.skipped) == len(ODD_SKIPPED)


def test_the_other_records_are_imported(odd: ArchiveImport) -> None:
    assert (odd.talks, odd.people, odd.conferences, odd.series) == (len(ODD_IMPORTED), 2, 1, 1)
    assert set(odd.graph.subjects(RDF.type, DS.Talk)) == {ID[f"talk/2015/{slug}"]
                                                          for slug in ODD_IMPORTED}


def test_skip_reasons_say_what_is_wrong(odd: ArchiveImport, odd_root: Path) -> None:
    by_file = {s.path.relative_to(odd_root).as_posix(): str(s) for s in odd.skipped}
    assert by_file["2015/06/unknown-author.md"] == \
        "unknown author: 'nobody' has no contributors/nobody.md"
    assert by_file["2015/06/latin1.md"] == "not UTF-8: byte 0xe9 at line 4"
    assert by_file["2015/06/Good Talk.md"] == "duplicate talk: same IRI as 2015/06/good-talk.md"
    assert by_file["2015/06/article.md"] == "not a talk: Template: article"
    assert odd.summary().startswith(
        "imported 8 talks, 2 people, 1 conference (1 series); skipped 16: 2 not UTF-8, "
        "2 unexpected folder, 2 unknown author, 1 duplicate talk")


def test_several_authors(odd: ArchiveImport) -> None:
    speakers = {ID["person/ada-lovelace"], ID["person/grace-hopper"]}
    for slug in ("several-authors", "authors-key"):
        assert set(odd.graph.objects(ID[f"talk/2015/{slug}"], DS.speaker)) == speakers


def test_line_endings_and_byte_order_marks(odd: ArchiveImport) -> None:
    g = odd.graph
    assert labels(g, ID["talk/2015/crlf"]) == {"CRLF talk"}
    assert {str(t) for t in g.objects(ID["talk/2015/crlf"], DS.tag)} == {"a", "b"}
    assert g.value(ID["talk/2015/crlf"], DS.filmed) == Literal("2015-06-08", datatype=XSD.date)
    assert labels(g, ID["talk/2015/bom"]) == {"BOM talk"}


def test_keys_in_any_case_extra_keys_empty_values_and_colons(odd: ArchiveImport,
                                                             odd_root: Path) -> None:
    g, node = odd.graph, ID["talk/2015/odd-keys"]
    assert labels(g, node) == {"Shouting"}
    assert g.value(node, DS.slides) == URIRef("https://example.org/a:b?c=d")
    assert g.value(node, DS.video) == URIRef("https://www.youtube.com/watch?v=x")
    assert g.value(node, DS.filmed) is None
    assert list(g.objects(node, DS.tag)) == []
    assert odd.ignored == [Skipped(odd_root / "2015/06/odd-keys.md",
                                   "Filmed 'June 2015' is not a date (YYYY-MM-DD)")]


def test_the_slug_named_file_wins_a_duplicate(odd: ArchiveImport) -> None:
    assert labels(odd.graph, ID["talk/2015/good-talk"]) == {"Same IRI, slug file name"}


def test_html_and_handles_in_contributor_files(odd: ArchiveImport) -> None:
    g, ada = odd.graph, ID["person/ada-lovelace"]
    assert g.value(ada, DS.oneliner) == Literal(
        "Engineer at Analytical Engines, Poet & mathematician")
    assert g.value(ada, DS.twitter) == Literal("ada")
    assert g.value(ID["person/grace-hopper"], DS.github) == Literal("grace")
    assert labels(g, g.value(ada, DS.worksFor)) == {"Analytical Engines"}


def test_the_import_is_deterministic(odd_root: Path, odd: ArchiveImport) -> None:
    assert serialize_graph(import_archive(odd_root).graph, "ttl") == \
        serialize_graph(odd.graph, "ttl")


def test_a_folder_that_is_not_an_archive(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.md").write_text("Title: x\n", encoding="utf-8")
    with pytest.raises(DotscaleError, match="not a thedotpost archive"):
        import_archive(tmp_path)
    with pytest.raises(DotscaleError, match="no such directory"):
        import_archive(tmp_path / "missing")


# -- every dot conference ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def every_conference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ArchiveImport]:
    """One talk at each edition of every dot conference (dotJS 2012 to dotSwift 2018)."""
    root = tmp_path_factory.mktemp("every")
    shutil.copytree(VARIANTS / "conferences", root / "conferences")
    _archive(root, {"contributors/speaker.md": "Name: Some Speaker\nTwitter: speaker\n"})
    for path in sorted((root / "conferences").glob("*-[0-9][0-9][0-9][0-9].md")):
        series, year = path.stem.rsplit("-", 1)
        day = metadata(path).get("date", "")  # dotSwift 2018 has no date yet
        talk = root / year / (day[5:7] or "01") / f"some-speaker-{path.stem}.md"
        talk.parent.mkdir(parents=True, exist_ok=True)
        talk.write_text(f"Conference: {path.stem}\nAuthor: speaker\nTitle: At {path.stem}\n"
                        f"Filmed: {day}\nTags: {series}, Scalability\n", encoding="utf-8")
    return root, import_archive(root)


def test_every_dot_conference_imports_cleanly(every_conference: tuple[Path, ArchiveImport]
                                              ) -> None:
    root, result = every_conference
    editions = sorted((root / "conferences").glob("*-[0-9][0-9][0-9][0-9].md"))
    names = {path.stem.rsplit("-", 1)[0] for path in editions}
    assert names == {"dotjs", "dotgo", "dotcss", "dotsecurity", "dotswift", "dotrb", "dotscale"}
    assert result.skipped == [] and result.ignored == []
    assert (result.talks, result.people, result.conferences, result.series) == \
        (len(editions), 1, len(editions), 7)
    g = result.graph
    for path in editions:
        meta, node = metadata(path), ID[f"conference/{path.stem}"]
        assert labels(g, node) == {meta["name"]}
        assert g.value(node, SCHEMA.startDate) == \
            (Literal(meta["date"], datatype=XSD.date) if "date" in meta else None)
        assert g.value(node, DS.series) == ID[f"series/{path.stem.rsplit('-', 1)[0]}"]
        talks = set(g.subjects(DS.conference, node))
        assert len(talks) == 1
    assert len(set(g.subjects(DS.topic, ID["topic/scalability"]))) == len(editions)


# -- the command -------------------------------------------------------------------------------


def test_the_command_writes_the_same_graph(cli: Callable[..., Any], tmp_path: Path,
                                           archive: ArchiveImport) -> None:
    out = tmp_path / "thedotpost.ttl"
    result = cli("import", "thedotpost", str(ARCHIVE_DIR), "--out", str(out), "--no-bundled")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert isomorphic(Graph().parse(out, format="turtle"), archive.graph)
    assert result.stderr.endswith(
        "dotscale: imported 32 talks, 31 people, 5 conferences (1 series)\n")
    assert out.read_bytes() == serialize_graph(archive.graph, "ttl")


def test_the_command_writes_the_links_and_lists_new_names(cli: Callable[..., Any],
                                                          tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive", {
        "contributors/ada.md": "Name: Ada Lovelace\n",
        "2015/06/ada-webvim.md": _talk("Editing with WebVim and Go", extra=(
            "Summary: Ada shows WebVim, a Vim in the browser written in Go, and Pug.\n")),
    })
    out, links = tmp_path / "archive.ttl", tmp_path / "links.ttl"
    result = cli("import", "thedotpost", str(root), "--out", str(out), "--links", str(links))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "dotscale: not in the technology vocabulary: 'WebVim' (1 talk)" in lines
    assert "dotscale: not in the technology vocabulary: 'Pug' (1 talk)" in lines
    assert not [line for line in lines if "'Go'" in line or "'Vim'" in line]
    talk = ID["talk/2015/ada-webvim"]
    g = Graph().parse(links, format="turtle")
    assert {(p, o) for _, p, o in g.triples((talk, None, None))} == {
        (DS.about, ID["technology/go"]), (DS.mentions, ID["technology/vim"])}
    assert not list(Graph().parse(out, format="turtle").triples((talk, DS.about, None)))
    assert cli("validate", "--data", str(out), "--data", str(links)).exit_code == 0


def test_topic_labels_do_not_depend_on_the_order_of_the_files(tmp_path: Path) -> None:
    def label_of(first: str, second: str) -> set[str]:
        root = _archive(tmp_path / f"{first}-{second}", {
            "contributors/ada.md": "Name: Ada Lovelace\n",
            "2015/06/a.md": _talk("A", extra=f"Tags: {first}\n"),
            "2015/06/b.md": _talk("B", extra=f"Tags: {second}\n"),
        })
        return labels(import_archive(root).graph, ID["topic/elasticity"])
    assert label_of("Elasticity", "elasticity") == label_of("elasticity", "Elasticity") \
        == {"elasticity"}


def test_the_command_matches_the_bundled_graph(cli: Callable[..., Any],
                                               archive_graph: Graph) -> None:
    result = cli("import", "thedotpost", str(ARCHIVE_DIR))
    assert result.exit_code == 0, result.stderr
    assert isomorphic(Graph().parse(data=result.stdout, format="turtle"), archive_graph)


def test_the_command_reports_what_it_skips(cli: Callable[..., Any], odd_root: Path,
                                           tmp_path: Path, odd: ArchiveImport) -> None:
    out = tmp_path / "odd.ttl"
    result = cli("import", "thedotpost", str(odd_root), "--out", str(out), "--no-bundled")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert f"dotscale: skipped {odd_root / '2015/06/missing-title.md'}: missing title" in lines
    assert f"dotscale: ignored in {odd_root / '2015/06/odd-keys.md'}: Filmed 'June 2015' is not " \
           "a date (YYYY-MM-DD)" in lines
    assert len([line for line in lines if line.startswith("dotscale: skipped ")]) == 16
    assert lines[-1] == f"dotscale: {odd.summary()}"
    assert isomorphic(Graph().parse(out, format="turtle"), odd.graph)


def test_the_command_refuses_a_folder_that_is_not_an_archive(cli: Callable[..., Any],
                                                             tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    result = cli("import", "thedotpost", str(tmp_path), "--out", str(out), "--no-bundled")
    assert result.exit_code == 1
    assert result.stderr == f"dotscale: error: {tmp_path}: not a thedotpost archive: no " \
                            "conferences/*.md and no YYYY/MM/<slug>.md talk files\n"
    assert not out.exists() and result.stdout == ""


def test_unreadable_and_outside_files_are_left_out(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE_DIR, archive)
    outside = tmp_path / "secret.md"
    outside.write_text("Name: Not In The Archive\n", encoding="utf-8")
    (archive / "contributors" / "intruder.md").symlink_to(outside)
    (archive / "contributors" / "dangling.md").symlink_to(archive / "contributors" / "gone.md")
    result = import_archive(archive)
    labels = {str(o) for o in result.graph.objects(None, RDFS.label)}
    assert "Not In The Archive" not in labels
    reasons = {s.path.name: s.reason for s in result.skipped}
    assert reasons == {"dangling.md": "unreadable"}
    assert len(set(result.graph.subjects(RDF.type, DS.Talk))) == 32


def test_every_topic_of_the_archive_is_a_concept(archive: ArchiveImport) -> None:
    g = archive.graph
    topics = set(g.subjects(RDF.type, DS.Topic))
    assert topics and all((topic, RDF.type, SKOS.Concept) in g for topic in topics)
