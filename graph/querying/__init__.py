"""Querying: the query library, the safety rules, running SPARQL, writing its answers."""
