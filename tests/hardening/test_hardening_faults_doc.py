"""FAULTS.md stays true: every test it names exists, and every hardening test is named."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FAULTS = REPO / "FAULTS.md"
ROOTS = {"T": REPO / "tests", "H": REPO / "tests" / "hardening"}
_REFERENCE = re.compile(r"`(?:([TH])/([\w/]+\.py))?::(\w+)")


def _referenced() -> list[tuple[Path, str]]:
    """``(test file, function)`` for each node id in FAULTS.md (``::name`` reuses the last file)."""
    found: list[tuple[Path, str]] = []
    current: Path | None = None
    for root, path, name in _REFERENCE.findall(FAULTS.read_text(encoding="utf-8")):
        if root:
            current = ROOTS[root] / path
        assert current is not None, f"{name}: no file named before it in FAULTS.md"
        found.append((current, name))
    return found


def test_hardening_faults_doc_names_existing_tests() -> None:
    referenced = _referenced()
    assert len(referenced) > 50
    missing = [
        f"{path.relative_to(REPO)}::{name}"
        for path, name in referenced
        if not path.is_file()
        or re.search(rf"^def {name}\(", path.read_text(encoding="utf-8"), re.M) is None
    ]
    assert missing == []


def test_hardening_faults_doc_lists_every_hardening_test() -> None:
    named = {name for path, name in _referenced() if path.parent == ROOTS["H"]}
    defined = {
        name
        for module in ROOTS["H"].glob("test_*.py")
        if module.name != Path(__file__).name
        for name in re.findall(r"^def (test_\w+)\(", module.read_text(encoding="utf-8"), re.M)
    }
    assert defined - named == set()
