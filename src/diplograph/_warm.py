"""Warm-up of ingest workers: importing this module builds what a worker uses.

:func:`diplograph.pipeline.ingest` with ``jobs > 1`` starts its workers from a
``forkserver`` that preloads this module, so the spaCy pipeline, the gazetteer, the
SHACL shapes and the ontology are loaded once, in the server, and every worker is a
cheap fork of that warm process instead of a fresh interpreter importing and building
them all again (about 4 CPU-seconds each). Processing one short built-in article is
the warm-up: it touches whatever :func:`diplograph.pipeline._process` builds lazily,
whichever module caches it.

Importing it elsewhere is harmless (it only fills caches), but it is meant for the
forkserver alone. A failure here must not kill the server (which would stop every
worker from starting), so it is swallowed: the workers then build what they need
themselves, as spawned workers do.
"""

from __future__ import annotations

import gc

__all__: list[str] = []

_TEXT = (
    "Pakistan's foreign minister Ishaq Dar met Chinese foreign minister Wang Yi in "
    "Beijing on Monday. Pakistan accused India of violating the ceasefire along the "
    "Line of Control, and India rejected the claim."
)


def _warm() -> None:
    try:
        from diplograph.model import Article
        from diplograph.pipeline import _process

        _process(Article(id="warm-up", text=_TEXT), "rules.v1")
    except Exception:  # see the module docstring: never kill the forkserver
        return
    # What was built is shared with the forked workers page by page; frozen, the cyclic
    # garbage collector of each worker neither scans it nor copies the pages it touches.
    gc.freeze()


_warm()
