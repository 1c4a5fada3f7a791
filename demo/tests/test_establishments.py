"""The rule that types Trafford's establishments from their DfE numbers and names."""

import pytest

from demo.establishments import classify, tidy_name
from demo.rolls import scale_to_total
from demo.sources import trafford_schools
from demo.trafford import _next_estab


@pytest.mark.parametrize(
    ("estab", "name", "urn", "phase", "school_type"),
    [
        (2013, "CLOVERLEA PRIMARY SCHOOL", "106295", "primary", "community"),
        (2028, "Partington Central Academy", "143380", "primary", "academy"),
        (3310, "Our Lady of Lourdes Catholic Primary", "106346", "primary", "voluntary_aided"),
        (3308, "St Mary's CE Primary", "106344", "primary", "voluntary_controlled"),
        (4028, "Stretford High School", "106370", "secondary", "community"),
        (5402, "Sale High School", "106375", "secondary", "foundation"),
        (5900, "St Ambrose College", "138134", "secondary", "academy"),
        (7009, "Egerton High School", "131885", "special", "special"),
        (1050, "Little Acorns Nursery School", "106001", "nursery", "community"),
    ],
)
def test_schools_are_typed_by_number_then_name(estab, name, urn, phase, school_type):
    kind = classify(estab, name, urn)
    assert (kind.phase, kind.school_type, kind.provider, kind.skip) == (phase, school_type, False, False)


def test_prus_become_providers_and_independent_schools_are_skipped():
    assert classify(1100, "Trafford High School", "134046").provider
    assert classify(6003, "North Cestrian Grammar School", "143104").skip


def test_names_in_capitals_are_tidied():
    assert tidy_name("ST ANNE'S  C OF E") == "St Anne's C of E"
    assert tidy_name("Flixton Girls' School") == "Flixton Girls' School"


def test_the_extract_holds_trafford_only():
    schools = trafford_schools()
    assert schools and all(s.laestab.startswith("358") for s in schools)
    assert len({s.urn for s in schools}) == len(schools)


def test_copies_get_unused_numbers_from_the_same_band():
    used = {4028, 4029}
    assert _next_estab(4028, "secondary", used) == 4030
    assert 4030 in used


def test_rolls_scale_to_the_exact_total():
    rolls = scale_to_total([{0: 30.4, 1: 29.6}, {0: 61.2}], 1000)
    assert sum(sum(r.values()) for r in rolls) == 1000
