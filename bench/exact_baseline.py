"""The exact baseline: the planner's own objective for one household as a mixed-integer program
(HiGHS), over the same candidate lists.

Same problem as the compiled search (`simmer.planner.search`): each free meal chooses among its
slot's `candidates_per_slot` recipes (the lists the search made, plus the search's own choice),
same pins and leftovers, same weights (the `Recipes` the planner encoded, so whatever ingredient
weights the planner reads the program reads too), same portion rule: a day's servings per
person are its energy target over its meals' energy, clipped to the portion range. That rule is
not linear, so each day is a choice among the combinations of its meals (at most the product of
its meals' options, a few hundred), each combination's energy and macro term and cost computed
by the search's own `_day_term`; choosing a combination is linked to choosing its meals
(a continuous combination weight per day summing to 1, whose meals' marginals equal the binary
meal choices, so only whole combinations are chosen). Repeat rules are constraints; the budget
excess and the variety excess are epigraph variables; an ingredient is bought (z = 1) when a
meal using it is chosen. The program's optimum is therefore the best plan the search could make
from those lists, and the objectives compare as equals. The search's plan is the start.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import highspy
import numpy as np

from simmer.planner import search
from simmer.planner.core import Searched, search_params
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


@dataclass(frozen=True)
class Week:
    """One household's positions: the free ones' options, the fixed ones' recipes and, for
    every cooked or leftover meal, the position whose cooking it eats (itself or the dinner
    before a leftover lunch)."""

    options: dict[int, list[int]]  # free position -> recipes it may take
    fixed: dict[int, int]  # pinned position -> recipe
    source: dict[int, int]  # planned position -> the position cooked for it


def week_of(h: int, found: Searched) -> Week:
    kind, chosen = found.kind[h], found.recipe[h]
    options: dict[int, list[int]] = {}
    fixed: dict[int, int] = {}
    source: dict[int, int] = {}
    for p in range(search.POSITIONS):
        if kind[p] == search.KIND_FREE:
            listed = {int(r) for r in found.lists[h, p % search.SLOT_COUNT] if r >= 0}
            options[p] = sorted(listed | {int(chosen[p])})
        elif kind[p] in (search.KIND_PINNED, search.KIND_TAG):
            fixed[p] = int(chosen[p])
        if kind[p] != search.KIND_NONE:
            source[p] = p - 2 if kind[p] == search.KIND_LEFTOVER else p
    return Week(options, fixed, source)


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
    params = search_params(settings)
    week = week_of(h, found)
    choice = {p: {r: model.addBinary() for r in options} for p, options in week.options.items()}
    objective: object = 0.0
    start: list[tuple[int, float]] = []
    spend: list[object] = []
    for d in range(search.DAYS):
        day_objective, day_spend, day_start = _day(
            model, (h, d), week, choice, found.recipe[h], homes, recipes, params
        )
        objective = objective + day_objective
        spend.append(day_spend)
        start.extend(day_start)

    budget = float(homes.budget[h])
    if budget == budget and budget > 0:  # not NaN
        over = model.addVariable(lb=0.0)
        model.addConstr(over * budget >= sum(spend) - budget)
        objective = objective + settings.budget_weight * over
    objective = objective + _rules_and_reuse(model, week, choice, recipes, settings)
    model.setObjective(objective, highspy.ObjSense.kMinimize)
    chosen = found.recipe[h]
    start += [
        (x.index, float(r == chosen[p]))
        for p, options in choice.items()
        for r, x in options.items()
    ]
    model.setSolution(len(start), np.array([i for i, _ in start]), np.array([v for _, v in start]))
    model.solve()
    info = model.getInfo()
    return Exact(
        objective=float(info.objective_function_value),
        bound=float(info.mip_dual_bound),
        optimal=model.getModelStatus() == highspy.HighsModelStatus.kOptimal,
    )


def _day(
    model: highspy.Highs,
    at: tuple[int, int],
    week: Week,
    choice: dict[int, dict[int, highspy.highs_var]],
    chosen: np.ndarray,
    homes: Households,
    recipes: Recipes,
    params: np.ndarray,
) -> tuple[object, object, list[tuple[int, float]]]:
    """Day d of household h (`at`) as a choice among its meals' combinations: (its objective
    term, its cost at its portions, the start values of its combination weights)."""
    h, d = at
    target = float(np.nanmean(homes.targets[h]))
    people = float(homes.people[h])
    shares = params[search.P_SHARE : search.P_SHARE + 3]
    planned = [p for p in range(d * 3, d * 3 + 3) if p in week.source]
    frac = float(sum(shares[p % 3] for p in planned))
    sources = [week.source[p] for p in planned]
    distinct_sources = sorted(set(sources))
    per_source = [week.options.get(q, [week.fixed.get(q, -1)]) for q in distinct_sources]
    chosen_now = [int(chosen[q]) for q in distinct_sources]
    term: object = 0.0
    cost: object = 0.0
    weights = []
    start = []
    links: dict[tuple[int, int], list[object]] = defaultdict(list)
    for combo in itertools.product(*per_source):
        by_source = dict(zip(distinct_sources, combo, strict=True))
        meals = [by_source[q] for q in sources]
        kcal = float(sum(recipes.kcal[r] for r in meals))
        macros = [float(sum(recipes.macros[r, m] for r in meals)) for m in range(3)]
        value, scale = search._day_term(kcal, *macros, frac, target, homes.macros[h], params)
        w = model.addVariable(lb=0.0, ub=1.0)
        weights.append(w)
        start.append((w.index, float(list(combo) == chosen_now)))
        term = term + float(value) * w
        cost = cost + float(scale * sum(recipes.cost[r] for r in meals) * people) * w
        for q, r in by_source.items():
            if q in choice:
                links[q, r].append(w)
    if weights:
        model.addConstr(sum(weights) == 1)
    for (q, r), ws in links.items():
        model.addConstr(sum(ws) == choice[q][r])
    return term, cost, start


def _rules_and_reuse(
    model: highspy.Highs,
    week: Week,
    choice: dict[int, dict[int, highspy.highs_var]],
    recipes: Recipes,
    settings: PlannerSettings,
) -> object:
    """The repeat rules as constraints; the reuse and variety terms of the objective."""
    uses: dict[int, list[object]] = defaultdict(list)  # recipe -> its cooked choices
    days_of: dict[tuple[int, int], list[object]] = defaultdict(list)  # (recipe, day) -> choices
    for p, options in choice.items():
        for r, x in options.items():
            uses[r].append(x)
            days_of[r, p // 3].append(x)
    for p, r in week.fixed.items():
        uses[r].append(1.0)
        days_of[r, p // 3].append(1.0)
    for r, cooked in uses.items():
        if _has_choice(cooked):
            model.addConstr(sum(cooked) <= settings.max_repeats)
        for d in range(search.DAYS - 1):
            together = days_of[r, d] + days_of[r, d + 1]
            if len(together) > 1 and _has_choice(together):
                model.addConstr(sum(together) <= 1)

    objective: object = 0.0
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
                model.addConstr(bought[i] >= x)
        if recipes.main[r] >= 0:
            mains[int(recipes.main[r])].extend(cooked)
    for cooked in mains.values():
        if len(cooked) > settings.max_main_meals:
            v = model.addVariable(lb=0.0)
            model.addConstr(v >= sum(cooked) - settings.max_main_meals)
            objective = objective + settings.variety_weight * v
    return objective
