"""Match free-text ingredient names ('onions', 'chopped fresh parsley') to pack ingredients.

`IngredientMatcher` is built once from a pack's `Ingredient` records and answers `match(name)`:

1. **Normalize** the name and every indexed name alike: lowercase, ASCII-folded, punctuation
   removed, simple plurals singularized ('tomatoes' -> 'tomato'), and words that do not change
   which food it is dropped ('large', 'organic', 'raw'...; not 'fresh', 'diced', 'peeled',
   'boneless'..., which name products: fresh pasta, diced or peeled tomatoes, minced beef).
2. **Exact** hits have confidence 1.0: first on a *preferred* record's slug, name or synonym, then
   on any record's name. Preferred records are written the way people write ingredients: curated
   records (they have synonyms) and records whose name has no SR-style comma qualifiers ('Onion',
   not 'Onions, raw').
3. **Fuzzy** over the preferred names and synonyms: words match exactly or, when long enough,
   by spelling ('broccli' ~ 'broccoli'); the score is lowered for each word of the name the
   candidate lacks (much more for a word that is itself a food, 'coconut flour' is no flour, or
   that makes it a stand-in, 'gluten-free flour'), for each candidate word the name lacks, and
   when the candidate lacks the name's last word, its head noun ('vanilla bean' is no vanilla).
4. **SR food names**: a name equal to the part of an SR name before its first comma ('chayote'
   -> 'Chayote, fruit, raw') matches with `HEAD_CONFIDENCE`, the plainest form winning ('...,
   raw', fewest qualifiers); then fuzzy over every name as in 3.

**Qualifiers** the line states ('1 can (15 oz) beans, low-sodium', 'basil (dried)', 'milk, fat
free'; `qualifiers_of`) are tried first: when the name's words together with some of the
qualifiers it does not state itself (all first, then fewer) are exactly the words of a preferred
name ('low sodium canned tomatoes'), that record wins with confidence 1.0. Otherwise the name
alone is matched, and then the matched food's *qualified form* is preferred: a preferred record
named by one of the food's names together with some of the qualifiers ('1 can low-sodium black
beans' -> black beans -> 'canned black beans'), with the plain match's confidence. A line
measured in cans thus gets the canned food whenever the curated foods have one (a can of beans
holds cooked beans, about 90 kcal/100 g, not dry ones at about 340).

Below `threshold` (`preferred_threshold` for step 3) a match has no slug. A match is *ambiguous*
when two different ingredients are about equally good (runner-up within `AMBIGUITY_MARGIN`), when
an SR name prefix stands for several different foods, or when the name joins foods ('salt and
pepper'); it then carries the best candidate's slug (none for an SR name prefix), for review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from rapidfuzz import fuzz, process

from simmer.packs.schema import Ingredient
from simmer.text import ascii_fold, singular

# Words that do not change which food a name means.
DROP_WORDS = frozenset({
    "freshly", "large", "medium", "small", "big", "sized", "size", "finely", "roughly",
    "coarsely", "sliced", "thinly", "organic", "ripe", "raw", "softened", "melted", "beaten",
    "cold", "warm", "lukewarm", "room", "temperature", "optional", "taste", "about", "of", "a",
    "an", "the", "some", "good", "quality", "for", "to", "as", "frying", "greasing", "garnish",
    "garnishing", "serving", "dusting", "brushing", "decoration",
})  # fmt: skip
# Last words that name no food of their own, so a candidate need not share them.
GENERIC_HEADS = frozenset({"meat", "leaf", "leave", "sprig", "loaf"})
CONJUNCTIONS = frozenset({"and", "or", "plus", "with"})
# Words that make a name a stand-in for the food it names ('gluten-free flour' is no flour).
SUBSTITUTE_WORDS = frozenset({
    "free", "vegan", "substitute", "imitation", "replacer", "alternative", "non", "plant", "mock",
})  # fmt: skip

# Product qualifiers a line may state outside the name, and the words curated names use for them.
QUALIFIERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:cans?(?!\s+be\b)|canned|tins?|tinned)\b", re.I), "canned"),
    (
        re.compile(r"\b(?:low|lower|reduced|less)[- ]sodium\b|\bno[- ]salt[- ]added\b", re.I),
        "low sodium",
    ),
    (re.compile(r"\b(?:fat[- ]free|non-?fat)\b", re.I), "fat free"),
    (re.compile(r"\bgrated\b", re.I), "grated"),
    (re.compile(r"\bdried\b", re.I), "dried"),
    (re.compile(r"\bminced\b", re.I), "minced"),
)
ALTERNATIVE = re.compile(r"\bor\b", re.I)
PREFERRED_THRESHOLD = 88.0
THRESHOLD = 85.0
HEAD_CONFIDENCE = 0.9
AMBIGUITY_MARGIN = 3.0
CANDIDATES = 3
RETRIEVE_LIMIT = 50
RETRIEVE_CUTOFF = 60.0
TYPO_RATIO = 80.0
TYPO_MIN_LENGTH = 5
EXTRA_WORD_PENALTY = 0.05
MISSING_WORD_PENALTY = 0.15
FOOD_WORD_FACTOR = 0.85
SUBSTITUTE_FACTOR = 0.7
HEAD_NOUN_FACTOR = 0.85
RAW_BONUS = 2.0
QUALIFIER_PENALTY = 1.0
CURATED_BONUS = 5.0


@dataclass(frozen=True)
class Match:
    """The ingredient `slug` a name matched (None when nothing did) and how sure that is."""

    slug: str | None
    confidence: float
    ambiguous: bool
    candidates: tuple[tuple[str, float], ...]


NO_MATCH = Match(None, 0.0, False, ())


@dataclass(frozen=True)
class _Entry:
    """One indexed name: its slug, how plain its record is (curated, '..., raw', fewer
    qualifiers rank higher) and the SR qualifier after the name's first comma."""

    slug: str
    plainness: float
    qualifier: str = ""


@dataclass(frozen=True)
class _Candidate:
    """A fuzzy hit: its score (0-100) and the rank that orders hits (score + plainness)."""

    slug: str
    score: float
    rank: float


class _Index:
    """Normalized names -> entries, with a word index to narrow fuzzy searches."""

    def __init__(self) -> None:
        self.entries: dict[str, list[_Entry]] = defaultdict(list)
        self._by_word: dict[str, set[str]] = defaultdict(set)

    def add(self, key: str, entry: _Entry) -> None:
        if key and all(existing.slug != entry.slug for existing in self.entries[key]):
            self.entries[key].append(entry)
            for word in key.split():
                self._by_word[word].add(key)

    def words(self) -> frozenset[str]:
        """Names of one word: foods in their own right ('coconut', 'rice')."""
        return frozenset(key for key in self.entries if " " not in key)

    def fuzzy(
        self, key: str, food_words: frozenset[str], shared_word_only: bool
    ) -> list[_Candidate]:
        """The best fuzzy hits, best first, one per slug (see the module docstring, step 3)."""
        if shared_word_only:
            choices = sorted(set().union(*(self._by_word.get(w, set()) for w in key.split())))
        else:
            choices = sorted(self.entries)
        hits = process.extract(
            key,
            choices,
            scorer=fuzz.token_set_ratio,
            limit=RETRIEVE_LIMIT,
            score_cutoff=RETRIEVE_CUTOFF,
        )
        candidates = []
        for text, _, _ in hits:
            score = similarity(key, text, food_words)
            for entry in self.entries[text]:
                candidates.append(_Candidate(entry.slug, score, score + entry.plainness))
        return _best_per_slug(candidates)


class IngredientMatcher:
    """Matches ingredient names to the slugs of `ingredients` (see the module docstring)."""

    def __init__(
        self,
        ingredients: Iterable[Ingredient],
        preferred_threshold: float = PREFERRED_THRESHOLD,
        threshold: float = THRESHOLD,
    ) -> None:
        self._preferred_threshold = preferred_threshold
        self._threshold = threshold
        self._preferred = _Index()
        self._by_words: dict[frozenset[str], list[_Entry]] = defaultdict(list)
        self._names_of: dict[str, set[frozenset[str]]] = defaultdict(set)
        self._general = _Index()
        self._heads = _Index()
        for ingredient in sorted(ingredients, key=lambda record: record.slug):
            self._add(ingredient)
        for key, entries in self._preferred.entries.items():
            self._by_words[frozenset(key.split())].extend(entries)
            for entry in entries:
                self._names_of[entry.slug].add(frozenset(key.split()))
        self._food_words = self._preferred.words() | self._heads.words()
        self._cache: dict[str, Match] = {}

    def _add(self, ingredient: Ingredient) -> None:
        head, _, qualifier = ingredient.name.partition(",")
        bonus = CURATED_BONUS if ingredient.synonyms else 0.0
        entry = _Entry(ingredient.slug, plainness(ingredient.name) + bonus, normalize(qualifier))
        if is_preferred(ingredient):
            names = (ingredient.slug.replace("-", " "), ingredient.name, *ingredient.synonyms)
            for name in names:
                self._preferred.add(normalize(name), entry)
        else:
            self._general.add(normalize(ingredient.name), entry)
            self._heads.add(normalize(head), entry)

    def match(self, name: str, qualifiers: Sequence[str] = ()) -> Match:
        """The best ingredient for `name` stated with `qualifiers` (module docstring);
        `Match.slug` is None below the threshold."""
        stated = [frozenset(normalize(q).split()) for q in dict.fromkeys(qualifiers)]
        stated = [words for words in stated if words]
        if not stated:
            return self._plain(name)
        words = frozenset(normalize(name).split())
        extra = [q for q in stated if not q <= words]
        qualified = self._qualified(words, extra) if words else None
        if qualified is not None:
            return qualified
        return self._qualified_form(self._plain(name), stated)

    def _qualified(self, words: frozenset[str], stated: Sequence[frozenset[str]]) -> Match | None:
        """The preferred record named exactly by `words` with the most of `stated`, if any."""
        for size in range(len(stated), 0, -1):
            for chosen in combinations(stated, size):
                entries = self._by_words.get(words.union(*chosen))
                if entries:
                    return _exact(entries)
        return None

    def _qualified_form(self, plain: Match, stated: Sequence[frozenset[str]]) -> Match:
        """`plain` moved to its food's qualified form ('kidney beans' canned: 'canned kidney
        beans'), with the confidence of `plain`; `plain` itself when the food has none."""
        if plain.slug is None:
            return plain
        for words in sorted(self._names_of.get(plain.slug, ()), key=sorted):
            form = self._qualified(words, stated)
            slug = form.slug if form is not None and not form.ambiguous else None
            if slug is not None and slug != plain.slug:
                others = (other for other in plain.candidates[1:] if other[0] != slug)
                return replace(plain, slug=slug, candidates=((slug, plain.confidence), *others))
        return plain

    def _plain(self, name: str) -> Match:
        key = normalize(name)
        if key not in self._cache:
            self._cache[key] = self._match(key)
        return self._cache[key]

    def _match(self, key: str) -> Match:
        if not key:
            return NO_MATCH
        for index in (self._preferred, self._general):
            if key in index.entries:
                return _exact(index.entries[key])
        joined = bool(CONJUNCTIONS & set(key.split()))
        preferred = self._preferred.fuzzy(key, self._food_words, shared_word_only=False)
        if preferred and preferred[0].score >= self._preferred_threshold:
            return _decide(preferred, self._preferred_threshold, joined)
        if key in self._heads.entries:
            return _head(self._heads.entries[key])
        general = self._general.fuzzy(key, self._food_words, shared_word_only=True)
        return _decide(_best_per_slug(preferred + general), self._threshold, joined)


def qualifiers_of(text: str) -> tuple[str, ...]:
    """The product qualifiers `text` states for its first choice ('2 cans beans, low-sodium' ->
    canned, low sodium; '1 tomato (or 1 can tomato sauce)' -> none)."""
    first_choice = ALTERNATIVE.split(text, maxsplit=1)[0]
    return tuple(words for pattern, words in QUALIFIERS if pattern.search(first_choice))


def normalize(text: str) -> str:
    """The comparable form of an ingredient name (see the module docstring).

    >>> normalize("Ripe Tomatoes, sliced"), normalize("Jalapeño peppers")
    ('tomato', 'jalapeno pepper')
    """
    words = re.sub(r"[^a-z0-9%]+", " ", ascii_fold(text).lower().replace("'", "")).split()
    return " ".join(singular(word) for word in words if word not in DROP_WORDS)


def similarity(query: str, candidate: str, food_words: frozenset[str]) -> float:
    """How well `candidate` names the food `query` names, 0-100 (module docstring, step 3).

    Words are matched exactly or, from `TYPO_MIN_LENGTH` letters, by a rapidfuzz ratio of at
    least `TYPO_RATIO` ('broccli' ~ 'broccoli'); the mean word similarity is then lowered for
    the query's unmatched words and the candidate's missing ones.
    """
    query_words, candidate_words = query.split(), set(candidate.split())
    found: set[str] = set()
    total, extra = 0.0, set()
    for word in query_words:
        similar, score = _closest_word(word, candidate_words)
        if similar is None:
            extra.add(word)
        else:
            found.add(similar)
            total += score
    matched = len(query_words) - sum(word in extra for word in query_words)
    if not matched:
        return 0.0
    factor = (
        1 - EXTRA_WORD_PENALTY * len(extra) - MISSING_WORD_PENALTY * len(candidate_words - found)
    )
    if extra & food_words:
        factor *= FOOD_WORD_FACTOR
    if extra & SUBSTITUTE_WORDS:
        factor *= SUBSTITUTE_FACTOR
    if query_words[-1] in extra and query_words[-1] not in GENERIC_HEADS:
        factor *= HEAD_NOUN_FACTOR
    return max(0.0, total / matched * factor)


def _closest_word(word: str, candidates: set[str]) -> tuple[str | None, float]:
    """`word` itself (100) if among `candidates`, else its closest spelling there, if close."""
    if word in candidates:
        return word, 100.0
    if len(word) < TYPO_MIN_LENGTH:
        return None, 0.0
    best, score = None, 0.0
    for other in sorted(candidates):
        ratio = fuzz.ratio(word, other)
        if ratio > score and len(other) >= TYPO_MIN_LENGTH:
            best, score = other, ratio
    return (best, score) if score >= TYPO_RATIO else (None, 0.0)


def is_preferred(ingredient: Ingredient) -> bool:
    """Curated (has synonyms) or named the way people write ingredients (no SR qualifiers)."""
    return bool(ingredient.synonyms) or "," not in ingredient.name


def plainness(name: str) -> float:
    """A small rank bonus for plain forms: '..., raw' up, each extra qualifier down."""
    raw = RAW_BONUS if re.search(r"\braw\b", name, re.IGNORECASE) else 0.0
    return raw - QUALIFIER_PENALTY * name.count(",")


def _exact(entries: Sequence[_Entry]) -> Match:
    """The plainest record named exactly so; ambiguous when another is as plain."""
    ranked = sorted(entries, key=lambda entry: (-entry.plainness, entry.slug))
    candidates = tuple((entry.slug, 1.0) for entry in ranked[:CANDIDATES])
    tie = len(ranked) > 1 and ranked[0].plainness == ranked[1].plainness
    return Match(ranked[0].slug, 1.0, tie, candidates)


def _head(entries: Sequence[_Entry]) -> Match:
    """An SR name prefix: its plainest form, or no slug when it covers several foods."""
    ranked = sorted(entries, key=lambda entry: (-entry.plainness, entry.slug))
    candidates = tuple((entry.slug, HEAD_CONFIDENCE) for entry in ranked[:CANDIDATES])
    if len({entry.qualifier.split(" ")[0] for entry in ranked}) > 1:
        return Match(None, 0.0, True, candidates)
    return Match(ranked[0].slug, HEAD_CONFIDENCE, False, candidates)


def _best_per_slug(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """The best-ranked candidate of each slug, best first (ties by slug, for determinism)."""
    best: dict[str, _Candidate] = {}
    for candidate in candidates:
        if candidate.slug not in best or candidate.rank > best[candidate.slug].rank:
            best[candidate.slug] = candidate
    return sorted(best.values(), key=lambda candidate: (-candidate.rank, candidate.slug))


def _decide(ranked: Sequence[_Candidate], threshold: float, joined: bool) -> Match:
    """The best fuzzy hit; ambiguous when a close runner-up exists or the name joins foods."""
    if not ranked:
        return NO_MATCH
    best = ranked[0]
    close = len(ranked) > 1 and best.rank - ranked[1].rank < AMBIGUITY_MARGIN
    return Match(
        best.slug if best.score >= threshold else None,
        round(best.score / 100, 4),
        close or joined,
        tuple((other.slug, round(other.score / 100, 4)) for other in ranked[:CANDIDATES]),
    )
