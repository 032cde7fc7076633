"""Bad input: one clear line naming the file, the line and the problem; exit 1; no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

BAD_FILES = {  # what rdflib (--store memory) says, then Oxigraph (the default) if otherwise
    "broken.ttl": (b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n",
                   ":3: Turtle syntax error"),
    "broken.nt": (b"<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> .\n",
                  ":2: syntax error", ":2: N-Triples syntax error"),
    "broken.jsonld": (b'{"@id": "http://e/a",\n  "http://e/b": oops}\n',
                      ":2: JSON-LD is not valid"),
    # a statement some JSON-LD readers keep and others drop: refused on every store
    "iri.jsonld": (b'{"@id": "http://e/a",\n  "http://e/b": {"@id": "http://e/c#d#e"}}\n',
                   ":2: the IRI 'http://e/c#d#e' is not valid"),
    "tag.jsonld": (b'{"@id": "http://e/a",\n  "http://e/b": {"@value": "x", "@language": "en_"}}\n',
                   ":2: the language tag 'en_' is not valid"),
    "broken.rdf": (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf'
                   b'-syntax-ns#">\n<rdf:Description\n', ": RDF/XML error"),
    "binary.ttl": (b"@prefix ex: <http://e/> .\n\x89PNG\r\n\x1a\n\xff\xfe", ":2: not UTF-8",
                   ":2: Turtle syntax error: Invalid UTF-8"),
    "picture.png": (b"\x89PNG\r\n\x1a\n", ": not an RDF file"),
}


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_one_clear_line(cli, tmp_path: Path, name: str, store: str) -> None:
    content, *said = BAD_FILES[name]
    expected = said[-1] if store == "oxigraph" else said[0]
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("stats", "--no-bundled", "--data", str(path), "--store", store)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"dotscale: error: {path}"), lines[0]
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_file(cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ttl"
    result = cli("stats", "--data", str(missing))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"dotscale: error: {missing}: no such file"


def test_directory_given_as_file(cli, tmp_path: Path) -> None:
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    result = cli("stats", "--data", str(folder))
    assert result.exit_code == 1
    assert "is a directory" in result.stderr


def test_usage_error_exits_2(cli) -> None:
    assert cli("export", "--format", "docx").exit_code == 2
    assert cli("no-such-command").exit_code == 2


def test_extra_file_goes_into_its_own_named_graph(tmp_path: Path) -> None:
    from graph.loading.loader import load
    from graph.namespaces import GRAPHS

    extra = tmp_path / "my-talks.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/b> \"c\" .\n", encoding="utf-8")
    kg = load(data=[extra], bundled=False)
    assert len(kg.graph(GRAPHS["my-talks"])) == 1
    assert kg.sources[GRAPHS["my-talks"]] == [extra]


@pytest.mark.parametrize("context", ['"https://schema.org/"',
                                     '["https://example.org/ctx.jsonld", {"ex": "urn:x:"}]',
                                     '{"@import": "https://example.org/ctx.jsonld"}'])
def test_a_jsonld_remote_context_is_refused(cli, tmp_path: Path, context: str) -> None:
    path = tmp_path / "talks.jsonld"
    path.write_text('{"@context": ' + context + ', "@id": "urn:x:a", "name": "A"}',
                    encoding="utf-8")
    result = cli("stats", "--no-bundled", "--data", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"dotscale: error: {path}: its @context ")
    assert "refused" in result.stderr and result.stderr.count("\n") == 1
