"""Stores: where article graphs live (embedded Oxigraph directory, or a SPARQL endpoint)."""
