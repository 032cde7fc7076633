"""Drawing: projections of SPARQL answers into networkx, their layout, pictures and analysis."""
