"""No module of the package imports itself back, through any chain of imports (issue 15).

The graph is grimp's, the one import-linter checks (`make layers`): every import counts, those
inside a function too, since an import moved into a function to dodge a cycle hides the cycle
without breaking it. Imports under `TYPE_CHECKING` do not count: they never run. A failure names
each cycle as a chain of imports with their line numbers.

pyproject.toml's `acyclic_siblings` contract checks the same between sub-packages."""

from __future__ import annotations

import itertools

import grimp
import pytest

PACKAGE = "minorifamiglie"

# Cycles not broken yet, by the import that closes each (importer, imported): it is left out of
# the graph here. An entry whose import is gone fails the test below, so the list only shrinks.
# None is left: an entry added here must say why it cannot be broken yet.
NOT_YET_BROKEN: set[tuple[str, str]] = set()

Edge = tuple[str, str]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, exclude_type_checking_imports=True, cache_dir=None)


def strongly_connected(graph: grimp.ImportGraph, left_out: set[Edge]) -> list[list[str]]:
    """The groups of two or more modules that import each other, through any chain
    (Tarjan's algorithm, iterative: chains can be longer than the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def imported_by(module: str) -> list[str]:
        return sorted(
            m
            for m in graph.find_modules_directly_imported_by(module)
            if (module, m) not in left_out
        )

    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(imported_by(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(imported_by(nxt))))
                    break
                if nxt in on_stack:
                    low[module] = min(low[module], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
                if low[module] == index[module]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == module:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def named_cycle(graph: grimp.ImportGraph, group: list[str], left_out: set[Edge]) -> str:
    """The shortest cycle through the group's first module, as `a -> b (line n of a) -> … -> a`
    (a breadth-first walk within the group)."""
    first, members = group[0], set(group)
    came_from: dict[str, str] = {}
    frontier = [first]
    while first not in came_from:
        following = []
        for module in frontier:
            for nxt in sorted(graph.find_modules_directly_imported_by(module) & members):
                if (module, nxt) not in left_out and nxt not in came_from:
                    came_from[nxt] = module
                    following.append(nxt)
        frontier = following
    chain = [first]
    while chain[-1] != first or len(chain) == 1:
        chain.append(came_from[chain[-1]])
    chain.reverse()
    steps = [first]
    for importer, imported in itertools.pairwise(chain):
        details = graph.get_import_details(importer=importer, imported=imported)
        lines = ", ".join(str(n) for n in sorted(d["line_number"] for d in details))
        steps.append(f"{imported} (line {lines} of {importer})")
    named = " -> ".join(steps)
    if len(group) > len(chain) - 1:  # other cycles run through the same modules
        named += f"\n    (the modules caught in these cycles: {', '.join(group)})"
    return named


def cycles(graph: grimp.ImportGraph, left_out: set[Edge]) -> list[str]:
    return [named_cycle(graph, g, left_out) for g in strongly_connected(graph, left_out)]


def test_no_module_imports_itself_back(graph: grimp.ImportGraph) -> None:
    found = cycles(graph, NOT_YET_BROKEN)
    assert not found, "import cycles:\n" + "\n".join(found)


def test_every_cycle_not_yet_broken_is_still_there(graph: grimp.ImportGraph) -> None:
    # An entry whose import is gone, or no longer closes a cycle, is to be removed from the list
    gone = {
        (importer, imported)
        for importer, imported in NOT_YET_BROKEN
        if not graph.direct_import_exists(importer=importer, imported=imported)
        or not graph.chain_exists(importer=imported, imported=importer)
    }
    assert not gone, f"no cycle left, remove from NOT_YET_BROKEN: {sorted(gone)}"


def test_a_cycle_through_an_import_inside_a_function_is_found_and_named() -> None:
    # Given a package whose modules import each other, one of them inside a function
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.cli", "pkg.cli_team", "pkg.common"):
        graph.add_module(name)
    graph.add_import(importer="pkg.cli", imported="pkg.cli_team", line_number=90, line_contents="")
    graph.add_import(importer="pkg.cli_team", imported="pkg.cli", line_number=7, line_contents="")
    graph.add_import(importer="pkg.cli", imported="pkg.common", line_number=3, line_contents="")

    # When the cycles are looked for
    found = cycles(graph, set())

    # Then the one cycle is named, with the lines of its imports
    assert found == [
        "pkg.cli -> pkg.cli_team (line 90 of pkg.cli) -> pkg.cli (line 7 of pkg.cli_team)"
    ]
