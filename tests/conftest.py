"""Fixtures shared by the whole suite.

``shared/`` (the team's seed article, gold annotations and schemas) sits beside the
checkout, in development and in CI; the project itself ships none of its text.

``no_outside_network`` (autouse, session) installs a Python audit hook that refuses
any socket connection or name lookup outside the loopback interface for the whole
suite, so a parser or query engine that tries to fetch something fails loudly instead
of silently reaching the network. Audit hooks cannot be removed, so the hook stays
installed after the session and is switched off by a flag.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

_guard = {"on": False}
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _guard["on"]:
        return
    if event == "socket.connect":
        sock, address = args
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise OSError(f"tests: connection to {address!r} refused (no network)")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if host is not None and not _is_loopback(
            host.decode() if isinstance(host, bytes) else host
        ):
            raise OSError(f"tests: name lookup of {host!r} refused (no network)")


@pytest.fixture(scope="session", autouse=True)
def no_outside_network() -> Iterator[None]:
    """Refuse non-loopback connections and lookups from this process while the tests run."""
    if not getattr(sys, "_diplograph_hardening_hook", False):
        sys.addaudithook(_audit)
        sys._diplograph_hardening_hook = True  # type: ignore[attr-defined]
    _guard["on"] = True
    yield
    _guard["on"] = False


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared/ folder beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: it holds the seed article and gold annotations")
    return SHARED


@pytest.fixture
def seed_article(shared_dir: Path, tmp_path: Path) -> Path:
    """The seed article copied to ``00.txt``, so its id is "00" as in shared/gold/seed.jsonl."""
    (source,) = sorted((shared_dir / "seeds").glob("*.txt"))
    target = tmp_path / "00.txt"
    shutil.copy(source, target)
    return target
