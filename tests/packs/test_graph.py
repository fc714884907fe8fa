"""The dependency graph: order, cycles named once, and the one rule for keys shared by packs."""

from __future__ import annotations

import pytest

from simmer.packs.graph import Conflict, CycleError, DependencyGraph
from simmer.packs.schema import PackManifest


def manifest(name: str, *depends: str, overrides: tuple[str, ...] = ()) -> PackManifest:
    return PackManifest(
        name=name,
        version="1.0.0",
        license="CC0-1.0",
        attribution="tests",
        description="tests",
        files={},
        depends=[{"name": d} for d in depends],  # type: ignore[misc]
        overrides=list(overrides),
    )


def test_order_puts_dependencies_first_and_ties_by_name() -> None:
    graph = DependencyGraph.of(
        [manifest("recipes", "base"), manifest("vendor", "base", "recipes"), manifest("base")]
    )
    assert graph.order() == ["base", "recipes", "vendor"]
    assert graph.closure("vendor") == {"base", "recipes"}


@pytest.mark.parametrize(
    ("packs", "cycle"),
    [
        ([manifest("a", "b"), manifest("b", "a")], "dependency cycle: a → b → a"),
        ([manifest("a", "a")], "dependency cycle: a → a"),
        (
            [manifest("z"), manifest("a", "b"), manifest("b", "c"), manifest("c", "a")],
            "dependency cycle: a → b → c → a",
        ),
    ],
)
def test_a_cycle_is_named_once(packs: list[PackManifest], cycle: str) -> None:
    with pytest.raises(CycleError) as raised:
        DependencyGraph.of(packs).order()
    assert str(raised.value) == cycle


def test_shared_keys_need_a_dependency_and_an_override() -> None:
    graph = DependencyGraph.of(
        [
            manifest("base"),
            manifest("better", "base", overrides=("egg",)),
            manifest("rival"),
            manifest("careless", "base"),
        ]
    )
    egg = {"ingredient": frozenset({"egg"})}
    defined = {"base": egg, "better": egg, "rival": egg, "careless": egg}
    assert graph.order() == ["base", "rival", "better", "careless"]
    assert graph.conflicts(defined) == [  # each definition against the one before it
        Conflict("ingredient", "egg", "base", "rival"),
        Conflict("ingredient", "egg", "rival", "better"),
        Conflict("ingredient", "egg", "better", "careless"),
    ]
    assert graph.conflicts_with("better", defined) == [
        Conflict("ingredient", "egg", "careless", "better"),
        Conflict("ingredient", "egg", "rival", "better"),
    ]
    assert graph.may_share("egg", "base", "better")
    assert not graph.may_share("egg", "base", "careless")


def test_conflicts_with_a_newcomer_are_found_despite_a_cycle_elsewhere() -> None:
    graph = DependencyGraph.of([manifest("a", "b"), manifest("b", "a"), manifest("new")])
    defined = {"a": {"tag": frozenset({"sweet"})}, "b": {}, "new": {"tag": frozenset({"sweet"})}}
    assert graph.conflicts_with("new", defined) == [Conflict("tag", "sweet", "a", "new")]


def test_overrides_that_override_nothing() -> None:
    graph = DependencyGraph.of(
        [manifest("base"), manifest("more", "base", overrides=("egg", "ham"))]
    )
    defined = {"base": {"ingredient": frozenset({"egg"})}, "more": {}}
    assert graph.unused_overrides("more", defined) == ["ham"]
