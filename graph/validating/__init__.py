"""Validating: the graph against the SHACL shapes."""
