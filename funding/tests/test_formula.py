"""The allocation formula: properties (hypothesis) and refusals of input that makes no sense."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from funding.formula import FormulaSettings, SchoolInput, compute

percent = st.decimals(min_value=0, max_value=100, places=2)
score = st.decimals(min_value=0, max_value=1, places=3)


@st.composite
def schools(draw):
    count = draw(st.integers(min_value=1, max_value=12))
    return [
        SchoolInput(
            key=i,
            name=f"School {i}",
            primary_pupils=draw(st.integers(0, 700)),
            secondary_pupils=draw(st.integers(1, 1800)),
            fsm_percent=draw(percent),
            idaci_score=draw(score),
            previous_pence=draw(st.one_of(st.none(), st.integers(0, 50_000_000))),
        )
        for i in range(count)
    ]


@st.composite
def formula_settings(draw):
    pupil = draw(st.integers(0, 100))
    fsm = draw(st.integers(0, 100 - pupil))
    place_funding = draw(st.integers(0, 50_000_000))
    return FormulaSettings(
        budget_pence=place_funding + draw(st.integers(0, 500_000_000)),
        place_funding_pence=place_funding,
        devolved_percent=draw(percent),
        primary_weight=draw(st.decimals(0, 2, places=3)),
        secondary_weight=Decimal(1),
        pupil_factor_percent=Decimal(pupil),
        fsm_factor_percent=Decimal(fsm),
        idaci_factor_percent=Decimal(100 - pupil - fsm),
        floor_pence=draw(st.one_of(st.none(), st.integers(0, 100_000))),
        protection_percent=draw(st.one_of(st.none(), st.decimals(0, 10, places=2))),
    )


def computable(settings_, inputs):
    try:
        return compute(settings_, inputs)
    except ValidationError as exc:
        # The only refusals for this input: minimums larger than the amount devolved, or a factor with no measure.
        assert set(exc.message_dict) <= {"floor_pence", "fsm_factor_percent", "idaci_factor_percent"}, exc.message_dict
        return None


@settings(max_examples=300, deadline=None)
@given(formula_settings(), schools())
def test_allocations_add_up_to_the_amount_devolved_and_are_never_negative(settings_, inputs):
    result = computable(settings_, inputs)
    if result is None:
        return
    amounts = [s.amount_pence for s in result.schools]
    assert sum(amounts) == result.devolved_pence
    assert all(a >= 0 for a in amounts)
    assert result.devolved_pence <= result.devolvable_pence == settings_.budget_pence - settings_.place_funding_pence


@settings(max_examples=200, deadline=None)
@given(formula_settings(), schools())
def test_every_explanation_adds_up_to_its_allocation(settings_, inputs):
    result = computable(settings_, inputs)
    if result is None:
        return
    for school in result.schools:
        money = [
            line["amount_pence"] for line in school.lines if line["amount_pence"] is not None and not line.get("total")
        ]
        assert sum(money) == school.amount_pence == school.lines[-1]["amount_pence"]


@settings(max_examples=200, deadline=None)
@given(formula_settings(), schools())
def test_floors_and_protection_hold_to_the_penny(settings_, inputs):
    result = computable(settings_, inputs)
    if result is None:
        return
    previous = {s.key: s.previous_pence for s in inputs}
    for school in result.schools:
        if settings_.floor_pence:
            assert school.amount_pence >= settings_.floor_pence - 1
        if settings_.protection_percent is not None and previous[school.key] is not None:
            assert school.amount_pence >= previous[school.key] * (100 - settings_.protection_percent) / 100 - 1


def base(**changes):
    values = {"budget_pence": 100_000_000, "place_funding_pence": 20_000_000}
    values.update(changes)
    return FormulaSettings(**values)


SCHOOLS = [
    SchoolInput(1, "Ashton High", 0, 900, Decimal(30), Decimal("0.300")),
    SchoolInput(2, "Brook High", 0, 900, Decimal(10), Decimal("0.100")),
]


def test_worked_example():
    result = compute(base(), SCHOOLS)
    assert result.devolved_pence == 80_000_000
    # Pupils 70% split evenly; FSM 20% split 3:1; IDACI 10% split 3:1.
    assert [s.amount_pence for s in result.schools] == [
        28_000_000 + 12_000_000 + 6_000_000,
        28_000_000 + 4_000_000 + 2_000_000,
    ]
    assert [line["label"].split(" (")[0] for line in result.schools[0].lines] == [
        "Pupils counted",
        "Pupil numbers",
        "Deprivation: free school meals",
        "Deprivation: IDACI",
        "Allocation",
    ]


def test_floor_is_paid_for_by_the_others():
    result = compute(base(floor_pence=40_000_000), SCHOOLS)
    assert [s.amount_pence for s in result.schools] == [40_000_000, 40_000_000]
    assert any(line["label"] == "Floor and protection" for line in result.schools[1].lines)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"primary_weight": Decimal(-1)}, "primary_weight", "cannot be negative"),
        ({"secondary_weight": Decimal(0)}, "secondary_weight", "At least one phase weight"),
        ({"pupil_factor_percent": Decimal(50)}, "pupil_factor_percent", "add up to 80%"),
        (
            {"fsm_factor_percent": Decimal(-20), "pupil_factor_percent": Decimal(110)},
            "fsm_factor_percent",
            "cannot be negative",
        ),
        ({"place_funding_pence": 150_000_000}, "ap_budget_pence", "smaller than the place funding"),
        ({"floor_pence": 50_000_000}, "floor_pence", "more than the £800,000.00 devolved"),
    ],
)
def test_input_that_makes_no_sense_is_refused_with_a_clear_message(changes, field, words):
    with pytest.raises(ValidationError) as caught:
        compute(base(**changes), SCHOOLS)
    assert words in " ".join(caught.value.message_dict[field])


def test_missing_deprivation_data_names_the_school():
    inputs = [SCHOOLS[0], SchoolInput(3, "Castle High", 0, 500, None, Decimal("0.2"))]
    with pytest.raises(ValidationError) as caught:
        compute(base(), inputs)
    assert "No FSM percentage is recorded for Castle High" in caught.value.message_dict["fsm_factor_percent"][0]
    result = compute(base(pupil_factor_percent=Decimal(90), fsm_factor_percent=Decimal(0)), inputs)
    assert sum(s.amount_pence for s in result.schools) == 80_000_000


def test_all_zero_deprivation_cannot_be_shared():
    flat = [SchoolInput(1, "A", 0, 100, Decimal(0), Decimal(0)), SchoolInput(2, "B", 0, 100, Decimal(0), Decimal(0))]
    with pytest.raises(ValidationError) as caught:
        compute(base(), flat)
    assert "No school has a FSM measure above 0" in caught.value.message_dict["fsm_factor_percent"][0]
