"""Linking: which node of the graph a name from a source refers to."""
