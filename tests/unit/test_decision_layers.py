"""Decisions are made in one place, and what renders them reads no service."""

from __future__ import annotations

import ast
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "portal"


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_documents_and_decision_texts_import_no_service():
    below_services = [PORTAL / "decision_texts.py", *sorted((PORTAL / "documents").glob("*.py"))]
    upward = {
        str(path.relative_to(PORTAL)): sorted(
            m for m in imported_modules(path) if m.startswith("portal.services")
        )
        for path in below_services
    }
    assert {name: modules for name, modules in upward.items() if modules} == {}


def test_only_the_decisions_service_constructs_a_decision():
    constructing = sorted(
        str(path.relative_to(PORTAL))
        for path in PORTAL.rglob("*.py")
        if any(
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Decision"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert constructing == ["services/decisions/issuing.py"]
