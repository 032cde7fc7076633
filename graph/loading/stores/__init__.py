"""Stores that hold the graph outside this process's memory: Oxigraph on disk
(:mod:`graph.loading.stores.oxigraph`) and a SPARQL 1.1 server (:mod:`graph.loading.stores.sparql`).

Both are rdflib stores (:class:`graph.loading.stores.base.NativeStore`), so every command works
on them unchanged, and both answer SPARQL with their own engine (:mod:`graph.querying.execute`
sends the query text there).
"""
