"""Shared helpers of the benchmark suite: figures, medians of repeats, peak memory.

A :class:`Figure` is one measured number with what it is compared to. ``value`` is
in ``unit``; ``baseline`` is the reference measured in the same run (same unit), and
``ratio`` is what the target is stated on (``value / baseline`` unless a benchmark
says otherwise, e.g. a speed-up). ``target`` reads like ``"ratio >= 1.7"`` or
``"value < 0.5"``; ``met`` is ``None`` for figures recorded without a target.

>>> f = Figure.compare("x", value=2.0, unit="s", baseline=4.0, target="ratio <= 0.6")
>>> f.ratio, f.met
(0.5, True)
"""

from __future__ import annotations

import json
import operator
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

__all__ = [
    "Figure",
    "check",
    "cpu_count",
    "cpu_seconds",
    "emit",
    "log",
    "median_seconds",
    "median_wall_cpu",
    "peak_rss_mb",
    "timed",
]

T = TypeVar("T")

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}


def check(target: str | None, value: float | None, ratio: float | None) -> bool | None:
    """Whether ``target`` (``"ratio >= 1.7"``, ``"value < 0.5"``) holds; None without one.

    >>> check("value < 0.5", 0.3, None), check("ratio >= 10", 1.0, 9.9), check(None, 1, 1)
    (True, False, None)
    """
    if target is None:
        return None
    subject, op, bound = target.split()
    if subject not in ("value", "ratio") or op not in _OPS:
        raise ValueError(f"target {target!r}: expected 'value|ratio OP NUMBER'")
    measured = value if subject == "value" else ratio
    if measured is None:
        return False
    return _OPS[op](measured, float(bound))


@dataclass
class Figure:
    """One benchmark figure, printed as one JSON object."""

    name: str
    value: float | None
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str | None = None
    met: bool | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def compare(
        cls,
        name: str,
        *,
        value: float | None,
        unit: str,
        baseline: float | None = None,
        ratio: float | None = None,
        target: str | None = None,
        **detail: Any,
    ) -> Figure:
        """A figure whose ratio is ``value / baseline`` unless given, and ``met`` computed."""
        if ratio is None and value is not None and baseline:
            ratio = value / baseline
        return cls(
            name=name,
            value=_round(value),
            unit=unit,
            baseline=_round(baseline),
            ratio=_round(ratio),
            target=target,
            met=check(target, value, ratio),
            detail=detail,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not data["detail"]:
            del data["detail"]
        return data


def _round(x: float | None) -> float | None:
    if x is None:
        return None
    return float(f"{x:.4g}")


def emit(figure: Figure) -> None:
    """Print ``figure`` as one JSON line on stdout (flushed, so partial runs keep it)."""
    print(json.dumps(figure.to_json(), ensure_ascii=False), flush=True)


def log(message: str) -> None:
    """Progress for people, on stderr (stdout holds figures only)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """``fn()`` and the wall seconds it took."""
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def median_seconds(fn: Callable[[], object], repeats: int, *, warmup: int = 0) -> float:
    """Median wall time of ``repeats`` calls of ``fn`` after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = [timed(fn)[1] for _ in range(max(1, repeats))]
    return statistics.median(times)


def median_wall_cpu(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Medians of wall and CPU seconds (this process) of ``repeats`` calls of ``fn``.

    CPU time says what the work costs when other processes share the cores; wall
    time is what a user waits.
    """
    walls, cpus = [], []
    for _ in range(max(1, repeats)):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - wall0)
        cpus.append(time.process_time() - cpu0)
    return statistics.median(walls), statistics.median(cpus)


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    """User + system CPU seconds of this process (or of its waited-for children)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory in MiB of this process (or of its largest waited-for child)."""
    kb = resource.getrusage(who).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def cpu_count() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
