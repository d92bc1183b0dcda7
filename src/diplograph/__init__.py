"""diplograph: knowledge graphs of diplomatic news.

Read news articles, extract who met whom and who claimed what (with the sentence as
evidence), validate the triples with SHACL, keep them in a store, query them with
SPARQL and study the diplomatic-outreach network with networkx.
"""

from __future__ import annotations

from diplograph._version import __version__
from diplograph.errors import DiplographError

ONTOLOGY_VERSION = "0.1.0"
"""Version of the bundled ontology (its ``owl:versionInfo``)."""

__all__ = [
    "ONTOLOGY_VERSION",
    "DiplographError",
    "__version__",
]
