"""The arrows of docs/architecture.md, read from the source: every import, top-level or inside a
function, of every module under portal/."""

from __future__ import annotations

import ast
from pathlib import Path

from portal import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "portal"

# Below services: they may be imported by services, never the other way round.
LOW = (
    "portal.config",
    "portal.database",
    "portal.database_engine",
    "portal.decision_texts",
    "portal.documents",
    "portal.driver_statements",
    "portal.errors",
    "portal.extensions",
    "portal.i18n",
    "portal.integrations",
    "portal.labels",
    "portal.logging",
    "portal.migrations",
    "portal.models",
    "portal.profiles",
    "portal.queue",
    "portal.security",
    "portal.templating",
)
# Known upward imports still to remove, each with where it goes; the list may only shrink.
KNOWN_UPWARD = {
    # The safe-redirect check is not web-specific; it belongs below web.
    ("portal.security", "portal.web.redirects"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every portal module `path` imports; `from portal import queue` counts as `portal.queue`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    return {name for name in found if name in modules}


def graph() -> dict[str, set[str]]:
    """Module -> the modules it imports, without a module's imports of its own parent packages
    (`from portal.integrations.xroad import errors` inside that package is not a cycle)."""
    edges = {}
    for path in PACKAGE.rglob("*.py"):
        source = module_name(path)
        edges[source] = {target for target in imports_of(path) if not source.startswith(target + ".")}
    return edges


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def test_the_reader_resolves_every_kind_of_import():
    edges = graph()
    assert "portal.queue" in edges["portal.services.notifications"]  # `from portal import queue`
    assert "portal.services.notifications" in edges["portal.jobs.notifications"]
    assert "portal.jobs.outbox" in edges["portal.jobs"]  # `from portal.jobs import outbox`


def test_services_never_import_jobs():
    """Jobs wrap services; services enqueue by task name (`portal.queue.enqueue`)."""
    edges = graph()
    upward = sorted(
        (source, target)
        for source, targets in edges.items()
        if within(source, "portal.services")
        for target in targets
        if within(target, "portal.jobs")
    )
    assert upward == []


def test_documents_and_the_core_never_import_services_jobs_or_web():
    edges = graph()
    upward = {
        (source, target)
        for source, targets in edges.items()
        if within(source, *LOW)
        for target in targets
        if within(target, "portal.services", "portal.jobs", "portal.web")
    }
    assert upward - KNOWN_UPWARD == set()
    assert KNOWN_UPWARD - upward == set(), "an upward import is gone: remove it from KNOWN_UPWARD"


def test_no_import_cycle_through_services_and_jobs():
    edges = graph()
    nodes = [name for name in edges if within(name, "portal.services", "portal.jobs", *LOW)]
    cycles = [cycle for cycle in strongly_connected(nodes, edges) if len(cycle) > 1]
    assert cycles == []


def strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, over the given nodes only."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    wanted = set(nodes)

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, set()) & wanted):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            found.append(sorted(component))

    for node in sorted(wanted):
        if node not in index:
            visit(node)
    return found
