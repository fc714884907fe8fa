"""The planner's numbers: portion range, slot energy shares, objective weights, search effort.

Every default here is documented for the operator in README ("How plans are made").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Search = Literal["planner", "random"]


@dataclass(frozen=True)
class PlannerSettings:
    """How the planner trades its goals and how hard it searches.

    Hard rules: a recipe is cooked at most `max_repeats` times a week and never on two
    consecutive days (leftovers not counted); servings per person stay in `portion_scale`.
    Energy: a day's target is each person's kcal times the `slot_shares` of the slots planned
    (breakfast 25 %, lunch 35 %, dinner 40 % of a day), and each meal aims at its slot's share.
    The objective, lower is better, sums over the week:
    - `energy_weight` x each day's relative energy deviation,
    - `macro_weight` x each day's mean relative deviation of protein, fat and carbohydrate
      (those the household set),
    - `budget_weight` x the relative amount over `weekly_budget`,
    - `variety_weight` x every meal whose main ingredient is already the main ingredient of
      `max_main_meals` cooked meals of the week,
    - `reuse_weight` x the perishability (0..1) of each distinct ingredient bought.
    Search: `candidates_per_slot` best recipes per slot for each household (by the meal's own
    fit), a greedy pass over the week's meals in order, then `local_search_passes` passes that
    replace any meal by a better one, exchange two meals of a slot between days or eject an
    ingredient bought for two to `eject_meals` meals (every meal cooking it replaced by the
    best recipe without it, kept when the week gets better; 0 or 1 turns it off), then up to
    `restarts` restarts that kick `kick_meals` meals of the best week to other recipes among the
    first `restart_candidates` of their list and descend again without ejecting (kept when
    better; stopped after `restart_patience` restarts in a row without gain).
    `search="random"` picks feasible recipes at random instead (the benchmark's baseline),
    deterministically from `seed`.
    `staples`: ingredient slugs that weigh 0 for reuse besides those the ingredient weights
    mark as pantry staples.
    """

    max_repeats: int = 2
    portion_scale: tuple[float, float] = (0.5, 2.0)
    slot_shares: tuple[float, float, float] = (0.25, 0.35, 0.40)
    energy_weight: float = 4.0
    macro_weight: float = 1.0
    budget_weight: float = 2.0
    variety_weight: float = 0.05
    reuse_weight: float = 0.02
    max_main_meals: int = 3
    candidates_per_slot: int = 48
    local_search_passes: int = 2
    restarts: int = 12
    kick_meals: int = 3
    restart_candidates: int = 6
    restart_patience: int = 1
    eject_meals: int = 2
    chunk_households: int = 8192
    energy_miss: float = 0.10
    macro_miss: float = 0.20
    staples: frozenset[str] = field(default=frozenset())
    search: Search = "planner"
    seed: int = 0

    def __post_init__(self) -> None:
        low, high = self.portion_scale
        if not 0 < low <= high:
            raise ValueError(f"portion_scale must be 0 < low <= high, got {self.portion_scale}")
        if self.max_repeats < 1:
            raise ValueError(f"max_repeats must be at least 1, got {self.max_repeats}")
        if self.candidates_per_slot < 1 or self.chunk_households < 1:
            raise ValueError("candidates_per_slot and chunk_households must be at least 1")
        if any(share <= 0 for share in self.slot_shares):
            raise ValueError(f"slot_shares must be positive, got {self.slot_shares}")
