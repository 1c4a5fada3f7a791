"""Funding settings services: the arrangement, funding years, the formula and service-level agreements."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from funding import services
from funding.models import AgreementStatus, Allocation, FundingArrangement, FundingYear, MonthClose
from funding.queries import engagement_by_school, formula_inputs
from funding.tests.helpers import D, FundingModel, arrangement, make_year
from providers.models import BlockCommission


def test_changing_the_model_is_dated_history_and_audited(area, finance):
    first = arrangement(finance, FundingModel.TRADITIONAL)
    second = arrangement(
        finance, FundingModel.DEVOLVED_SCHOOLS, FundingModel.TARIFF, effective_from=D(2026, 1, 1), tariff_pence=500_000
    )
    assert list(FundingArrangement.objects.values_list("pk", flat=True)) == [second.pk, first.pk]
    event = AuditEvent.objects.filter(object_type="funding.fundingarrangement", object_id=str(second.pk)).get()
    assert "Funding model from 1 January 2026" in event.summary
    assert event.changes["funding_models"][0] == "['traditional']"


def test_a_change_backdated_into_a_closed_period_is_refused_and_nothing_saved(area, finance):
    MonthClose.objects.create(month=D(2025, 9, 1), closed_by=finance)
    with pytest.raises(ValidationError) as caught:
        arrangement(finance, FundingModel.DEVOLVED_SCHOOLS, effective_from=D(2025, 9, 15))
    assert "closed to 30 September 2025" in caught.value.message_dict["effective_from"][0]
    assert not FundingArrangement.objects.exists()
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS, effective_from=D(2025, 10, 1))


@pytest.mark.parametrize(
    ("models", "tariff", "field", "words"),
    [
        ([], 0, "funding_models", "at least one"),
        (["traditional", "devolved_schools"], 0, "funding_models", "choose one of them"),
        (["tariff"], 0, "tariff_pence", "Enter the tariff"),
        (["devolved_schools"], 100, "tariff_pence", "only under the tariff model"),
        (["nonsense"], 0, "funding_models", "Unknown funding model"),
    ],
)
def test_models_that_do_not_fit_together_are_refused(area, finance, models, tariff, field, words):
    with pytest.raises(ValidationError) as caught:
        services.change_arrangement(
            by=finance, effective_from=D(2025, 9, 1), funding_models=models, tariff_pence=tariff
        )
    assert words in caught.value.message_dict[field][0]
    assert not FundingArrangement.objects.exists()


def test_two_changes_on_one_date_are_refused(area, finance):
    arrangement(finance, FundingModel.TRADITIONAL)
    with pytest.raises(ValidationError, match="already takes effect"):
        arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)


def test_budget_smaller_than_place_funding_is_refused(area, finance):
    with pytest.raises(ValidationError) as caught:
        make_year(finance, ap_budget_pence=1_500_000, commissioned_places=2)
    assert "smaller than the place funding of £20,000.00" in caught.value.message_dict["ap_budget_pence"][0]
    assert not FundingYear.objects.exists()


def test_place_funding_comes_from_block_commissions_of_state_funded_ap(area, finance):
    BlockCommission.objects.create(
        provider=area.provider,
        academic_year=2025,
        commissioner=area.la,
        places=3,
        place_funding_pence=1_000_000,
        top_up_pence=500_000,
    )
    with pytest.raises(ValidationError, match="3 block-commissioned places"):
        make_year(finance, ap_budget_pence=2_000_000, commissioned_places=None)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"primary_weight": Decimal(-1)}, "primary_weight", "cannot be negative"),
        (
            {"primary_weight": Decimal(0), "secondary_weight": Decimal(0)},
            "secondary_weight",
            "At least one phase weight",
        ),
        ({"pupil_factor_percent": Decimal(60)}, "pupil_factor_percent", "add up to 90%"),
        ({"devolved_percent": Decimal(120)}, "devolved_percent", "from 0 to 100"),
    ],
)
def test_weights_that_make_no_sense_are_refused(area, finance, fields, field, words):
    year = make_year(finance)
    with pytest.raises(ValidationError) as caught:
        services.update_funding_year(by=finance, funding_year=year, **fields)
    assert words in caught.value.message_dict[field][0]
    year.refresh_from_db()
    assert year.primary_weight == 0 and year.pupil_factor_percent == 70


def test_formula_inputs_count_pupils_by_phase(area, finance):
    year = make_year(finance)
    inputs = {i.name: i for i in formula_inputs(year)}
    assert (inputs["Ashton High School"].secondary_pupils, inputs["Ashton High School"].primary_pupils) == (885, 0)
    assert (inputs["Castle Primary School"].secondary_pupils, inputs["Castle Primary School"].primary_pupils) == (0, 60)


def test_run_formula_replaces_allocations_until_the_year_is_confirmed(area, finance):
    year = make_year(finance, primary_weight=Decimal("0.5"))
    services.run_formula(by=finance, funding_year=year)
    assert Allocation.objects.filter(funding_year=year).count() == 3
    assert sum(Allocation.objects.values_list("amount_pence", flat=True)) == 98_000_000
    services.update_funding_year(by=finance, funding_year=year, primary_weight=Decimal(0))
    services.run_formula(by=finance, funding_year=year)
    assert Allocation.objects.filter(funding_year=year).count() == 2
    services.confirm_funding_year(by=finance, funding_year=year)
    with pytest.raises(ValidationError, match="confirmed"):
        services.run_formula(by=finance, funding_year=year)
    with pytest.raises(ValidationError, match="confirmed"):
        services.update_funding_year(by=finance, funding_year=year, ap_budget_pence=1)
    with pytest.raises(ValidationError, match="cannot move from 'confirmed'"):
        services.confirm_funding_year(by=finance, funding_year=year)


def test_protection_uses_last_years_allocation(area, finance):
    last = make_year(
        finance, academic_year=2024, fsm_factor_percent=0, idaci_factor_percent=0, pupil_factor_percent=100
    )
    services.run_formula(by=finance, funding_year=last)  # 49,000,000 each
    type(area.school_a).objects.filter(pk=area.school_a.pk).update(fsm_percent=30)
    type(area.school_b).objects.filter(pk=area.school_b.pk).update(fsm_percent=10)
    this = make_year(
        finance,
        academic_year=2025,
        pupil_factor_percent=50,
        fsm_factor_percent=50,
        idaci_factor_percent=0,
        protection_percent=Decimal(2),
    )
    services.run_formula(by=finance, funding_year=this)
    amounts = dict(
        Allocation.objects.filter(funding_year=this).values_list("school__organisation__name", "amount_pence")
    )
    # The formula alone gives Brook 36,750,000; protection keeps it at 98% of 49,000,000, paid for by Ashton.
    assert amounts == {"Ashton High School": 49_980_000, "Brook High School": 48_020_000}


def test_confirming_needs_allocations(area, finance):
    year = make_year(finance)
    with pytest.raises(ValidationError, match="Run the formula"):
        services.confirm_funding_year(by=finance, funding_year=year)


@pytest.fixture
def issued(area, finance):
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)
    year = make_year(finance)
    services.run_formula(by=finance, funding_year=year)
    with pytest.raises(ValidationError, match="Confirm the year's allocations"):
        services.issue_agreements(by=finance, funding_year=year)
    services.confirm_funding_year(by=finance, funding_year=year)
    with pytest.raises(ValidationError, match="terms"):
        services.issue_agreements(by=finance, funding_year=year)
    services.save_terms(by=finance, funding_year=year, **services.suggested_terms(year))
    assert services.issue_agreements(by=finance, funding_year=year) == 2
    return year


def test_suggested_terms_cover_what_seed_001_lists(area, finance, issued):
    terms = services.suggested_terms(issued)
    assert "more than 20% of their school time" in terms["reporting_requirements"]
    assert "recovers the cost of that placement" in terms["permanent_exclusion"]
    assert "The LA retains it" in terms["non_engagement"].replace("the LA retains", "The LA retains")
    with pytest.raises(ValidationError) as caught:
        services.save_terms(by=finance, funding_year=issued, **{**terms, "mid_year_arrivals": " "})
    assert "Pupils arriving mid-year" in caught.value.message_dict["mid_year_arrivals"][0]


def test_a_school_leader_accepts_or_declines_and_engagement_follows(area, finance, user_as, issued):
    agreement_a = issued.agreements.get(school=area.school_a)
    agreement_b = issued.agreements.get(school=area.school_b)
    assert engagement_by_school(issued) == {
        area.school_a.organisation_id: "pending",
        area.school_b.organisation_id: "pending",
    }
    leader_a = user_as("school_leader", area.school_a.organisation)
    with pytest.raises(ValidationError, match="Only a leader of the school"):
        services.decide_agreement(by=leader_a, agreement=agreement_b, decision=AgreementStatus.ACCEPTED)
    with pytest.raises(ValidationError) as caught:
        services.decide_agreement(by=leader_a, agreement=agreement_a, decision=AgreementStatus.DECLINED)
    assert "Say why" in caught.value.message_dict["note"][0]
    services.decide_agreement(
        by=leader_a, agreement=agreement_a, decision=AgreementStatus.DECLINED, note="Governors said no"
    )
    assert engagement_by_school(issued)[area.school_a.organisation_id] == "not_engaged"
    services.decide_agreement(by=leader_a, agreement=agreement_a, decision=AgreementStatus.ACCEPTED)
    assert engagement_by_school(issued)[area.school_a.organisation_id] == "engaged"
    with pytest.raises(ValidationError, match="cannot move from 'accepted'"):
        services.decide_agreement(
            by=leader_a, agreement=agreement_a, decision=AgreementStatus.DECLINED, note="Changed mind"
        )
    # Re-issuing refreshes only the pending agreement.
    assert services.issue_agreements(by=finance, funding_year=issued) == 1


def test_the_la_records_a_signed_copy(area, finance, user_as, issued):
    agreement = issued.agreements.get(school=area.school_b)
    with pytest.raises(ValidationError) as caught:
        services.record_agreement_decision(by=finance, agreement=agreement, decision=AgreementStatus.ACCEPTED, note="")
    assert "who signed it" in caught.value.message_dict["note"][0]
    with pytest.raises(ValidationError, match="Only the LA's finance officer"):
        services.record_agreement_decision(
            by=user_as("school_leader", area.school_b.organisation),
            agreement=agreement,
            decision=AgreementStatus.ACCEPTED,
            note="Signed",
        )
    services.record_agreement_decision(
        by=finance, agreement=agreement, decision=AgreementStatus.ACCEPTED, note="Signed copy from the head, 3 October"
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACCEPTED and agreement.decided_by == finance
    assert AuditEvent.objects.filter(summary__contains="recorded by the LA").exists()
