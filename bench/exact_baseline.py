"""The exact baseline: the planner's objective for one household as a mixed-integer program (HiGHS).

Same problem as the compiled search (`simmer.planner.search`), same candidate lists (each
free meal chooses among its slot's `candidates_per_slot` recipes, plus the planner's own
choice), same pins and leftovers, same weights; but a day's servings per person are a free
variable in the portion range instead of "energy target / energy", so the program's optimum is
a lower bound of every plan the search can make from those lists. Products of the day's scale
and a binary choice are linearized (y = s x with lo x <= y <= hi x, s - hi (1 - x) <= y <=
s - lo (1 - x)); absolute deviations, the budget excess and the variety excess are the usual
epigraph variables; an ingredient is bought (z = 1) when a meal using it is chosen. The
planner's plan is the starting solution, so the best plan found is never worse than it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import highspy
import numpy as np

from simmer.planner import search
from simmer.planner.core import Searched
from simmer.planner.encode import Households, Recipes
from simmer.planner.settings import PlannerSettings


def _has_choice(terms: list[object]) -> bool:
    """Whether a sum of meals has a decision in it (else it is a number of pinned meals)."""
    return any(not isinstance(term, float) for term in terms)


@dataclass(frozen=True)
class Exact:
    objective: float  # best plan found within the time limit
    bound: float  # proven lower bound of the optimum
    optimal: bool


def solve(
    h: int,
    homes: Households,
    recipes: Recipes,
    found: Searched,
    settings: PlannerSettings,
    time_limit: float,
) -> Exact:
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    model.setOptionValue("time_limit", time_limit)
    model.setOptionValue("threads", 1)
    low, high = settings.portion_scale
    shares = settings.slot_shares
    slots = int(homes.slots[h])
    full = sum(shares[s] for s in range(3) if slots >> s & 1)
    target = float(np.nanmean(homes.targets[h]))
    people = float(homes.people[h])
    budget = float(homes.budget[h])
    goals = [float(m) for m in homes.macros[h]]
    kind, chosen = found.kind[h], found.recipe[h]

    scale = [model.addVariable(lb=low, ub=high) for _ in range(search.DAYS)]
    choice: dict[int, dict[int, highspy.highs_var]] = {}  # free position -> recipe -> x
    fixed: dict[int, int] = {}
    for p in range(search.POSITIONS):
        if kind[p] == search.KIND_FREE:
            options = {int(r) for r in found.lists[h, p % 3] if r >= 0} | {int(chosen[p])}
            choice[p] = {r: model.addBinary() for r in sorted(options)}
            model.addConstr(sum(choice[p].values()) == 1)
        elif kind[p] in (search.KIND_PINNED, search.KIND_TAG):
            fixed[p] = int(chosen[p])

    per_serving = np.concatenate(
        [recipes.kcal[:, None], recipes.macros, recipes.cost[:, None]], axis=1
    )
    totals: list[list[object]] = [[0.0] * 5 for _ in range(search.DAYS)]
    for p in range(search.POSITIONS):
        if kind[p] == search.KIND_NONE:
            continue
        d = p // 3
        source = p - 2 if kind[p] == search.KIND_LEFTOVER else p
        if source in fixed:
            for j in range(5):
                totals[d][j] = totals[d][j] + float(per_serving[fixed[source], j]) * scale[d]
            continue
        for r, x in choice[source].items():
            y = model.addVariable(lb=0.0, ub=high)
            model.addConstr(y <= high * x)
            model.addConstr(y >= low * x)
            model.addConstr(y <= scale[d] - low * (1 - x))
            model.addConstr(y >= scale[d] - high * (1 - x))
            for j in range(5):
                totals[d][j] = totals[d][j] + float(per_serving[r, j]) * y

    objective: object = 0.0
    macro_goals = [m for m in range(3) if goals[m] > 0]
    for d in range(search.DAYS):
        energy_goal = target * full
        e = model.addVariable(lb=0.0)
        model.addConstr(e * energy_goal >= totals[d][0] - energy_goal)
        model.addConstr(e * energy_goal >= energy_goal - totals[d][0])
        objective = objective + settings.energy_weight * e
        for m in macro_goals:
            wanted = goals[m] * full
            a = model.addVariable(lb=0.0)
            model.addConstr(a * wanted >= totals[d][1 + m] - wanted)
            model.addConstr(a * wanted >= wanted - totals[d][1 + m])
            objective = objective + settings.macro_weight / len(macro_goals) * a
    if budget == budget and budget > 0:  # not NaN
        over = model.addVariable(lb=0.0)
        cost = sum(people * totals[d][4] for d in range(search.DAYS))
        model.addConstr(over * budget >= cost - budget)
        objective = objective + settings.budget_weight * over

    uses: dict[int, list[object]] = defaultdict(list)  # recipe -> its cooked choices
    days_of: dict[tuple[int, int], list[object]] = defaultdict(list)  # (recipe, day) -> choices
    for p, options in choice.items():
        for r, x in options.items():
            uses[r].append(x)
            days_of[r, p // 3].append(x)
    for p, r in fixed.items():
        uses[r].append(1.0)
        days_of[r, p // 3].append(1.0)
    for r, cooked in uses.items():
        if _has_choice(cooked):
            model.addConstr(sum(cooked) <= settings.max_repeats)
        for d in range(search.DAYS - 1):
            together = days_of[r, d] + days_of[r, d + 1]
            if len(together) > 1 and _has_choice(together):
                model.addConstr(sum(together) <= 1)

    bought: dict[int, highspy.highs_var] = {}
    mains: dict[int, list[object]] = defaultdict(list)
    for r, cooked in uses.items():
        for j in range(recipes.ingredient_ptr[r], recipes.ingredient_ptr[r + 1]):
            i = int(recipes.ingredient_idx[j])
            if i not in bought:
                bought[i] = model.addVariable(lb=0.0, ub=1.0)
                objective = (
                    objective + settings.reuse_weight * float(recipes.weights[i]) * bought[i]
                )
            for x in cooked:
                if _has_choice([x]):
                    model.addConstr(bought[i] >= x)
                else:
                    model.addConstr(bought[i] >= 1.0)  # a pinned meal uses it
        if recipes.main[r] >= 0:
            mains[int(recipes.main[r])].extend(cooked)
    for cooked in mains.values():
        if len(cooked) > settings.max_main_meals and _has_choice(cooked):
            v = model.addVariable(lb=0.0)
            model.addConstr(v >= sum(cooked) - settings.max_main_meals)
            objective = objective + settings.variety_weight * v

    model.setObjective(objective, highspy.ObjSense.kMinimize)
    start = [
        (x.index, float(r == chosen[p]))
        for p, options in choice.items()
        for r, x in options.items()
    ]
    model.setSolution(len(start), np.array([i for i, _ in start]), np.array([v for _, v in start]))
    model.solve()
    info = model.getInfo()
    status = model.getModelStatus()
    return Exact(
        objective=float(info.objective_function_value),
        bound=float(info.mip_dual_bound),
        optimal=status == highspy.HighsModelStatus.kOptimal,
    )
