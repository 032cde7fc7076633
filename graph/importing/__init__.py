"""Importers: read a source in its own format and return the triples of its named graph.

- :mod:`.thedotpost`: the organizers' archive (Pelican-style Markdown records).
- :mod:`.pelican`: reading one record's metadata block; :mod:`.html_text`: HTML to plain text;
  :mod:`.oneliner`: the affiliations a speaker's one-liner states.
"""
