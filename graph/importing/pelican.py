"""One Pelican-style Markdown record: ``Key: value`` lines up to the first blank line, then a body.

The metadata block is read by Python-Markdown's ``meta`` extension: keys come back lower-cased,
indented lines continue the previous value, and a key given twice keeps both values. Files are
UTF-8 (a byte-order mark and CRLF line endings are fine); anything else is refused rather than
guessed at, so a name is never silently mangled.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DotscaleError
from ..loading.checking import open_regular
from .html_text import plain_text

MAX_RECORD_BYTES = 1 << 20
"""The largest record read (the archive's are a few kilobytes)."""

_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+")
# a comma, semicolon or ampersand, or "and" between spaces, with the spaces around: as
# r"\s*(?:[,;&]|\s+and\s+)\s*", but possessive and never starting inside a run of spaces,
# so that a long run takes linear time, not its square
_LIST_SEPARATOR = re.compile(r"(?:(?<!\s)|(?!\s))(?:\s*+[,;&]\s*+|\s++and\s++)")


class RecordError(Exception):
    """A record that cannot be used: ``reason`` is a short category, ``detail`` says more."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Record:
    """The metadata of one record: lower-cased keys, each with its non-empty values.

    >>> record = Record({"title": ["Rock &amp; roll"], "tags": ["docker, Go", "k8s"]})
    >>> record.text("title"), record.items("tags"), record.text("summary")
    ('Rock & roll', ['docker', 'Go', 'k8s'], '')
    """

    meta: dict[str, list[str]]

    def values(self, *keys: str) -> list[str]:
        """Every non-empty value of the first of ``keys`` (synonyms, in order) the record has."""
        for key in keys:
            if self.meta.get(key):
                return self.meta[key]
        return []

    def text(self, *keys: str) -> str:
        """The value of the first of ``keys`` present, as plain text (HTML, entities resolved)."""
        return plain_text(" ".join(self.values(*keys)))

    def items(self, *keys: str) -> list[str]:
        """The comma-separated items of the first of ``keys`` present, as plain text."""
        found = (plain_text(item) for value in self.values(*keys)
                 for item in _LIST_SEPARATOR.split(value))
        return [item for item in found if item]


@functools.cache
def _markdown() -> Any:
    import markdown

    return markdown.Markdown(extensions=["meta"])


def parse_metadata(text: str) -> dict[str, list[str]]:
    """The metadata block of ``text``: lower-cased keys, stripped non-empty values.

    >>> parse_metadata("Title: Why\\r\\nSlides: http://x.example/a:b\\r\\n\\r\\nBody: not metadata")
    {'title': ['Why'], 'slides': ['http://x.example/a:b']}
    >>> parse_metadata("# A heading, no metadata")
    {}
    """
    md = _markdown()
    md.reset()
    source = _LEADING_BLANK_LINES.sub("", text)
    if source.strip():  # Markdown's own first steps, up to the metadata: the body is never
        lines = source.split("\n")  # converted (a hostile body can take Markdown minutes)
        for step in ("normalize_whitespace", "meta"):
            lines = md.preprocessors[step].run(lines)
    meta: dict[str, list[str]] = md.Meta
    return {key: [value for value in values if value] for key, values in meta.items()}


def decode(data: bytes) -> str:
    """UTF-8 text in composed form (NFC, a leading byte-order mark dropped), or
    :class:`RecordError` "not UTF-8".

    >>> decode(b"\\xef\\xbb\\xbfName: Mickae\\xcc\\x88l") == "Name: Micka\\xebl"
    True
    >>> decode(b"Name: Mika\\xebl\\n")
    Traceback (most recent call last):
    ...
    graph.importing.pelican.RecordError: not UTF-8: byte 0xeb at line 1
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RecordError("not UTF-8", f"byte 0x{data[error.start]:02x} at line {line}") from None
    return unicodedata.normalize("NFC", text)


def read_record(path: Path) -> Record:
    """Read the record in ``path``; :class:`RecordError` if it has no metadata block."""
    try:
        with open_regular(path) as file:
            data = file.read(MAX_RECORD_BYTES + 1)
    except DotscaleError as error:
        raise RecordError("unreadable", error.message) from None
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError("too large", f"over {MAX_RECORD_BYTES:,} bytes")
    meta = parse_metadata(decode(data))
    if not meta:
        raise RecordError("no metadata block")
    return Record(meta)
