"""The dependency graph between packs, and the cross-pack rules it decides.

One place for what validation (`simmer.packs.validate`, one pack against the packs installed
beside it) and the catalog merge (`simmer.catalog`, every staged pack) both need:

- dependency order: each pack after the packs it depends on, ties by name; a cycle is an error
  that names it once (`dependency cycle: a → b → a`);
- the closure: the packs a pack depends on, transitively;
- key conflicts: a key (ingredient, tag or recipe slug; vendor/sku) defined by more than one
  pack is allowed only when the later pack depends on the earlier (transitively) and lists the
  key in its `overrides`; then the later definition wins. Every other repeat is a conflict;
- overrides that override nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from simmer.packs.schema import PackManifest

KINDS = ("ingredient", "tag", "recipe", "vendor product")


class CycleError(Exception):
    """The packs' dependencies form a cycle; `cycle` lists it, first pack repeated last."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        super().__init__(f"dependency cycle: {' → '.join(cycle)}")


@dataclass(frozen=True)
class Conflict:
    """`key` of `kind` is defined by `incumbent` and again by `newcomer` (later in order)."""

    kind: str
    key: str
    incumbent: str
    newcomer: str

    def describe(self, incumbent_first: bool = False) -> str:
        first, second = (self.incumbent, self.newcomer)[:: 1 if incumbent_first else -1]
        return f"{self.kind} {self.key!r} is defined by both {first!r} and {second!r}"


@dataclass(frozen=True)
class DependencyGraph:
    """The packs by name, with what each depends on and overrides."""

    depends: Mapping[str, tuple[str, ...]]
    overrides: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, manifests: Iterable[PackManifest]) -> DependencyGraph:
        listed = list(manifests)
        return cls(
            depends={m.name: tuple(d.name for d in m.depends) for m in listed},
            overrides={m.name: frozenset(m.overrides) for m in listed},
        )

    def order(self) -> list[str]:
        """Every pack after the packs it depends on (those present); ties by name."""
        placed: list[str] = []
        remaining = sorted(self.depends)
        while remaining:
            ready = [n for n in remaining if all(self._placed(d, placed) for d in self.depends[n])]
            if not ready:
                raise CycleError(self.cycle_from(remaining[0]) or remaining)
            placed += ready
            remaining = [n for n in remaining if n not in ready]
        return placed

    def _placed(self, dependency: str, placed: list[str]) -> bool:
        return dependency in placed or dependency not in self.depends

    def cycle_from(self, start: str) -> list[str] | None:
        """A dependency cycle reachable from `start` (first pack repeated last), if any."""
        path: list[str] = []
        done: set[str] = set()

        def visit(name: str) -> list[str] | None:
            if name in path:
                return [*path[path.index(name) :], name]
            if name in done or name not in self.depends:
                return None
            path.append(name)
            for dependency in self.depends[name]:
                if found := visit(dependency):
                    return found
            path.pop()
            done.add(name)
            return None

        return visit(start)

    def closure(self, name: str) -> set[str]:
        """The packs `name` depends on, transitively (present or not)."""
        seen: set[str] = set()
        pending = list(self.depends.get(name, ()))
        while pending:
            dependency = pending.pop()
            if dependency not in seen:
                seen.add(dependency)
                pending.extend(self.depends.get(dependency, ()))
        return seen

    def conflicts(self, defined: Mapping[str, Mapping[str, frozenset[str]]]) -> list[Conflict]:
        """Keys defined by more than one pack without a declared override, in dependency order.

        `defined` maps pack name -> kind -> keys; every pack in it must be in the graph.
        """
        order = [name for name in self.order() if name in defined]
        found: list[Conflict] = []
        for kind in KINDS:
            owners: dict[str, str] = {}
            for name in order:
                for key in sorted(defined[name].get(kind, frozenset())):
                    earlier = owners.get(key)
                    if earlier is not None and not self.may_share(key, earlier, name):
                        found.append(Conflict(kind, key, earlier, name))
                    owners[key] = name
        return found

    def conflicts_with(
        self, name: str, defined: Mapping[str, Mapping[str, frozenset[str]]]
    ) -> list[Conflict]:
        """The conflicts between `name` (the newcomer) and every other pack in `defined`, in
        no need of an order (so a cycle elsewhere does not hide them)."""
        found: list[Conflict] = []
        for kind in KINDS:
            own = defined[name].get(kind, frozenset())
            for other in sorted(set(defined) - {name}):
                for key in sorted(own & defined[other].get(kind, frozenset())):
                    if not self.may_share(key, other, name):
                        found.append(Conflict(kind, key, other, name))
        return found

    def may_share(self, key: str, one: str, other: str) -> bool:
        """Whether two packs may both define `key`: one depends on the other (transitively)
        and lists the key in its overrides."""
        return any(
            key in self.overrides.get(later, frozenset()) and earlier in self.closure(later)
            for earlier, later in ((one, other), (other, one))
        )

    def unused_overrides(
        self, name: str, defined: Mapping[str, Mapping[str, frozenset[str]]]
    ) -> list[str]:
        """Slugs `name` lists in overrides that none of its dependencies defines."""
        theirs: set[str] = set()
        for dependency in self.closure(name) & set(defined):
            theirs.update(*defined[dependency].values())
        return sorted(self.overrides[name] - theirs)
