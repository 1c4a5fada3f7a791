"""Named rules for the provider directory, commissioning and quality assurance.

Each rule is one small function with a one-line docstring citing its source; each has a
test of its own in providers/tests/test_rules.py. Values an LA may need to change (place
funding, the document warning period, the visit interval, what counts as full-time) come
in as arguments from DirectorySettings, never as constants here.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from providers.models import COMMISSIONABLE_STATUSES, ComplianceDocument, Programme, Provider

# Sanity ceilings on prices: anything above is taken as a keying error, not a real price.
MAX_PRICE_PER_PLACE_YEAR_PENCE = 20_000_000  # £200,000
SCHOOL_DAYS_PER_YEAR = 190
SESSIONS_PER_DAY = 2
MAX_PRICE_PER_DAY_PENCE = math.ceil(MAX_PRICE_PER_PLACE_YEAR_PENCE / SCHOOL_DAYS_PER_YEAR)
MAX_PRICE_PER_SESSION_PENCE = math.ceil(MAX_PRICE_PER_DAY_PENCE / SESSIONS_PER_DAY)
PRICE_CEILINGS = {
    "price_per_place_year_pence": (MAX_PRICE_PER_PLACE_YEAR_PENCE, "a place a year"),
    "price_per_day_pence": (MAX_PRICE_PER_DAY_PENCE, "a day"),
    "price_per_session_pence": (MAX_PRICE_PER_SESSION_PENCE, "a session"),
}

STATE_FUNDED_AP = frozenset(
    {Provider.ProviderType.PRU, Provider.ProviderType.AP_ACADEMY, Provider.ProviderType.AP_FREE_SCHOOL}
)
NOT_REGISTERED_AS_SCHOOLS = frozenset(
    {Provider.ProviderType.UNREGISTERED, Provider.ProviderType.TUITION, Provider.ProviderType.WORK_BASED}
)
REGISTRATION_PUPIL_THRESHOLD = 5
REQUIRED_DOCUMENTS = tuple(ComplianceDocument.Kind)

# Phases by age, as half-open ranges [from, to): "11 to 16" means Years 7 to 11.
PHASES = (("Primary", 4, 11), ("Key stage 3", 11, 14), ("Key stage 4", 14, 16), ("Post-16", 16, 26))

# What a change to these fields means for commissioners (shown as a change, never silently overwritten).
COMMISSIONER_FIELDS = {
    "price_per_place_year_pence": "Price per place a year",
    "price_per_day_pence": "Price per day",
    "price_per_session_pence": "Price per session",
    "accreditation": "Accreditation",
    "teaches_english_and_maths": "Teaches English and maths",
    "places": "Places",
    "delivery_pattern": "Delivery pattern",
    "active": "Programme offered",
    "ofsted_status": "Ofsted status",
}


def accepts_new_placements(framework_status: str) -> bool:
    """Only approved or conditional providers take new placements; suspension and decommissioning stop them (PRODUCT.md G; Feb 2025 AP guidance on commissioners' oversight)."""
    return framework_status in COMMISSIONABLE_STATUSES


def conditional_approval_needs_conditions(to_status: str, conditions: str) -> bool:
    """A conditional approval must state the conditions the provider has to meet (PRODUCT.md G: framework status with reasons)."""
    return to_status != Provider.FrameworkStatus.CONDITIONAL or bool((conditions or "").strip())


def price_problem(field: str, pence: int | None) -> str | None:
    """A price is zero or more and at most £200,000 a place a year, or the same spread over 190 school days of 2 sessions; above that is a keying error (PRODUCT.md G; School Day and School Year Regulations 1999: 380 sessions)."""
    if pence is None:
        return None
    ceiling, unit = PRICE_CEILINGS[field]
    if pence < 0:
        return f"The price {unit} cannot be negative"
    if pence > ceiling:
        return f"The price {unit} must be £{ceiling / 100:,.2f} or less. Check the amount is in pounds, like 95.00"
    return None


def daily_equivalent_pence(programme: Programme) -> int | None:
    """To compare prices a day costs the day price, else two sessions, else a 190th of the yearly place price (School Day and School Year Regulations 1999 reg 3)."""
    if programme.price_per_day_pence is not None:
        return programme.price_per_day_pence
    if programme.price_per_session_pence is not None:
        return programme.price_per_session_pence * SESSIONS_PER_DAY
    if programme.price_per_place_year_pence is not None:
        return round(programme.price_per_place_year_pence / SCHOOL_DAYS_PER_YEAR)
    return None


def place_funding_applies(provider_type: str) -> bool:
    """Place funding (£10,000 a place) is paid only for places in state-funded AP: PRUs, AP academies and AP free schools (ESFA high needs funding guidance; standards.md section 5)."""
    return provider_type in STATE_FUNDED_AP


def phases_for_ages(min_age: int | None, max_age: int | None) -> list[str]:
    """Phases a range of ages covers: primary to 11, key stage 3 from 11 to 14, key stage 4 from 14 to 16, post-16 after (Education Act 1996 s8 and national curriculum key stages)."""
    if min_age is None or max_age is None:
        return []
    top = max_age if max_age > min_age else min_age + 1
    return [name for name, start, end in PHASES if min_age < end and start < top]


def covers_age(min_age: int, max_age: int, age: int) -> bool:
    """A programme for ages 11 to 16 takes pupils from their 11th birthday until they turn 16 (ranges are read as Years 7 to 11)."""
    return min_age <= age < max_age or age == min_age == max_age


def compulsory_school_age_bounds(date_of_birth: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Compulsory school age runs from the prescribed day (31 Aug, 31 Dec or 31 Mar) on or after the 5th birthday to the last Friday in June of the school year in which the child turns 16 (Education Act 1996 s8; SI 1998/1607; SI 1997/1970)."""
    fifth = _birthday(date_of_birth, 5)
    prescribed = sorted(
        datetime.date(year, month, day)
        for year in (fifth.year, fifth.year + 1)
        for month, day in ((3, 31), (8, 31), (12, 31))
    )
    starts = next(day for day in prescribed if day >= fifth)
    sixteenth = _birthday(date_of_birth, 16)
    leaving_year = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    june_end = datetime.date(leaving_year, 6, 30)
    ends = june_end - datetime.timedelta(days=(june_end.weekday() - 4) % 7)
    return starts, ends


def is_compulsory_school_age(date_of_birth: datetime.date, on: datetime.date) -> bool:
    """Whether a child is of compulsory school age on a date (Education Act 1996 s8)."""
    starts, ends = compulsory_school_age_bounds(date_of_birth)
    return starts <= on <= ends


def weekly_hours(hours_per_week: Decimal | None, sessions: list | None, session_hours: Decimal) -> Decimal:
    """A component's weekly hours are those recorded, or else its sessions times the LA's hours per session (PRODUCT.md G; settings)."""
    if hours_per_week is not None:
        return Decimal(hours_per_week)
    return Decimal(len(sessions or [])) * Decimal(session_hours)


def is_full_time(hours: Decimal, full_time_hours: Decimal) -> bool:
    """Education counts as full-time at a setting from the LA's threshold of hours a week (NOT CONFIRMED in a DfE source: editable in settings)."""
    return Decimal(hours) >= Decimal(full_time_hours)


def registration_rule_applies(provider_type: str) -> bool:
    """The independent-school registration check applies to providers that are not registered schools or colleges: unregistered, tuition and work-based providers (Education Act 1996 s463)."""
    return provider_type in NOT_REGISTERED_AS_SCHOOLS


@dataclass(frozen=True)
class RegistrationWarning:
    full_time_pupils: int
    looked_after_or_ehcp: int

    @property
    def text(self) -> str:
        reasons = []
        if self.full_time_pupils >= REGISTRATION_PUPIL_THRESHOLD:
            reasons.append(f"{self.full_time_pupils} pupils of compulsory school age full-time")
        if self.looked_after_or_ehcp:
            reasons.append(
                f"{self.looked_after_or_ehcp} looked-after pupil{'s' if self.looked_after_or_ehcp != 1 else ''} "
                "or pupil with an EHC plan full-time"
            )
        return (
            "This provider appears to need registration as an independent school: the placements recorded give it "
            + " and ".join(reasons)
            + "."
        )


def independent_school_registration(full_time_pupils: int, looked_after_or_ehcp: int) -> RegistrationWarning | None:
    """A provider must register as an independent school if it gives full-time education to 5 or more pupils of compulsory school age, or to 1 who is looked after or has an EHC plan (Education Act 1996 s463; Feb 2025 AP guidance)."""
    if full_time_pupils >= REGISTRATION_PUPIL_THRESHOLD or looked_after_or_ehcp >= 1:
        return RegistrationWarning(full_time_pupils, looked_after_or_ehcp)
    return None


def document_state(expires_on: datetime.date, today: datetime.date, warning_days: int) -> str:
    """A document past its expiry date is expired; one expiring within the LA's warning period is expiring (PRODUCT.md G)."""
    if expires_on < today:
        return "expired"
    if expires_on <= today + datetime.timedelta(days=warning_days):
        return "expiring"
    return "current"


def missing_documents(kinds_held: set[str]) -> list[str]:
    """Every provider keeps all six compliance documents current: safeguarding policy, named lead, DBS and single central record, insurance, health and safety, premises (2025 non-school AP national standards; PRODUCT.md G)."""
    return [kind for kind in REQUIRED_DOCUMENTS if kind not in kinds_held]


def next_annual_visit_due(last_visit: datetime.date | None, interval_months: int) -> datetime.date | None:
    """A provider in use is visited at least every interval (12 months unless the LA sets otherwise) after its last visit (PRODUCT.md G; seed 003, annual QA visits)."""
    if last_visit is None:
        return None
    month = last_visit.month - 1 + interval_months
    year, month = last_visit.year + month // 12, month % 12 + 1
    day = min(last_visit.day, [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
    return datetime.date(year, month, day)


def annual_visit_overdue(last_visit: datetime.date | None, today: datetime.date, interval_months: int) -> bool:
    """A provider in use whose last QA visit is older than the interval, or that was never visited, is due a visit (PRODUCT.md G)."""
    due = next_annual_visit_due(last_visit, interval_months)
    return due is None or due < today


def visit_overdue(status: str, scheduled_for: datetime.date, today: datetime.date) -> bool:
    """A scheduled visit not recorded by its date is overdue (PRODUCT.md G: QA dashboard)."""
    return status == "scheduled" and scheduled_for < today


def action_overdue(status: str, due_on: datetime.date, today: datetime.date) -> bool:
    """An action still open after its due date is overdue (PRODUCT.md G: QA dashboard)."""
    return status == "open" and due_on < today


def matters_to_commissioners(field: str, old, new) -> bool:
    """Changes to prices, accreditation, English and maths, places, delivery or Ofsted status, or withdrawing a programme, are shown to commissioners as changes (PRODUCT.md G)."""
    return field in COMMISSIONER_FIELDS and old != new


def need_gap(offering_providers: int) -> bool:
    """A need that is requested but that no approved provider offers is a gap for market engagement (seed 003, commissioning; PRODUCT.md G)."""
    return offering_providers == 0


def capacity_gap(demand: int, places: int) -> bool:
    """A locality or phase with requests for support and no free places at approved providers is a gap for market engagement (seed 003, sufficiency; PRODUCT.md G)."""
    return demand > 0 and places <= 0


def _birthday(date_of_birth: datetime.date, years: int) -> datetime.date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:  # 29 February
        return datetime.date(date_of_birth.year + years, 3, 1)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
