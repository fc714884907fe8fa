"""Parse one free-text ingredient line ('1 1/2 cups all-purpose flour, sifted') into parts.

Rule-based and deterministic. Reads quantities (integers, decimals, fractions, mixed numbers,
unicode fractions, ranges, number words), units (mapped to `simmer.units` canonical names
through an explicit table of the spellings found in community recipes), package sizes
('1 (14 oz) can'), alternative measures ('1 pound (500g)'), and splits the ingredient phrase
into name, alternatives, preparation and notes. A line that states no amount gets no quantity;
the one reading beyond the digits is that a unit word opening a line in the singular ('Pinch
of salt') means one of it, as 'a pinch of salt' does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from simmer.text import singular
from simmer.units import SPELLINGS, grams_per_unit, milliliters_per_unit, spellings, unit_kind


@dataclass(frozen=True)
class ParsedLine:
    """What one ingredient line says. `quantity` is in `unit`; None means not stated.

    For a packaged amount ('2 (15 oz) cans beans') `quantity`/`unit` are the total (30 ounce),
    `package` the container ('can') and `package_count` how many (2). `unit_text` is the unit
    as written, also for measures without an agreed size ('glass'), which get no `unit`.
    `per` is set when the amount is per something ('per person'). `leading_preparation` is the
    preparation written before the name ('diced' in 'diced tomatoes'), also in `preparation`.
    """

    text: str
    name: str
    quantity: float | None = None
    quantity_max: float | None = None
    unit: str | None = None
    unit_text: str | None = None
    approximate: bool = False
    package: str | None = None
    package_count: float | None = None
    alt_quantity: float | None = None
    alt_unit: str | None = None
    alternatives: tuple[str, ...] = ()
    preparation: str | None = None
    optional: bool = False
    to_taste: bool = False
    per: str | None = None
    notes: tuple[str, ...] = ()
    leading_preparation: str | None = None


@dataclass(frozen=True)
class _Amount:
    low: float
    high: float | None
    end: int


@dataclass(frozen=True)
class _Word:
    """A unit, size or package word found in a text: its canonical form, spelling and end."""

    canonical: str | None
    written: str
    end: int


@dataclass(frozen=True)
class _Measure:
    """An amount and its unit (None: a bare count or a vague measure) ending at `end`."""

    low: float
    high: float | None
    unit: str | None
    unit_text: str | None
    end: int


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The registry's spellings, and recipes' own idiom: a "rib" of celery is a stalk (in USDA
# measures a rib is a rib of meat, so this stays out of the shared table).
RECIPE_SPELLINGS: dict[str, str] = {**SPELLINGS, **spellings("stalk", "rib|ribs")}
# Case matters for the one-letter spoons: 'T' is a tablespoon, 't' a teaspoon.
_ONE_LETTER_UNITS: dict[str, str] = {"T": "tablespoon", "t": "teaspoon", "c": "cup", "C": "cup"}
# Measures without an agreed size: recognised (they leave the name) but given no unit.
_VAGUE_MEASURES = _words(
    "glass glasses wine-glass wine-glasses mug mugs bowl bowls splash splashes salt-spoonful "
    "salt-spoonfuls kettle loaf loaves bulb bulbs dollop dollops"
)
_SIZES: dict[str, str] = {
    **spellings("large", "large|big|extra large|extra-large|jumbo|huge"),
    **spellings("medium", "medium|medium-sized|medium sized|medium size|med|mid-sized"),
    **spellings("medium", "average|average-sized|normal sized"),
    **spellings("small", "small|small-sized|small sized|small/medium-sized"),
}
_UNIT_MODIFIERS = _words("heaping heaped level scant generous good rounded overfilled full flat")
_UNITS_WITHOUT_OF = frozenset({"pinch", "dash", "handful", "teaspoon", "tablespoon"})
_PACKAGES = frozenset({"can", "jar", "bottle", "package", "packet", "bag", "box"})
# Count units that also end a name: '3 garlic cloves', '2 celery sticks', '1 garlic head'.
_TRAILING_UNITS = frozenset({"clove", "stalk", "stick", "sprig", "slice", "strip", "cube", "head"})
_NUMBER_WORDS: dict[str, float] = {
    **dict.fromkeys(["a", "an", "one"], 1.0),
    **{"two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0},
    **{"eight": 8.0, "nine": 9.0, "ten": 10.0, "eleven": 11.0, "twelve": 12.0, "dozen": 12.0},
    **{"half": 0.5, "quarter": 0.25},
}
# 'a'/'an' is no amount in 'a little salt', 'a few cloves', 'a thin coating of oil'.
_NOT_AFTER_A = _words("little bit few lot lots touch drizzle thin couple coating")
_VAGUE_AMOUNT = re.compile(
    r"^(?:a\s+)?(?:few|little(?:\s+bit)?|couple|bit|lot|lots|some|several|any|"
    r"small\s+amount|good\s+bit)(?:\s+of)?\s+",
    re.IGNORECASE,
)
_UNICODE_FRACTIONS: dict[str, str] = {  # '½' -> '1/2'
    char: unicodedata.normalize("NFKC", char).replace("\N{FRACTION SLASH}", "/")
    for char in "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
}
_PREPARATIONS = _words(
    "chopped minced diced sliced cubed peeled halved quartered julienned shredded grated "
    "melted softened beaten sifted mashed crumbled rinsed drained pitted seeded deseeded "
    "trimmed washed cleaned zested squeezed juiced thawed pressed cut torn divided "
    "uncooked separated scalded packed cored skinned boned deboned pureed bruised"
)
_ADVERBS = _words(
    "finely roughly coarsely thinly thickly freshly lightly slightly very well firmly loosely"
)
_PREP_FOLLOWERS = _words("with into in to for until and or at on overnight")
# Adjectives a comma may separate from the rest of the name: 'boneless, skinless chicken
# breasts', 'sweet, mini bell peppers'.
_LEADING_ADJECTIVES = _words(
    "boneless skinless sweet mini fresh frozen ripe lean raw cooked dried seedless unsalted plain"
)
# Head nouns that a one-word first alternative shares: 'soy or teriyaki sauce'.
_SHARED_HEADS = _words(
    "sauce beans flour juice vinegar wine chilies chiles chillies peppers cheese onions sugar "
    "rice noodles seeds nuts powder paste syrup extract mushrooms"
)
_APPROXIMATELY = (
    r"(?:~|≈|<|>|\+/-|about|around|approx\.?|appr\.?|approximately|roughly|circa|ca\.|"
    r"e\.g\.|at most|up to|max\.?)"
)
_PREFIX = re.compile(rf"{_APPROXIMATELY}\s*", re.IGNORECASE)
_TRAILING_PREFIX = re.compile(rf"\s*\b{_APPROXIMATELY}\s*$", re.IGNORECASE)
_SIMPLE_NUMBER = re.compile(r"(?P<num>\d+)\s*/\s*(?P<den>\d+)|(?P<dec>\d+(?:[.,]\d+)?|\.\d+)")
_MIXED_TAIL = re.compile(r"(?:\s+|\s+and\s+)(?P<num>\d+)\s*/\s*(?P<den>\d+)")
_WORD = re.compile(r"(?P<word>[A-Za-z]+)\b")
_NEXT_WORDS = re.compile(r"\s+(?P<next>[\w-]+)(?:\s+(?P<after>[\w-]+))?")
_RANGE_SEP = re.compile(r"\s*(?:-|~|\bto\b|\(?\s*\bor\b)\s*", re.IGNORECASE)  # '1 (or 2)'
_CLOSE_PAREN = re.compile(r"\s*\)")
_NUMBER_START = re.compile(r"(?<![\w/.-])(?=\d)")
_DIGIT_START = re.compile(rf"(?:{_APPROXIMATELY}\s*)?[\d.]", re.IGNORECASE)
_UNIT_WORDS = re.compile(r"\s*-?\s*(?P<word>[A-Za-z][A-Za-z.-]*(?:\s+[A-Za-z]+)?)")
_SIZE_WORDS = re.compile(r"\s*(?P<words>[A-Za-z/-]+(?:\s+[A-Za-z]+)?)")
_OF_A = re.compile(r"\s+(?:of\s+)?(?:a|an)\b", re.IGNORECASE)  # 'half a', '1/4 of an'

_OF = re.compile(r"\s*\bof\b", re.IGNORECASE)
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_PLUS = re.compile(r"\s*\+\s*")
_TIMES = re.compile(r"\s*[x\N{MULTIPLICATION SIGN}]\s*(?=\d)")
_OR_SLASH = re.compile(r"\s*(?:/|\bor\b|\|)\s*", re.IGNORECASE)
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_PARENTHETICAL_AHEAD = re.compile(r"\s*\([^()]*\)")
_SIZE_PREFIX = re.compile(
    r"^\d+\s*-?\s*(?:inch|in|cm|\")\s+(?P<unit>piece|pieces)\b(?:\s+of\b)?", re.IGNORECASE
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_CLAUSE_BREAK = re.compile(r"\.\s+(?=[A-Z])|;|:\s|:$|\s-{1,2}\s|\s—\s?|—")
_TO_TASTE = re.compile(r"(?:,\s*)?\b(?:(?:or\s+more,?\s+)?to\s+taste|q\.\s?b\.)", re.IGNORECASE)
_OPTIONAL = re.compile(r"\boptional\b", re.IGNORECASE)
_LEADING_OPTIONAL = re.compile(r"^\(optional\)\s*", re.IGNORECASE)
_OPTIONAL_PART = re.compile(r"^optional\s*[,;]\s*|\s*[,;]\s*optional$", re.IGNORECASE)
_PER = re.compile(r"\bper\s+(?P<per>[\w\s-]+)$", re.IGNORECASE)
_ZEST_OR_JUICE = re.compile(r"^(?P<part>juice|zest|peel|rind)\s+(?:of|from)\s+", re.IGNORECASE)
_LEADING_FILLER = re.compile(r"^(?:(?:of|the)\s+)+", re.IGNORECASE)
# 'Vegetable oil for deep frying': what the ingredient is for is no part of its name.
_PURPOSE = re.compile(r"\s+for\s+\S.*$", re.IGNORECASE)
_US_MEASURE = re.compile(
    r"\bU\.?S\.?\s+(?=(?:fl|fluid|cups?|pints?|quarts?|gallons?|tablespoons?|teaspoons?)\b)",
    re.IGNORECASE,
)
# 'For the Salad:': a sub-list heading, not an ingredient.
_HEADING = re.compile(r"^[^\d(]{1,60}:$")
_COMMA = re.compile(r"(?<!\d),|,(?!\d)")  # not the decimal comma of '2,5 kg'
_ALTERNATIVE_SEP = re.compile(r"\s+(?:and/or|or)\s+|\s*/\s*", re.IGNORECASE)


def kitchen_unit(word: str) -> str | None:
    """The canonical unit for a unit as recipes spell it ('Tbsp', 'grams', 'T'), else None."""
    word = word.strip().rstrip(".")
    return _ONE_LETTER_UNITS.get(word) or RECIPE_SPELLINGS.get(word.lower())


def parse_ingredient_line(text: str) -> ParsedLine:
    """Split one ingredient line into quantity, unit, name and the rest (see ParsedLine)."""
    cleaned = _normalize(text)
    if _HEADING.match(cleaned):
        return ParsedLine(text=text, name="")
    parsed = ParsedLine(
        text=text,
        name="",
        optional=bool(_OPTIONAL.search(cleaned)),
        to_taste=bool(_TO_TASTE.search(cleaned)),
    )
    rest = _LEADING_OPTIONAL.sub("", _TO_TASTE.sub("", cleaned))
    parsed = replace(parsed, approximate=bool(_PREFIX.match(rest)))
    part, rest = _zest_or_juice(rest)
    parsed, rest = _with_leading_measure(parsed, rest)
    parsed, rest = _with_addition(parsed, rest)
    parsed, rest = _with_alternative_measure(parsed, rest)
    parsed, rest = _with_parentheticals(parsed, rest)
    parsed = _with_name(parsed, rest, part)
    return _with_trailing_unit(parsed)


def _normalize(text: str) -> str:
    """Plain text: no Markdown links or emphasis; ASCII fractions, dashes and spaces."""
    text = _URL.sub("", _LINK.sub(r"\1", text))
    for _ in range(2):  # '**_nested_**'
        text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("\\", "").replace("\N{FRACTION SLASH}", "/")
    text = re.sub(r"[\N{EN DASH}\N{MINUS SIGN}]", "-", text)
    text = re.sub(r"[\u00a0\u2000-\u200b\u202f]", " ", text)
    for char, fraction in _UNICODE_FRACTIONS.items():
        text = re.sub(rf"(\d)\s*{char}", rf"\1 {fraction}", text).replace(char, fraction)
    text = re.sub(r"\*+$", "", text.strip()).replace("(s)", "s")  # 'clove(s)'
    text = _US_MEASURE.sub("", text)  # '13½ US fl. oz.': the registry's measures are US ones
    return re.sub(r"\s+", " ", text).strip()


# --- numbers --------------------------------------------------------------------------------


def _number_at(text: str, pos: int) -> _Amount | None:
    """A number at `pos`: '2', '1.5', '1,5', '.5', '1/2', '1 1/2', '2 and 1/4'."""
    match = _SIMPLE_NUMBER.match(text, pos)
    if not match:
        return None
    if match["den"]:
        denominator = int(match["den"])
        value = int(match["num"]) / denominator if denominator else None
        return None if value is None else _Amount(value, None, match.end())
    value = float(match["dec"].replace(",", "."))
    tail = _MIXED_TAIL.match(text, match.end())
    if value.is_integer() and tail and 0 < int(tail["num"]) < int(tail["den"]):
        return _Amount(value + int(tail["num"]) / int(tail["den"]), None, tail.end())
    return _Amount(value, None, match.end())


def _word_number_at(text: str, pos: int) -> _Amount | None:
    """'a', 'one', 'half a', 'a quarter of a', 'one and a half', 'a dozen' at `pos`."""
    match = _WORD.match(text, pos)
    word = match["word"].lower() if match else ""
    if match is None or word not in _NUMBER_WORDS:
        return None
    end = match.end()
    if word in {"a", "an"}:
        following = _NEXT_WORDS.match(text, end)
        if following is None or set(following[0].lower().split()) & _NOT_AFTER_A:
            return None  # 'a little salt', 'a few cloves'
        if following["next"].lower() in {"half", "quarter", "dozen"}:
            return _word_number_at(text, following.start("next"))
    if word in {"half", "quarter"}:
        article = _OF_A.match(text, end)
        end = article.end() if article else end
    half = _AND_A_HALF.match(text, end)
    value = _NUMBER_WORDS[word] + (0.5 if half else 0.0)
    return _Amount(value, None, half.end() if half else end)


def _amount_at(text: str, pos: int) -> _Amount | None:
    """A number or number word, or a range of them ('5-6', '2 to 3', '1/4 - 1/2')."""
    first = _number_at(text, pos) or _word_number_at(text, pos)
    if first is None:
        return None
    sep = _RANGE_SEP.match(text, first.end)
    second = sep and (_number_at(text, sep.end()) or _word_number_at(text, sep.end()))
    if not sep or not second or second.low == first.low:
        return first
    close = _CLOSE_PAREN.match(text, second.end) if "(" in sep.group() else None
    if "(" in sep.group() and not close:
        return first
    if second.low > first.low:
        return _Amount(first.low, second.low, close.end() if close else second.end)
    if second.low < 1 and first.low.is_integer() and "-" in sep.group():
        return _Amount(first.low + second.low, None, second.end)  # '10-3/4', '1 - 2/3'
    return first


# --- units and measures ---------------------------------------------------------------------


def _unit_at(text: str, pos: int) -> _Word | None:
    """A unit at `pos` (canonical None for a vague measure such as 'glass')."""
    match = _UNIT_WORDS.match(text, pos)
    if not match:
        return None
    start = match.start("word")
    for candidate in _unit_candidates(match["word"]):
        end = start + len(candidate)
        if end < len(text) and text[end].isalnum():
            continue
        bare = candidate.rstrip(".")
        if bare in _ONE_LETTER_UNITS:
            if end == len(text) or text[end] in " .,;)":
                return _Word(_ONE_LETTER_UNITS[bare], candidate, end)
            continue
        if bare.lower() in RECIPE_SPELLINGS:
            return _Word(RECIPE_SPELLINGS[bare.lower()], candidate, end)
        if bare.lower() in _VAGUE_MEASURES:
            return _Word(None, candidate, end)
    return None


def _unit_candidates(words: str) -> list[str]:
    """Two-word, one-word, dot-trimmed and hyphen-cut prefixes of `words`, longest first."""
    first = words.split()[0]
    candidates = [words, first, first.rstrip("."), first.split("-")[0]]
    return [c for i, c in enumerate(candidates) if c and c not in candidates[:i]]


def _size_at(text: str, pos: int) -> _Word | None:
    """A size ('large', 'medium-sized': canonical 'large', 'medium') or a word that may stand
    between an amount and its unit ('heaping', 'chopped': canonical None) at `pos`."""
    match = _SIZE_WORDS.match(text, pos)
    if not match:
        return None
    words = match["words"].lower()
    for candidate in (words, words.split()[0]):
        end = match.start("words") + len(candidate)
        if candidate in _SIZES:
            return _Word(_SIZES[candidate], candidate, end)
        if candidate in _UNIT_MODIFIERS or candidate in _PREPARATIONS:
            return _Word(None, candidate, end)
    return None


def _measure_at(text: str, pos: int, allow_size: bool = True) -> _Measure | None:
    """An amount and its unit at `pos`: '2 cups', '400g', '3 large', '1 1/4 oz', '5'."""
    pos += len(text[pos:]) - len(text[pos:].lstrip())
    prefix = _PREFIX.match(text, pos)
    amount = _amount_at(text, prefix.end() if prefix else pos)
    if amount is None or text[amount.end : amount.end + 1] == "%":
        return None
    of_a = _OF_A.match(text, amount.end)
    after_amount = of_a.end() if of_a else amount.end
    size = _size_at(text, after_amount)
    unit = _unit_at(text, size.end if size else after_amount)
    if unit is not None:
        half = _AND_A_HALF.match(text, unit.end)  # 'three ounces and a half'
        if half:
            return _Measure(amount.low + 0.5, None, unit.canonical, unit.written, half.end())
        return _Measure(amount.low, amount.high, unit.canonical, unit.written, unit.end)
    if size and allow_size and size.canonical:
        return _Measure(amount.low, amount.high, size.canonical, size.written, size.end)
    return _Measure(amount.low, amount.high, None, None, after_amount)


def _whole_measure(text: str) -> _Measure | None:
    """A measure that is all of `text` ('1 1/2 teaspoons', '5', '1 clove/teaspoon',
    '1kg | 2 1/4lb'), else None."""
    measure = _measure_at(text, 0)
    if measure is None:
        return None
    sep = _OR_SLASH.match(text, measure.end)
    other = sep and (_measure_at(text, sep.end()) or _unit_at(text, sep.end()))
    end = other.end if other else measure.end
    return measure if not text[end:].strip(" .") else None


def _is_amount_unit(unit: str | None) -> bool:
    return unit is not None and unit_kind(unit) in {"mass", "volume"}


def _times(size: _Measure, count: float) -> _Measure:
    high = None if size.high is None else size.high * count
    return replace(size, low=size.low * count, high=high)


# --- the opening measure --------------------------------------------------------------------


def _with_measure(parsed: ParsedLine, measure: _Measure) -> ParsedLine:
    return replace(
        parsed,
        quantity=measure.low,
        quantity_max=measure.high,
        unit=measure.unit,
        unit_text=measure.unit_text,
    )


def _with_leading_measure(parsed: ParsedLine, text: str) -> tuple[ParsedLine, str]:
    """The line's opening measure, with its package when it is one ('1 (14 oz) can')."""
    vague = _VAGUE_AMOUNT.match(text)
    if vague:
        return _with_unit_only(parsed, text, vague.end())
    size_prefix = _SIZE_PREFIX.match(text)  # '3-inch piece cinnamon': one piece
    if size_prefix:
        piece = _Measure(1.0, None, "piece", size_prefix["unit"], size_prefix.end())
        return _with_measure(parsed, piece), text[piece.end :]
    measure = _measure_at(text, 0) or _singular_unit_at_start(text)
    if measure is None:
        return parsed, text
    packaged = _package_size(text, measure)
    if packaged is None:
        return _with_package_word(_with_measure(parsed, measure), text[measure.end :])
    size, package, count, end = packaged
    parsed = replace(_with_measure(parsed, size), package=package, package_count=count)
    return parsed, text[end:]


def _with_unit_only(parsed: ParsedLine, text: str, pos: int) -> tuple[ParsedLine, str]:
    """'A few cloves of garlic', 'some slices of ham': a unit without an amount."""
    unit = _unit_at(text, pos)
    if unit is None or unit.canonical is None:
        return parsed, text[pos:]
    return replace(parsed, unit=unit.canonical, unit_text=unit.written), text[unit.end :]


def _singular_unit_at_start(text: str) -> _Measure | None:
    """'Pinch of salt', 'Dash of pepper', 'Handful of parsley': one of that unit."""
    modifier = _size_at(text, 0)
    unit = _unit_at(text, modifier.end if modifier else 0)
    if unit is None or unit.canonical is None:
        return None
    if len(unit.written) < 3 or unit.written.lower().endswith("s"):
        return None  # an abbreviation ('T', 'oz') or a plural ('pinches of salt')
    if _OF.match(text, unit.end) or unit.canonical in _UNITS_WITHOUT_OF:
        return _Measure(1.0, None, unit.canonical, unit.written, unit.end)
    return None


def _package_word_at(text: str, pos: int) -> _Word | None:
    """A package unit at `pos`, after an optional size word ('large can')."""
    size = _size_at(text, pos)
    unit = _unit_at(text, size.end if size else pos)
    return unit if unit is not None and unit.canonical in _PACKAGES else None


def _package_size(text: str, count: _Measure) -> tuple[_Measure, str | None, float, int] | None:
    """'1 (14 oz) can', '4 15oz cans', '1 8oz cream cheese', '2 x 400g', '1 can (29 ounces)',
    '1 bottle 700ml': the amount is count x size, in the size's unit. Returns (amount,
    package, count, end)."""
    if count.high is not None or (count.unit_text is not None and count.unit not in _PACKAGES):
        return None  # a range, a measure ('2 cups') or a vague one ('one glass (33 cl)')
    size, end = _size_after(text, count.end)
    if size is None:
        return None
    if count.unit is not None:
        return _times(size, count.low), count.unit, count.low, end
    package = _package_word_at(text, end)
    if package is None:
        return _times(size, count.low), None, count.low, end
    return _times(size, count.low), package.canonical, count.low, package.end


def _size_after(text: str, pos: int) -> tuple[_Measure | None, int]:
    """A mass or volume right after `pos` (' (14 oz)', ' 15oz', ' x 400g') and its end."""
    inner = _PARENTHETICAL.match(text, pos + 1) if text[pos:].startswith(" (") else None
    if inner:
        size, end = _measure_at(inner[1], 0, allow_size=False), inner.end()
    else:
        times = _TIMES.match(text, pos)
        size = _measure_at(text, times.end() if times else pos, allow_size=False)
        end = size.end if size else pos
    return (size, end) if size is not None and _is_amount_unit(size.unit) else (None, pos)


def _with_package_word(parsed: ParsedLine, rest: str) -> tuple[ParsedLine, str]:
    """'12 oz. can tomato paste', '1 1/4 oz (7g) packet gelatin': the container of a size."""
    if parsed.unit is None:
        return parsed, rest
    note = _PARENTHETICAL_AHEAD.match(rest)
    package = _package_word_at(rest, note.end() if note else 0)
    if package is None:
        return parsed, rest
    rest = (note.group() if note else "") + rest[package.end :]
    return replace(parsed, package=package.canonical), rest


def _with_addition(parsed: ParsedLine, rest: str) -> tuple[ParsedLine, str]:
    """'1/2 cup + 2 tablespoons': the second measure converted into the first one's unit."""
    plus = _PLUS.match(rest)
    extra = _measure_at(rest, plus.end(), allow_size=False) if plus else None
    kind = unit_kind(parsed.unit) if parsed.unit else None
    if extra is None or extra.unit is None or kind not in {"mass", "volume"}:
        return parsed, rest
    if parsed.quantity is None or parsed.unit is None or unit_kind(extra.unit) != kind:
        return parsed, rest
    per_unit = grams_per_unit if kind == "mass" else milliliters_per_unit
    added = extra.low * per_unit(extra.unit) / per_unit(parsed.unit)
    high = None if parsed.quantity_max is None else parsed.quantity_max + added
    return replace(parsed, quantity=parsed.quantity + added, quantity_max=high), rest[extra.end :]


def _with_alternative_measure(parsed: ParsedLine, rest: str) -> tuple[ParsedLine, str]:
    """'1 kg / 2 lbs', '24 oz or 1 jar': a second measure of the same thing."""
    sep = _OR_SLASH.match(rest) if parsed.quantity is not None else None
    measure = _measure_at(rest, sep.end(), allow_size=False) if sep else None
    if measure is None or measure.unit is None:
        return parsed, rest
    of = _OF.match(rest, measure.end)
    parsed = replace(parsed, alt_quantity=measure.low, alt_unit=measure.unit)
    return parsed, rest[of.end() if of else measure.end :]


# --- parentheses ----------------------------------------------------------------------------


def _with_parentheticals(parsed: ParsedLine, rest: str) -> tuple[ParsedLine, str]:
    """Every '(...)' out of the text: the measure when none opened the line, an alternative
    measure, 'or ...' alternatives, or a note."""
    first = _PARENTHETICAL.search(rest)
    trailing = _trailing_measure(rest[: first.start()]) if first else None
    if parsed.quantity is None and first and trailing:  # 'Olive oil 1/4 cup (40g)'
        parsed = _with_measure(parsed, trailing[1])
        rest = _TRAILING_PREFIX.sub("", rest[: trailing[0]]) + " " + rest[first.start() :]
    for inner in _PARENTHETICAL.findall(rest):
        parsed = _with_parenthetical(parsed, inner.strip())
    rest = _PARENTHETICAL.sub(" ", rest)
    if "(" in rest:
        rest, _, unclosed = rest.partition("(")
        parsed = _with_note(parsed, unclosed)
    return parsed, rest.replace(")", " ")


def _with_parenthetical(parsed: ParsedLine, inner: str) -> ParsedLine:
    inner = _OPTIONAL_PART.sub("", inner)  # '(optional, 1/4 cup)' states an amount
    if not inner or _OPTIONAL.fullmatch(inner):
        return parsed
    measure = _measure_at(inner, 0, allow_size=parsed.quantity is None)
    if measure is not None and measure.unit is None and not _DIGIT_START.match(inner):
        measure = None  # '(a good one)' is no amount
    if measure is not None and parsed.quantity is None:
        per = _PER.search(inner[measure.end :])
        return replace(_with_measure(parsed, measure), per=per["per"].strip() if per else None)
    if measure is not None and measure.unit is not None and parsed.alt_quantity is None:
        return replace(parsed, alt_quantity=measure.low, alt_unit=measure.unit)
    if inner.lower().startswith("or "):
        return replace(parsed, alternatives=(*parsed.alternatives, _clean_name(inner[3:])))
    return _with_note(parsed, inner)


def _with_note(parsed: ParsedLine, note: str) -> ParsedLine:
    note = note.strip(" .,")
    return replace(parsed, notes=(*parsed.notes, note)) if note else parsed


# --- the ingredient phrase ------------------------------------------------------------------


def _with_name(parsed: ParsedLine, rest: str, part: str | None) -> ParsedLine:
    """Name, alternatives, preparation and notes from the text after the measure."""
    clauses = _CLAUSE_BREAK.split(_OPTIONAL.sub(" ", rest))
    phrase, *pieces = [piece.strip() for piece in _COMMA.split(clauses[0])]
    while pieces and phrase.lower() in _LEADING_ADJECTIVES:
        phrase = f"{phrase} {pieces.pop(0)}"
    per = _PER.search(phrase)
    if per:
        parsed, phrase = replace(parsed, per=per["per"].strip()), phrase[: per.start()]
    parsed, phrase = _with_trailing_measure(parsed, phrase)
    parsed, preparation = _with_pieces(parsed, [*pieces, *clauses[1:]])
    phrase = _LEADING_FILLER.sub("", _VAGUE_AMOUNT.sub("", phrase.strip()))
    purpose = _PURPOSE.search(phrase)
    if purpose and purpose.start() > 0:
        phrase, preparation = phrase[: purpose.start()], [*preparation, purpose[0].strip()]
    leading, phrase, trailing = _split_preparation(phrase)
    names = _split_alternatives(phrase)
    name = " ".join(filter(None, [names[0] if names else "", part]))
    if not name:  # '2 Cloves': the unit word was the ingredient
        name = _clean_name(parsed.unit_text or parsed.text)
        parsed = replace(parsed, unit=None) if parsed.unit_text else parsed
    return replace(
        parsed,
        name=name,
        alternatives=tuple(dict.fromkeys([*names[1:], *parsed.alternatives])),
        preparation=", ".join(filter(None, [leading, *preparation, trailing])) or None,
        leading_preparation=leading,
    )


def _with_trailing_measure(parsed: ParsedLine, phrase: str) -> tuple[ParsedLine, str]:
    """'Water 3 dl', 'Bacon 3.5oz', 'Onions 2 medium-sized': a measure ending the name."""
    trailing = _trailing_measure(phrase) if parsed.quantity is None else None
    if trailing is None:
        return parsed, phrase
    return _with_measure(parsed, trailing[1]), _TRAILING_PREFIX.sub("", phrase[: trailing[0]])


def _trailing_measure(phrase: str) -> tuple[int, _Measure] | None:
    """The measure that ends `phrase`, with its start."""
    for match in _NUMBER_START.finditer(phrase):
        measure = _whole_measure(phrase[match.start() :].rstrip("* "))
        if measure is not None:
            return match.start(), measure
    return None


def _with_pieces(parsed: ParsedLine, pieces: list[str]) -> tuple[ParsedLine, list[str]]:
    """Comma pieces and later clauses: preparations ('finely chopped'), alternatives
    (', or margarine'), a measure when the line had none ('Salt: 1 tsp'), or notes."""
    preparation: list[str] = []
    alternatives: list[str] = []
    pieces = [piece.strip(" .") for piece in pieces if piece.strip(" .")]
    listed = any(piece.lower().startswith("or ") for piece in pieces)
    for piece in pieces:
        measure = _whole_measure(piece) if parsed.quantity is None else None
        if measure is not None:
            parsed = _with_measure(parsed, measure)
        elif piece.lower().startswith("or ") or (listed and len(piece.split()) <= 3):
            alternative = _clean_name(re.sub(r"^or\s+", "", piece, flags=re.IGNORECASE))
            alternatives.extend([alternative] if alternative != "etc" else [])
        elif _is_preparation(piece):
            preparation.append(piece.lower())
        else:
            parsed = _with_note(parsed, piece)
    return replace(parsed, alternatives=(*parsed.alternatives, *alternatives)), preparation


def _is_preparation(piece: str) -> bool:
    """'chopped', 'finely diced', 'cut into strips', 'boiled with cinnamon', 'undiluted'."""
    words = piece.lower().split()
    first = words[0].strip(".") if words else ""
    if first in _PREPARATIONS or first in _ADVERBS:
        return True
    participle = first.endswith("ed") and len(first) > 4
    return participle and (len(words) == 1 or words[1] in _PREP_FOLLOWERS)


def _split_preparation(phrase: str) -> tuple[str | None, str, str | None]:
    """'finely chopped yellow onion' -> ('finely chopped', 'yellow onion', None);
    'onion diced' -> (None, 'onion', 'diced')."""
    words = phrase.split()
    start = 0
    while start < len(words) - 1 and _is_prep_word(words[start], words[start + 1]):
        start += 1
    end = len(words)
    while end - 1 > start and words[end - 1].lower().strip(".,") in _PREPARATIONS | _ADVERBS:
        end -= 1
    leading = " ".join(words[:start]).lower() or None
    trailing = " ".join(words[end:]).lower().strip(".,") or None
    return leading, " ".join(words[start:end]), trailing


def _is_prep_word(word: str, following: str) -> bool:
    lower = word.lower().strip(",")
    if lower in _ADVERBS:
        return following.lower() in _PREPARATIONS
    return lower in _PREPARATIONS


def _split_alternatives(phrase: str) -> list[str]:
    """'butter or margarine' -> ['butter', 'margarine']; 'soy or teriyaki sauce' ->
    ['soy sauce', 'teriyaki sauce'] (a one-word first choice shares a common head noun)."""
    parts = [name for name in map(_clean_name, _ALTERNATIVE_SEP.split(phrase)) if name]
    if len(parts) > 1 and len(parts[-1].split()) > 1 and parts[-1].split()[-1] in _SHARED_HEADS:
        head = parts[-1].split()[-1]
        parts = [part if len(part.split()) > 1 else f"{part} {head}" for part in parts]
    return [_singular_phrase(part) for part in parts if part != "etc"]


def _clean_name(text: str) -> str:
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^\w\s'\N{RIGHT SINGLE QUOTATION MARK}%-]", " ", text)
    text = re.sub(r"^\s*(?:(?:of|the)\s+)+", "", text)
    text = re.sub(r"\ball purpose\b", "all-purpose", text)
    text = re.sub(r"\b(?:preferably|optionally)\b", " ", text)
    return re.sub(r"\s+", " ", text).strip(" -'")


def _singular_phrase(phrase: str) -> str:
    words = phrase.split()
    return " ".join([*words[:-1], singular(words[-1])]) if words else phrase


def _zest_or_juice(text: str) -> tuple[str | None, str]:
    """'Juice of 1 lemon' -> ('juice', '1 lemon'): the amount counts lemons."""
    match = _ZEST_OR_JUICE.match(text)
    if match and _measure_at(text, match.end()) is not None:
        return match["part"].lower(), text[match.end() :]
    return None, text


def _with_trailing_unit(parsed: ParsedLine) -> ParsedLine:
    """'3 garlic cloves' -> 3 clove of garlic, unless a unit other than a size was written."""
    words = parsed.name.split()
    if len(words) < 2 or parsed.quantity is None:
        return parsed
    if parsed.unit is not None and parsed.unit not in _SIZES.values():
        return parsed
    unit = RECIPE_SPELLINGS.get(words[-1])
    if unit not in _TRAILING_UNITS:
        return parsed
    return replace(parsed, unit=unit, unit_text=words[-1], name=" ".join(words[:-1]))
