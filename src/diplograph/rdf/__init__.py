"""Mapping between diplograph's value types and RDF: IRI minting, graph building, file I/O."""
