"""Plain text from the bits of HTML a source puts in its fields (links, line breaks, entities).

Uses the standard library's tolerant parser: unclosed tags, stray ``<`` and unknown entities are
fine. Line breaks (``<br>``, paragraphs) separate lines; other tags disappear, their text stays.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

_BREAKS = {"br", "p", "div", "li", "tr"}
_UNFINISHED_TAG = re.compile(r"<[A-Za-z/][^<>]*$")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.chunks.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def _clean(line: str) -> str:
    visible = "".join(c for c in line if unicodedata.category(c) != "Cf")  # zero-width spaces
    return " ".join(visible.split())


def html_lines(html: str) -> list[str]:
    """The non-empty lines of text in ``html``, whitespace collapsed.

    >>> html_lines("Programmer at <a href='http://cloudflare.com'>CloudFlare</a><br/>Author")
    ['Programmer at CloudFlare', 'Author']
    >>> html_lines("Founder of <a href='https://x.example/' target='_blank'>Server Density")
    ['Founder of Server Density']
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = _UNFINISHED_TAG.sub("", "".join(collector.chunks))
    return [cleaned for line in text.splitlines() if (cleaned := _clean(line))]


def plain_text(html: str) -> str:
    """``html`` as one line of plain text; a line break becomes ", " (or " " after punctuation).

    >>> plain_text("Riemann &amp; <em>Jepsen</em>")
    'Riemann & Jepsen'
    >>> plain_text("Former Chief Architect,<br/>First SRE at <a href='x'>Netflix</a>")
    'Former Chief Architect, First SRE at Netflix'
    """
    text = ""
    for line in html_lines(html):
        if text:
            text += " " if text[-1] in ",;:.!?" else ", "
        text += line
    return text
