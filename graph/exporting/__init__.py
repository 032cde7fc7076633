"""Exporting: the graph in every RDF format, the schema.org view, the ontology's documentation."""
