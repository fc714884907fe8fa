"""The compiled search: one week of meals per household, households of a block in parallel.

Per household (numba, no Python per household or candidate):
1. The `candidates_per_slot` best feasible recipes per planned slot, by the meal's own fit
   (energy and macros at the slot's share once portions are scaled, cost against the budget).
2. Pins are placed first (a pin that breaks a rule is reported, not placed); where leftovers are
   allowed each lunch after a planned dinner eats that dinner, cooked for both meals.
3. Greedy: the week's meals in order, each the candidate that raises the objective least
   (`simmer.planner.settings.PlannerSettings`), never breaking the repeat rules.
4. Local search: each meal whose neighbourhood changed is replaced by the candidate that lowers
   the objective most, and each pair of meals of a slot on two days is exchanged where that
   lowers it (computed from the touched days alone: the week cooks the same recipes), and each
   weighed ingredient bought for two to `eject_meals` meals is ejected (every meal cooking it
   refilled by the best listed recipe without it, kept where the week's objective falls: the
   move that stops buying an ingredient two meals share), until a pass changes nothing or
   `local_search_passes` are done.
5. Iterated local search: up to `restarts` times, a few meals of the best week are kicked to
   other allowed recipes (drawn from the household's seed) and step 4 runs again without the
   ejections (the expensive move, measured to pay off once: BENCHMARKS.md); the better week
   is kept; `restart_patience` fruitless restarts in a row stop it.
Portions: a day's servings per person are its energy target over the energy of one serving of
each of its meals, clipped to the portion range. Ties go to the smaller recipe id (slug order),
so the result depends only on the household and the catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np

F = TypeVar("F", bound=Callable[..., Any])

DAYS = 7
SLOT_COUNT = 3
POSITIONS = DAYS * SLOT_COUNT
LUNCH, DINNER = 1, 2

KIND_NONE, KIND_FREE, KIND_PINNED, KIND_TAG, KIND_LEFTOVER = 0, 1, 2, 3, 4
STATUS_OK, STATUS_TOO_FEW, STATUS_DEAD_END = 0, 1, 2
PIN_HONOURED, PIN_BREAKS_RULE, PIN_NOT_A_SLOT, PIN_REPEATS = 0, 1, 2, 3
PIN_NO_TAGGED, PIN_UNKNOWN, PIN_TWICE = 4, 5, 6

# params: the settings as one float array, in this order
(
    P_LOW,
    P_HIGH,
    P_SHARE,
    _,
    _,
    P_W_ENERGY,
    P_W_MACRO,
    P_W_BUDGET,
    P_W_VARIETY,
    P_W_REUSE,
    P_REPEATS,
    P_MAIN,
    P_K,
    P_PASSES,
    P_RANDOM,
    P_RESTARTS,
    P_KICK,
    P_RESTART_K,
    P_PATIENCE,
    P_EJECT,
) = range(20)
PARAMS = 20
MAX_SPREAD = 4  # a recipe never on consecutive days is on at most 4 of 7


def compiled(function: F) -> F:
    return cast(F, numba.njit(cache=True, nogil=True)(function))


def compiled_parallel(function: F) -> F:
    return cast(F, numba.njit(cache=True, nogil=True, parallel=True)(function))


@compiled
def _splitmix(state: np.uint64) -> tuple[np.uint64, np.uint64]:
    state = np.uint64(state + np.uint64(0x9E3779B97F4A7C15))
    z = state
    z = np.uint64((z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9))
    z = np.uint64((z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB))
    return state, np.uint64(z ^ (z >> np.uint64(31)))


@compiled
def _day_term(
    kcal: float,
    protein: float,
    fat: float,
    carbs: float,
    frac: float,
    target: float,
    macros: np.ndarray,
    params: np.ndarray,
) -> tuple[float, float]:
    """(objective term, servings per person) of a day whose meals so far carry `frac` of a
    person's daily energy `target`; kcal and macros of one serving of each of its meals."""
    if frac <= 0.0:
        return 0.0, 0.0
    goal = target * frac
    scale = params[P_HIGH] if kcal <= 0.0 else min(max(goal / kcal, params[P_LOW]), params[P_HIGH])
    term = params[P_W_ENERGY] * abs(scale * kcal - goal) / goal
    off = 0.0
    counted = 0
    for m in range(3):
        if macros[m] > 0:  # NaN (no goal) compares False
            got = protein if m == 0 else (fat if m == 1 else carbs)
            wanted = macros[m] * frac
            off += abs(scale * got - wanted) / wanted
            counted += 1
    if counted > 0:
        term += params[P_W_MACRO] * off / counted
    return term, scale


@compiled
def _over_budget(cost: float, filled: float, budget: float) -> float:
    """Relative amount over the budget, the budget prorated to the share of the week filled."""
    if np.isnan(budget) or budget <= 0.0:
        return 0.0
    return max(0.0, cost - budget * filled) / budget


@compiled
def _feeds(kind: np.ndarray, p: int) -> bool:
    return p % SLOT_COUNT == DINNER and p + 2 < POSITIONS and kind[p + 2] == KIND_LEFTOVER


# The catalog as the search reads it, and one household's search state, as tuples of arrays:
# Catalog = (kcal, macros (recipes, 3), cost, slot bits, main ingredient, ingredient ptr and
#   idx, ingredient weights, tag ptr and idx);
# State = (recipe[21], kind[21], day (7, 5): kcal, protein, fat, carbs, cost of one serving of
#   each meal, frac[7]: the day's energy share filled, term[7], spend[7]: the day's cost at its
#   portions, cookings per recipe, days bitmask per recipe, meals per ingredient, meals per main
#   ingredient, totals: [reuse weight bought, meals beyond the main-ingredient limit],
#   scratch for an exchange: the days it touches (4) and their totals (4, 5));
# Goal = (person's daily kcal, macros per person and day (3, NaN when unset), people, budget,
#   the week's energy share planned).
Catalog = tuple[np.ndarray, ...]
State = tuple[np.ndarray, ...]
Goal = tuple[float, np.ndarray, float, float, float]


@compiled
def _apply(p: int, r: int, sign: int, st: State, cat: Catalog, params: np.ndarray) -> None:
    """Cook recipe `r` at position `p` (sign 1) or take it away (sign -1), with its leftover."""
    recipe, kind, day, frac = st[0], st[1], st[2], st[3]
    rec_count, rec_days, ing_count, main_count, totals = st[6], st[7], st[8], st[9], st[10]
    r_kcal, r_macros, r_cost, r_main = cat[0], cat[1], cat[2], cat[4]
    r_ing_ptr, r_ing_idx, weights = cat[5], cat[6], cat[7]
    d = p // SLOT_COUNT
    for step in range(2 if _feeds(kind, p) else 1):
        q = p + 2 * step
        qd = q // SLOT_COUNT
        day[qd, 0] += sign * r_kcal[r]
        for m in range(3):
            day[qd, 1 + m] += sign * r_macros[r, m]
        day[qd, 4] += sign * r_cost[r]
        frac[qd] += sign * params[P_SHARE + q % SLOT_COUNT]
        recipe[q] = r if sign > 0 else -1
    rec_count[r] += sign
    if sign > 0:
        rec_days[r] |= 1 << d
    else:
        rec_days[r] &= ~(1 << d)
    for j in range(r_ing_ptr[r], r_ing_ptr[r + 1]):
        i = r_ing_idx[j]
        if sign > 0:
            if ing_count[i] == 0:
                totals[0] += weights[i]
            ing_count[i] += 1
        else:
            ing_count[i] -= 1
            if ing_count[i] == 0:
                totals[0] -= weights[i]
    main = r_main[r]
    if main >= 0:
        limit = params[P_MAIN]
        if sign > 0:
            if main_count[main] >= limit:
                totals[1] += 1
            main_count[main] += 1
        else:
            main_count[main] -= 1
            if main_count[main] >= limit:
                totals[1] -= 1


@compiled
def _refresh(p: int, st: State, goal: Goal, params: np.ndarray) -> None:
    """Recompute the cached term and spend of the days position `p` touches."""
    kind, day, frac, term, spend = st[1], st[2], st[3], st[4], st[5]
    last = p + 2 if _feeds(kind, p) else p
    for qd in range(p // SLOT_COUNT, last // SLOT_COUNT + 1):
        term[qd], scale = _day_term(
            day[qd, 0], day[qd, 1], day[qd, 2], day[qd, 3], frac[qd], goal[0], goal[1], params
        )
        spend[qd] = scale * day[qd, 4] * goal[2]


@compiled
def _place(p: int, r: int, st: State, goal: Goal, cat: Catalog, params: np.ndarray) -> None:
    _apply(p, r, 1, st, cat, params)
    _refresh(p, st, goal, params)


@compiled
def _take(p: int, st: State, goal: Goal, cat: Catalog, params: np.ndarray) -> int:
    """Take away the recipe at `p`; returns it."""
    r = int(st[0][p])
    _apply(p, r, -1, st, cat, params)
    _refresh(p, st, goal, params)
    return r


@compiled
def _allowed(r: int, d: int, st: State, repeats: int) -> bool:
    """The repeat rules: fewer than `repeats` cookings so far, none the day before, of or after."""
    if st[6][r] >= repeats:
        return False
    return bool((st[7][r] & _near(d)) == 0)


@compiled
def _week(st: State, goal: Goal) -> tuple[float, float, float]:
    """What `_delta` reads of the whole week: (its cost, the share of its energy filled, its
    amount over the budget so far)."""
    cost, filled = st[5].sum(), st[3].sum()
    return cost, filled, _over_budget(cost, filled / goal[4], goal[3])


@compiled
def _delta(
    r: int,
    p: int,
    week: tuple[float, float, float],
    st: State,
    goal: Goal,
    cat: Catalog,
    params: np.ndarray,
) -> float:
    """How much cooking `r` at the empty position `p` changes the objective (`week`: `_week`)."""
    kind, day, frac, term, spend, ing_count, main_count = (
        st[1],
        st[2],
        st[3],
        st[4],
        st[5],
        st[8],
        st[9],
    )
    target, macros, people, budget, full = goal
    r_kcal, r_macros, r_cost, r_main = cat[0], cat[1], cat[2], cat[4]
    r_ing_ptr, r_ing_idx, weights = cat[5], cat[6], cat[7]
    change = 0.0
    cost_after, filled, over_before = week
    stop = 2 if _feeds(kind, p) else 1
    for step in range(stop):
        q = p + 2 * step
        qd = q // SLOT_COUNT
        share = params[P_SHARE + q % SLOT_COUNT]
        new_term, scale = _day_term(
            day[qd, 0] + r_kcal[r],
            day[qd, 1] + r_macros[r, 0],
            day[qd, 2] + r_macros[r, 1],
            day[qd, 3] + r_macros[r, 2],
            frac[qd] + share,
            target,
            macros,
            params,
        )
        change += new_term - term[qd]
        cost_after += scale * (day[qd, 4] + r_cost[r]) * people - spend[qd]
        filled += share
    change += params[P_W_BUDGET] * (_over_budget(cost_after, filled / full, budget) - over_before)
    reuse = 0.0
    for j in range(r_ing_ptr[r], r_ing_ptr[r + 1]):
        if ing_count[r_ing_idx[j]] == 0:
            reuse += weights[r_ing_idx[j]]
    change += params[P_W_REUSE] * reuse
    main = r_main[r]
    if main >= 0 and main_count[main] >= params[P_MAIN]:
        change += params[P_W_VARIETY]
    return float(change)


@compiled
def _uses(r: int, i: int, cat: Catalog) -> bool:
    """Whether recipe `r` cooks ingredient `i`."""
    for j in range(cat[5][r], cat[5][r + 1]):  # noqa: SIM110 (numba compiles no any(generator))
        if cat[6][j] == i:
            return True
    return False


@compiled
def _best(
    options: np.ndarray,
    p: int,
    best: int,
    best_delta: float,
    margin: float,
    avoid: int,
    st: State,
    goal: Goal,
    cat: Catalog,
    params: np.ndarray,
) -> int:
    """The option (recipe id) allowed at the empty position `p` and not cooking ingredient
    `avoid` (-1: any) that changes the objective least, if by more than `margin` less than
    `best_delta` (of `best`); else `best`."""
    d = p // SLOT_COUNT
    repeats = int(params[P_REPEATS])
    week = _week(st, goal)
    for r in options:
        if r == best or not _allowed(r, d, st, repeats) or (avoid >= 0 and _uses(r, avoid, cat)):
            continue
        change = _delta(r, p, week, st, goal, cat, params)
        if change < best_delta - margin:
            best, best_delta = r, change
    return best


@compiled
def _first_allowed(
    feasible: np.ndarray,
    p: int,
    offset: int | np.int64,
    st: State,
    cat: Catalog,
    params: np.ndarray,
) -> int:
    """The first feasible recipe for `p`'s slot allowed by the repeat rules, from `offset`."""
    n_recipes = feasible.shape[0]
    d, s = p // SLOT_COUNT, p % SLOT_COUNT
    for step in range(n_recipes):
        r = (step + offset) % n_recipes
        if feasible[r] and (cat[3][r] >> s) & 1 and _allowed(r, d, st, int(params[P_REPEATS])):
            return int(r)
    return -1


@compiled
def _meal_scores(
    r: int,
    fits: int,
    target: float,
    macros: np.ndarray,
    people: float,
    budget: float,
    meals: float,
    cat: Catalog,
    params: np.ndarray,
    out: np.ndarray,
) -> None:
    """The fit of recipe `r` alone at each slot of `fits` (bits), into `out[slot]`: its day
    term at the slot's share, and its prorated part of going over the budget if every meal of
    the week cost the same. Unclipped portions give every slot the same term (computed once)."""
    r_kcal, r_macros, r_cost = cat[0], cat[1], cat[2]
    unclipped = -1.0
    for s in range(SLOT_COUNT):
        if not (fits >> s) & 1:
            continue
        share = params[P_SHARE + s]
        scale = target * share / r_kcal[r] if r_kcal[r] > 0 else params[P_HIGH]
        if params[P_LOW] <= scale <= params[P_HIGH] and unclipped >= 0:
            term = unclipped
        else:
            term, scale = _day_term(
                r_kcal[r],
                r_macros[r, 0],
                r_macros[r, 1],
                r_macros[r, 2],
                share,
                target,
                macros,
                params,
            )
            if params[P_LOW] <= target * share / max(r_kcal[r], 1e-9) <= params[P_HIGH]:
                unclipped = term
        if not np.isnan(budget) and budget > 0:
            over = _over_budget(scale * r_cost[r] * people * meals, 1.0, budget)
            term += params[P_W_BUDGET] * over / meals
        out[s] = term


@compiled
def _candidates(
    feasible: np.ndarray,
    slots: int,
    goal: Goal,
    meals: float,
    cat: Catalog,
    params: np.ndarray,
    counts: np.ndarray,
    lists: np.ndarray,
) -> np.ndarray:
    """Per planned slot, the feasible recipes counted into `counts` and the best
    `candidates_per_slot` of them by `_meal_scores` into `lists` (ascending); the list lengths."""
    k = lists.shape[1]
    list_len = np.zeros(SLOT_COUNT, dtype=np.int64)
    list_score = np.full((SLOT_COUNT, k), np.inf)
    scores = np.zeros(SLOT_COUNT)
    for r in range(feasible.shape[0]):
        fits = slots & cat[3][r]
        if not feasible[r] or fits == 0:
            continue
        _meal_scores(r, fits, goal[0], goal[1], goal[2], goal[3], meals, cat, params, scores)
        for s in range(SLOT_COUNT):
            if not (fits >> s) & 1:
                continue
            counts[s] += 1
            score = scores[s]
            n = list_len[s]
            if n == k and score >= list_score[s, k - 1]:
                continue
            at = n if n < k else k - 1
            while at > 0 and list_score[s, at - 1] > score:
                if at < k:
                    list_score[s, at] = list_score[s, at - 1]
                    lists[s, at] = lists[s, at - 1]
                at -= 1
            list_score[s, at] = score
            lists[s, at] = r
            if n < k:
                list_len[s] = n + 1
    return list_len


@compiled
def _layout(
    slots: int,
    leftovers: bool,
    pin_pos: np.ndarray,
    pin_recipe: np.ndarray,
    pin_tag: np.ndarray,
    kind: np.ndarray,
    recipe: np.ndarray,
    pin_code: np.ndarray,
) -> np.ndarray:
    """The week's positions: free where the slot is planned, leftover lunches, pins claimed
    (a pin at an unplanned slot, a second pin at a position or an unknown name is refused in
    `pin_code`). Returns the pin at each position (-1 for none)."""
    for p in range(POSITIONS):
        kind[p] = KIND_FREE if (slots >> (p % SLOT_COUNT)) & 1 else KIND_NONE
        recipe[p] = -1
    pin_at = np.full(POSITIONS, -1, dtype=np.int64)
    for j in range(pin_pos.shape[0]):
        p = pin_pos[j]
        if kind[p] == KIND_NONE:
            pin_code[j] = PIN_NOT_A_SLOT
        elif pin_at[p] >= 0:
            pin_code[j] = PIN_TWICE
        elif pin_recipe[j] < 0 and pin_tag[j] < 0:
            pin_code[j] = PIN_UNKNOWN
        else:
            pin_at[p] = j
    if leftovers and (slots >> LUNCH) & 1 and (slots >> DINNER) & 1:
        for d in range(1, DAYS):
            if pin_at[d * SLOT_COUNT + LUNCH] < 0:
                kind[d * SLOT_COUNT + LUNCH] = KIND_LEFTOVER
    return pin_at


@compiled
def _too_few(kind: np.ndarray, counts: np.ndarray, repeats: int) -> int:
    """A slot with fewer feasible recipes than its cooked meals need, as slot + SLOT_COUNT x
    the number needed; -1 when every slot has enough."""
    for s in range(SLOT_COUNT):
        cooked = 0
        for d in range(DAYS):
            if kind[d * SLOT_COUNT + s] == KIND_FREE:
                cooked += 1
        need = -(-cooked // min(repeats, MAX_SPREAD))
        if counts[s] < need:
            return s + SLOT_COUNT * need
    return -1


@compiled
def _objective(st: State, goal: Goal, params: np.ndarray) -> float:
    """The objective of a full week (`simmer.planner.settings.PlannerSettings`)."""
    term, spend, totals = st[4], st[5], st[10]
    value = term.sum() + params[P_W_BUDGET] * _over_budget(spend.sum(), 1.0, goal[3])
    return float(value + params[P_W_VARIETY] * totals[1] + params[P_W_REUSE] * totals[0])


# The local search's moves: (kind[21], candidate lists (3, k), list lengths[3], dirty[21]: the
# positions whose replacement is worth trying again since something near them changed,
# scratch for an ejection: the meals it takes (21, 2: position, recipe), the ingredients to try
# and which of them are listed (one per ingredient), fresh[21]: the positions whose ingredients
# are worth ejecting again).
Moves = tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]


@compiled
def _touch(p: int, moves: Moves) -> None:
    """Mark the meals of the days around position `p` (and its leftover's) as worth a retry,
    by a replacement and by an ejection."""
    first = max(p // SLOT_COUNT - 1, 0) * SLOT_COUNT
    last = min(p // SLOT_COUNT + 2 + (p % SLOT_COUNT == DINNER), DAYS) * SLOT_COUNT
    moves[3][first:last] = True
    moves[7][first:last] = True


@compiled
def _replace_pass(moves: Moves, st: State, goal: Goal, cat: Catalog, params: np.ndarray) -> bool:
    """Each free meal marked dirty swapped for the listed recipe that lowers the objective most."""
    kind, lists, list_len, dirty = moves[:4]
    changed = False
    for p in range(POSITIONS):
        if kind[p] != KIND_FREE or not dirty[p]:
            continue
        dirty[p] = False
        s = p % SLOT_COUNT
        old = _take(p, st, goal, cat, params)
        stay = _delta(old, p, _week(st, goal), st, goal, cat, params)
        best = _best(lists[s, : list_len[s]], p, old, stay, 1e-12, -1, st, goal, cat, params)
        _place(p, best, st, goal, cat, params)
        if best != old:
            changed = True
            _touch(p, moves)
    return changed


@compiled
def _near(d: int) -> int:
    """The days bitmask of day d and the days either side."""
    return (1 << d) | ((1 << (d + 1)) if d < DAYS - 1 else 0) | ((1 << (d - 1)) if d > 0 else 0)


@compiled
def _exchange_delta(
    p: int, q: int, st: State, goal: Goal, cat: Catalog, params: np.ndarray
) -> float:
    """How much exchanging the meals at `p` and `q` (one slot, two days) changes the objective,
    inf where the repeat rules forbid it. The week cooks the same recipes, so only the days the
    two meals and their leftovers feed and the budget change."""
    recipe, kind, day, term, spend, rec_days = st[0], st[1], st[2], st[4], st[5], st[7]
    a, b = recipe[p], recipe[q]
    dp, dq = p // SLOT_COUNT, q // SLOT_COUNT
    if (rec_days[a] & ~(1 << dp)) & _near(dq) or (rec_days[b] & ~(1 << dq)) & _near(dp):
        return np.inf
    r_kcal, r_macros, r_cost = cat[0], cat[1], cat[2]
    days, totals = st[11], st[12]
    n_days = 0
    for at, old, new in ((p, a, b), (q, b, a)):
        for step in range(2 if _feeds(kind, at) else 1):
            d = (at + 2 * step) // SLOT_COUNT
            k = 0
            while k < n_days and days[k] != d:
                k += 1
            if k == n_days:
                days[k] = d
                totals[k] = day[d]
                n_days += 1
            totals[k, 0] += r_kcal[new] - r_kcal[old]
            for m in range(3):
                totals[k, 1 + m] += r_macros[new, m] - r_macros[old, m]
            totals[k, 4] += r_cost[new] - r_cost[old]
    change = 0.0
    cost_before = spend.sum()
    cost_after = cost_before
    for k in range(n_days):
        d = days[k]
        new_term, scale = _day_term(
            totals[k, 0], totals[k, 1], totals[k, 2], totals[k, 3], st[3][d], goal[0], goal[1],
            params,
        )  # fmt: skip
        change += new_term - term[d]
        cost_after += scale * totals[k, 4] * goal[2] - spend[d]
    budget_change = _over_budget(cost_after, 1.0, goal[3]) - _over_budget(cost_before, 1.0, goal[3])
    return float(change + params[P_W_BUDGET] * budget_change)


@compiled
def _exchange_pass(moves: Moves, st: State, goal: Goal, cat: Catalog, params: np.ndarray) -> bool:
    """Each pair of free meals of one slot on two days exchanged where that lowers the
    objective (the repeat rules block many single replacements that an exchange allows)."""
    kind, recipe = moves[0], st[0]
    changed = False
    for p in range(POSITIONS):
        if kind[p] != KIND_FREE:
            continue
        for q in range(p + SLOT_COUNT, POSITIONS, SLOT_COUNT):
            if kind[q] != KIND_FREE or recipe[p] == recipe[q]:
                continue
            if _exchange_delta(p, q, st, goal, cat, params) < -1e-12:
                a = _take(p, st, goal, cat, params)
                b = _take(q, st, goal, cat, params)
                _place(p, b, st, goal, cat, params)
                _place(q, a, st, goal, cat, params)
                _touch(p, moves)
                _touch(q, moves)
                changed = True
    return changed


@compiled
def _put_back(
    taken: np.ndarray, n: int, st: State, goal: Goal, cat: Catalog, params: np.ndarray
) -> None:
    """The first `n` meals of `taken` (position, recipe) cooked again as they were."""
    for j in range(n):
        if st[0][taken[j, 0]] >= 0:
            _take(int(taken[j, 0]), st, goal, cat, params)
    for j in range(n):
        _place(int(taken[j, 0]), int(taken[j, 1]), st, goal, cat, params)


@compiled
def _eject(i: int, moves: Moves, st: State, goal: Goal, cat: Catalog, params: np.ndarray) -> bool:
    """Every meal cooking ingredient `i` taken away, then each (in position order) refilled by
    the listed recipe without `i` that raises the objective least; kept if the week's objective
    falls, else undone. Returns whether it was kept (never when a pinned meal cooks `i`).
    One replacement never stops buying an ingredient two meals share; this does."""
    kind, lists, list_len, taken = moves[0], moves[1], moves[2], moves[4]
    recipe = st[0]
    n = 0
    for p in range(POSITIONS):
        if recipe[p] >= 0 and kind[p] != KIND_LEFTOVER and _uses(recipe[p], i, cat):
            if kind[p] != KIND_FREE:
                return False
            taken[n, 0], taken[n, 1] = p, recipe[p]
            n += 1
    before = _objective(st, goal, params)
    for j in range(n):
        _take(int(taken[j, 0]), st, goal, cat, params)
    for j in range(n):
        p = int(taken[j, 0])
        s = p % SLOT_COUNT
        new = _best(lists[s, : list_len[s]], p, -1, np.inf, 0.0, i, st, goal, cat, params)
        if new < 0:
            _put_back(taken, n, st, goal, cat, params)
            return False
        _place(p, new, st, goal, cat, params)
    if _objective(st, goal, params) < before - 1e-12:
        for j in range(n):
            _touch(int(taken[j, 0]), moves)
        return True
    _put_back(taken, n, st, goal, cat, params)
    return False


@compiled
def _eject_pass(moves: Moves, st: State, goal: Goal, cat: Catalog, params: np.ndarray) -> bool:
    """Each weighed ingredient bought for two to `eject_meals` meals, one of them a free meal
    marked since the last pass, ejected (`_eject`), in the order the week first cooks them.
    (An ingredient of one meal only is the replacement's business.)"""
    kind, todo, listed, fresh = moves[0], moves[5], moves[6], moves[7]
    recipe, ing_count, weights, ptr, idx = st[0], st[8], cat[7], cat[5], cat[6]
    limit = params[P_EJECT]
    n = 0
    for p in range(POSITIONS):
        if kind[p] != KIND_FREE or not fresh[p]:
            continue
        for j in range(ptr[recipe[p]], ptr[recipe[p] + 1]):
            i = idx[j]
            if weights[i] > 0 and not listed[i] and 2 <= ing_count[i] <= limit:
                listed[i] = True
                todo[n] = i
                n += 1
    fresh[:] = False
    changed = False
    for j in range(n):
        i = todo[j]
        listed[i] = False
        if 2 <= ing_count[i] <= limit:
            changed |= _eject(int(i), moves, st, goal, cat, params)
    return changed


@compiled
def _descend(
    moves: Moves, eject: bool, st: State, goal: Goal, cat: Catalog, params: np.ndarray
) -> None:
    """Replacements, exchanges and (with `eject`) ejections until a pass changes nothing or
    `local_search_passes`."""
    for _ in range(int(params[P_PASSES])):
        changed = _replace_pass(moves, st, goal, cat, params)
        changed |= _exchange_pass(moves, st, goal, cat, params)
        if eject:
            changed |= _eject_pass(moves, st, goal, cat, params)
        if not changed:
            break


@compiled
def _kick(
    moves: Moves, free: np.ndarray, rng: np.uint64, st: State, goal: Goal, cat: Catalog,
    params: np.ndarray,
) -> np.uint64:  # fmt: skip
    """`kick_meals` of the `free` positions, drawn from `rng`, each replaced by a listed recipe
    the repeat rules allow there (drawn too); returns the generator's state."""
    lists, list_len = moves[1], moves[2]
    repeats = int(params[P_REPEATS])
    for _ in range(int(params[P_KICK]) if free.shape[0] > 0 else 0):
        rng, draw = _splitmix(rng)
        p = free[draw % np.uint64(free.shape[0])]
        s = p % SLOT_COUNT
        old = _take(p, st, goal, cat, params)
        rng, draw = _splitmix(rng)
        span = list_len[s]
        offset = draw % np.uint64(max(span, 1))
        new = old
        for step in range(span):
            r = lists[s, (step + offset) % span]
            if r != old and _allowed(r, p // SLOT_COUNT, st, repeats):
                new = r
                break
        _place(p, new, st, goal, cat, params)
        _touch(p, moves)
    return rng


@compiled
def _restart(
    moves: Moves, rng: np.uint64, st: State, goal: Goal, cat: Catalog, params: np.ndarray
) -> np.uint64:
    """Up to `restarts` times, until `restart_patience` in a row found nothing better: kick the
    best week found so far, descend again (no ejections) from the meals near the kicked ones,
    keep it if
    better (iterated local search), among the first `restart_candidates` of each list; the
    state ends as the best week. Returns the generator's state."""
    kind, recipe = moves[0], st[0]
    clipped = np.minimum(moves[2], int(params[P_RESTART_K]))
    moves = (kind, moves[1], clipped) + moves[3:]  # noqa: RUF005 (numba: no unpacking here)
    free = np.flatnonzero(kind == KIND_FREE)
    best = recipe.copy()
    best_value = _objective(st, goal, params)
    stale = 0
    for _ in range(int(params[P_RESTARTS])):
        if stale >= params[P_PATIENCE]:
            break
        rng = _kick(moves, free, rng, st, goal, cat, params)
        _descend(moves, False, st, goal, cat, params)
        value = _objective(st, goal, params)
        if value < best_value - 1e-12:
            best_value, stale = value, 0
            best[:] = recipe
            continue
        stale += 1
        for j in range(free.shape[0]):
            if recipe[free[j]] != best[free[j]]:
                _take(int(free[j]), st, goal, cat, params)
        for j in range(free.shape[0]):
            if recipe[free[j]] < 0:
                _place(int(free[j]), best[free[j]], st, goal, cat, params)
        moves[3][:] = False  # back at the best week, which the descent left
        moves[7][:] = False
    return rng


@compiled
def _plan_one(
    feasible: np.ndarray,
    slots: int,
    goal: Goal,
    leftovers: bool,
    pin_pos: np.ndarray,
    pin_recipe: np.ndarray,
    pin_tag: np.ndarray,
    seed: np.uint64,
    cat: Catalog,
    params: np.ndarray,
    recipe: np.ndarray,
    kind: np.ndarray,
    counts: np.ndarray,
    pin_code: np.ndarray,
    lists: np.ndarray,
) -> tuple[int, int, float, int]:
    """Plan one household; returns (status, detail, objective, distinct ingredients).

    detail: for STATUS_TOO_FEW the slot with too few recipes plus SLOT_COUNT x the number it
    needs; for STATUS_DEAD_END the position no recipe could fill."""
    n_recipes = feasible.shape[0]
    repeats = int(params[P_REPEATS])
    random_mode = params[P_RANDOM] > 0
    meals = 0.0
    for s in range(SLOT_COUNT):
        if (slots >> s) & 1:
            meals += DAYS
    # 1. candidate lists
    list_len = _candidates(feasible, slots, goal, meals, cat, params, counts, lists)
    # 2. positions, pins, leftovers
    pin_at = _layout(slots, leftovers, pin_pos, pin_recipe, pin_tag, kind, recipe, pin_code)
    short = _too_few(kind, counts, repeats)
    if short >= 0:
        return STATUS_TOO_FEW, short, 0.0, 0
    n_ingredients = cat[7].shape[0]
    st = (
        recipe,
        kind,
        np.zeros((DAYS, 5)),
        np.zeros(DAYS),
        np.zeros(DAYS),
        np.zeros(DAYS),
        np.zeros(n_recipes, dtype=np.int16),
        np.zeros(n_recipes, dtype=np.int16),
        np.zeros(n_ingredients, dtype=np.int16),
        np.zeros(n_ingredients, dtype=np.int16),
        np.zeros(2),
        np.zeros(4, dtype=np.int64),
        np.zeros((4, 5)),
    )
    for p in range(POSITIONS):
        j = pin_at[p]
        if j < 0 or pin_recipe[j] < 0:
            if j >= 0:
                kind[p] = KIND_TAG
            continue
        r = pin_recipe[j]
        if not feasible[r] or not (cat[3][r] >> (p % SLOT_COUNT)) & 1:
            pin_code[j] = PIN_BREAKS_RULE
        elif not _allowed(r, p // SLOT_COUNT, st, repeats):
            pin_code[j] = PIN_REPEATS
        else:
            pin_code[j] = PIN_HONOURED
            kind[p] = KIND_PINNED
            _place(p, r, st, goal, cat, params)
    # 3. greedy over the week in order
    tag_ptr, tag_idx = cat[8], cat[9]
    rng = seed
    for p in range(POSITIONS):
        if kind[p] != KIND_FREE and kind[p] != KIND_TAG:
            continue
        s = p % SLOT_COUNT
        best = -1
        if kind[p] == KIND_TAG:
            t = pin_tag[pin_at[p]]
            if t >= 0:
                rng, draw = _splitmix(rng)
                tagged = tag_idx[tag_ptr[t] : tag_ptr[t + 1]]
                span = tagged.shape[0]
                offset = np.int64(draw % np.uint64(max(span, 1))) if random_mode else np.int64(0)
                allowed_here = np.empty(span, dtype=np.int64)
                n_here = 0
                for step in range(span):
                    r = tagged[(step + offset) % span]
                    if feasible[r] and (cat[3][r] >> s) & 1:
                        allowed_here[n_here] = r
                        n_here += 1
                if random_mode:
                    for i in range(n_here):
                        if _allowed(allowed_here[i], p // SLOT_COUNT, st, repeats):
                            best = allowed_here[i]
                            break
                else:
                    tagged_here = allowed_here[:n_here]
                    best = _best(tagged_here, p, -1, np.inf, 0.0, -1, st, goal, cat, params)
            if best < 0:
                pin_code[pin_at[p]] = PIN_NO_TAGGED
                kind[p] = KIND_FREE
            else:
                pin_code[pin_at[p]] = PIN_HONOURED
        if best < 0 and random_mode:
            rng, draw = _splitmix(rng)
            best = _first_allowed(
                feasible, p, np.int64(draw % np.uint64(n_recipes)), st, cat, params
            )
        if best < 0:
            best = _best(lists[s, : list_len[s]], p, -1, np.inf, 0.0, -1, st, goal, cat, params)
        if best < 0:  # every listed recipe is used up: any feasible one
            best = _first_allowed(feasible, p, 0, st, cat, params)
        if best < 0:
            return STATUS_DEAD_END, p, 0.0, 0
        _place(p, best, st, goal, cat, params)
    # 4. local search, 5. restarts from kicked copies of the best week
    if not random_mode:
        moves = (
            kind,
            lists,
            list_len,
            np.ones(POSITIONS, dtype=np.bool_),
            np.zeros((POSITIONS, 2), dtype=np.int64),
            np.zeros(n_ingredients, dtype=np.int64),
            np.zeros(n_ingredients, dtype=np.bool_),
            np.ones(POSITIONS, dtype=np.bool_),
        )
        _descend(moves, params[P_EJECT] >= 2, st, goal, cat, params)
        rng = _restart(moves, rng, st, goal, cat, params)
    ing_count = st[8]
    objective = _objective(st, goal, params)
    distinct = 0
    for i in range(n_ingredients):
        if ing_count[i] > 0 and cat[7][i] > 0:
            distinct += 1
    return STATUS_OK, -1, objective, distinct


@compiled_parallel
def plan_block(
    feasible: np.ndarray,
    slots: np.ndarray,
    people: np.ndarray,
    target: np.ndarray,
    macros: np.ndarray,
    budget: np.ndarray,
    leftovers: np.ndarray,
    pin_ptr: np.ndarray,
    pin_pos: np.ndarray,
    pin_recipe: np.ndarray,
    pin_tag: np.ndarray,
    seeds: np.ndarray,
    cat: Catalog,
    params: np.ndarray,
    out_recipe: np.ndarray,
    out_kind: np.ndarray,
    out_status: np.ndarray,
    out_detail: np.ndarray,
    out_counts: np.ndarray,
    out_pin: np.ndarray,
    out_objective: np.ndarray,
    out_distinct: np.ndarray,
    out_lists: np.ndarray,
) -> None:
    """Plan every household (row) of a block; pins are rows `pin_ptr[h]:pin_ptr[h+1]`;
    `cat` the catalog tuple (see `Catalog`)."""
    shares = params[P_SHARE : P_SHARE + 3]
    for h in numba.prange(feasible.shape[0]):
        full = 0.0
        for s in range(SLOT_COUNT):
            if (slots[h] >> s) & 1:
                full += shares[s] * DAYS
        goal = (target[h], macros[h], people[h], budget[h], full)
        a, b = pin_ptr[h], pin_ptr[h + 1]
        status, detail, objective, distinct = _plan_one(
            feasible[h],
            slots[h],
            goal,
            leftovers[h],
            pin_pos[a:b],
            pin_recipe[a:b],
            pin_tag[a:b],
            seeds[h],
            cat,
            params,
            out_recipe[h],
            out_kind[h],
            out_counts[h],
            out_pin[a:b],
            out_lists[h],
        )
        out_status[h] = status
        out_detail[h] = detail
        out_objective[h] = objective
        out_distinct[h] = distinct
