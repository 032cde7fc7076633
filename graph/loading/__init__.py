"""Loading: the store that holds the graph, and RDF files read into it."""
