"""What kind of establishment a DfE number is: the rule the demo uses to type Trafford's schools.

The DfE school list (demo/data/trafford_schools.csv) gives only a LAEstab, a name and a URN.
Phase and type come from the 4-digit establishment number (the last 4 digits of the LAEstab),
following the DfE numbering bands:

    1000-1099  nursery school                       -> School, phase nursery, community
    1100-1199  pupil referral unit                  -> not a School: a Provider of type "pru" (its URN kept)
    2000-2999  primary, community                   -> School, phase primary, community
    3000-3999  primary, voluntary                   -> School, phase primary, voluntary aided if the name is
                                                       Catholic / RC / "Aided", otherwise voluntary controlled
    4000-4999  secondary                            -> School, phase secondary, community (voluntary aided if
                                                       the name is Catholic / RC / CE)
    5200-5299  primary, foundation                  -> School, phase primary, foundation
    5400-5499  secondary, foundation                -> School, phase secondary, foundation
    other 5xxx (e.g. 5900s, not in the bands above) -> School, phase from the name (secondary if unsure), academy
    6000-6999  independent                          -> skipped (not part of the LA's state-funded area)
    7000-7999  special                              -> School, phase special, type special

Then the name refines it: "Primary", "Infant" or "Junior" means primary; "High", "Grammar",
"College" or "Academy" on a 4xxx (or other 5xxx) number means secondary; a 2xxx "Academy" stays
primary. Voluntary schools named for a Catholic dedication (Our Lady, Holy ..., Martyrs,
Blessed) count as voluntary aided. A name containing "Academy", or a
URN of 136000 or more (a new URN is issued when a school converts; a heuristic, not a fact
about any one school), makes the type academy. Special schools keep phase special.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schools.models import School

Phase = School.Phase
Type = School.SchoolType

ACADEMY_URN_FROM = 136000
_FAITH = re.compile(r"\b(catholic|r\.?\s?c\.?|c\.?\s?e\.?|c of e|cofe)\b", re.IGNORECASE)
_CATHOLIC = re.compile(r"\b(catholic|r\.?\s?c\.?|our lady|holy|martyrs'?|blessed)\b|\baided\b", re.IGNORECASE)


@dataclass(frozen=True)
class Kind:
    """skip: not built; provider: a PRU; otherwise a school with this phase and type."""

    phase: str = ""
    school_type: str = ""
    provider: bool = False
    skip: bool = False


def band(estab: int) -> tuple[int, int]:
    """The DfE numbering band an establishment number is in, as (first, last) inclusive."""
    for first, last in (
        (1000, 1099),
        (1100, 1199),
        (2000, 2999),
        (3000, 3999),
        (4000, 4999),
        (5200, 5299),
        (5400, 5499),
        (6000, 6999),
        (7000, 7999),
    ):
        if first <= estab <= last:
            return first, last
    if 5000 <= estab <= 5999:
        return (5900, 5999) if estab >= 5900 else (5000, 5199)
    raise ValueError(f"{estab} is not a DfE establishment number this generator knows")


def _phase_from_name(name: str, default: str, *, secondary_words: bool) -> str:
    lower = name.lower()
    if any(word in lower for word in ("primary", "infant", "junior")):
        return Phase.PRIMARY
    if secondary_words and any(word in lower for word in ("high", "grammar", "college", "academy")):
        return Phase.SECONDARY
    return default


def classify(estab: int, name: str, urn: str) -> Kind:
    """The phase and type of an establishment from its DfE number and name (the rule in the module docstring)."""
    first, _ = band(estab)
    if first == 1100:
        return Kind(provider=True)
    if first == 6000:
        return Kind(skip=True)
    if first == 1000:
        return Kind(Phase.NURSERY, Type.COMMUNITY)
    if first == 7000:
        kind = Kind(Phase.SPECIAL, Type.SPECIAL)
    elif first == 2000:
        kind = Kind(Phase.PRIMARY, Type.COMMUNITY)
    elif first == 3000:
        kind = Kind(Phase.PRIMARY, Type.VOLUNTARY_AIDED if _CATHOLIC.search(name) else Type.VOLUNTARY_CONTROLLED)
    elif first == 4000:
        faith = Type.VOLUNTARY_AIDED if _FAITH.search(name) else Type.COMMUNITY
        kind = Kind(_phase_from_name(name, Phase.SECONDARY, secondary_words=True), faith)
    elif first == 5200:
        kind = Kind(Phase.PRIMARY, Type.FOUNDATION)
    elif first == 5400:
        kind = Kind(Phase.SECONDARY, Type.FOUNDATION)
    else:
        kind = Kind(_phase_from_name(name, Phase.SECONDARY, secondary_words=True), Type.ACADEMY)
    if kind.phase != Phase.SPECIAL:
        kind = Kind(_phase_from_name(name, kind.phase, secondary_words=False), kind.school_type)
    if "academy" in name.lower() or int(urn) >= ACADEMY_URN_FROM:
        kind = Kind(kind.phase, Type.ACADEMY)
    return kind


_UPPER_WORDS = {"RC", "R.C.", "CE", "C.E.", "C", "E", "CofE"}
_LOWER_WORDS = {"of", "and", "the", "de"}


def tidy_name(name: str) -> str:
    """Title-case a name the DfE list gives in capitals ("ST ANNE'S C OF E" -> "St Anne's C of E")."""
    name = " ".join(name.split()).replace("&", " & ").replace("  ", " ")
    if name != name.upper():
        return name
    words = []
    for i, word in enumerate(name.split(" ")):
        if word in _UPPER_WORDS:
            words.append(word)
        elif i and word.lower() in _LOWER_WORDS:
            words.append(word.lower())
        else:
            words.append(word[:1] + word[1:].lower())
    return " ".join(words)
