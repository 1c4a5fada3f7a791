"""Helpers for the funding tests: a funding year, an arrangement, placements and attendance."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from attendance.models import AttendanceMark
from funding import services
from funding.models import AgreementStatus, FundingModel, ServiceLevelAgreement
from placements.models import Placement, PlacementComponent, PlacementExtension
from pupils.tests.factories import EpisodeFactory, PupilFactory, RegistrationFactory

D = datetime.date
SEPT_1, SEPT_8, DEC_19 = D(2025, 9, 1), D(2025, 9, 8), D(2025, 12, 19)
FULL_WEEK = [f"{d}_{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]


def make_year(by, academic_year: int = 2025, **fields):
    values = {"ap_budget_pence": 100_000_000, "commissioned_places": 2, "place_rate_pence": 1_000_000}
    values.update(fields)
    return services.create_funding_year(by=by, academic_year=academic_year, **values)


def arrangement(by, *models, effective_from=SEPT_1, tariff_pence=0):
    return services.change_arrangement(
        by=by, effective_from=effective_from, funding_models=list(models), tariff_pence=tariff_pence
    )


def decide(year, school, status):
    """Record a school's SLA decision directly (the decision service is tested on its own)."""
    agreement, _ = ServiceLevelAgreement.objects.get_or_create(
        funding_year=year, school=school, defaults={"issued_at": timezone.now()}
    )
    agreement.status = status
    agreement.decided_at = None if status == AgreementStatus.PENDING else timezone.now()
    agreement.save()
    return agreement


def confirmed_year(by, area, *, engaged=("a", "b", "c"), declined=(), **fields):
    """A confirmed 2025/26 year with allocations and SLA decisions for the area's schools."""
    year = make_year(by, **fields)
    services.run_formula(by=by, funding_year=year)
    services.confirm_funding_year(by=by, funding_year=year)
    for key in engaged:
        decide(year, getattr(area, f"school_{key}"), AgreementStatus.ACCEPTED)
    for key in declined:
        decide(year, getattr(area, f"school_{key}"), AgreementStatus.DECLINED)
    year.refresh_from_db()
    return year


def make_placement(
    area,
    *,
    pupil=None,
    home=None,
    funder=None,
    start=SEPT_8,
    planned_end=DEC_19,
    sessions=None,
    cost=5_000,
    status="agreed",
    agreed_on=None,
    end_date=None,
    end_reason="",
):
    pupil = pupil or PupilFactory()
    home = home or area.school_a.organisation
    funder = funder or area.la
    agreed_at = None
    if status != "proposed":
        agreed_at = timezone.make_aware(datetime.datetime.combine(agreed_on or start, datetime.time(9)))
    placement = Placement.objects.create(
        pupil=pupil,
        home_school=home,
        commissioner=funder,
        funder=funder,
        tier="time_limited",
        start_date=start,
        planned_end_date=planned_end,
        objectives="Return to school",
        home_attendance_code="K",
        status=status,
        agreed_at=agreed_at,
        end_date=end_date,
        end_reason=end_reason,
    )
    component = PlacementComponent.objects.create(
        placement=placement,
        provider=area.provider,
        sessions=sessions or FULL_WEEK,
        cost_per_session_pence=cost,
        start_date=start,
    )
    return SimpleNamespace(placement=placement, component=component, pupil=pupil)


def extend(placement, new_end, decision):
    previous = placement.planned_end_date
    placement.planned_end_date = new_end
    placement.save(update_fields=["planned_end_date"])
    return PlacementExtension.objects.create(
        placement=placement, decision=decision, previous_end_date=previous, new_end_date=new_end
    )


def exclude(area, pupil, *, school=None, start=SEPT_1):
    school = school or area.school_a.organisation
    RegistrationFactory(pupil=pupil, organisation=school)
    return EpisodeFactory(pupil=pupil, status="excluded", start_date=start, school=school, reason_code="PD")


def mark(component, day, session="AM", code="/"):
    return AttendanceMark.objects.create(
        component=component, pupil=component.placement.pupil, date=day, session=session, code=code
    )


__all__ = [
    "D",
    "FULL_WEEK",
    "FundingModel",
    "arrangement",
    "confirmed_year",
    "decide",
    "exclude",
    "extend",
    "make_placement",
    "make_year",
    "mark",
]


def extension_decision(placement, decided_on):
    """A panel decision to extend a placement (built directly: panels are tested in their own app)."""
    from panels.models import Decision, Meeting, Panel

    panel = Panel.objects.create(name="Inclusion panel", panel_type="inclusion", quorum=1, cadence="monthly")
    meeting = Meeting.objects.create(panel=panel, date=decided_on)
    return Decision.objects.create(
        meeting=meeting,
        outcome="extend_placement",
        extend_placement=placement,
        rationale="Progress is good",
        decided_at=timezone.make_aware(datetime.datetime.combine(decided_on, datetime.time(12))),
    )
