"""Ingest workers start warm (forked from a server that loaded the extractor, shapes
and ontology once) and at a lower priority than the parent, which writes the store."""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from diplograph.pipeline import _start_worker, _worker_context


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(),
    reason="no forkserver on this platform (workers are spawned)",
)
def test_pipeline_workers_start_warm_and_yield_to_the_writer() -> None:
    context = _worker_context()
    assert context.get_start_method() == "forkserver"
    parent_niceness = os.nice(0)
    with ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker) as pool:
        # A worker forked from the warmed server inherits its frozen objects (the
        # warm-up freezes them only once it has processed its article); a spawned
        # worker starts with none.
        assert pool.submit(gc.get_freeze_count).result(timeout=120) > 10_000
        assert pool.submit(os.nice, 0).result(timeout=60) > parent_niceness
