"""Shared helpers for service functions (every state change goes through one)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core import audit
from core.calendar import academic_year_bounds, academic_year_label, england_bank_holidays
from core.codes import categories_in
from core.models import AcademicYear, Code, NonSchoolDay, TermPeriod


def full_clean_or_raise(instance, *, exclude=None) -> None:
    """Run model validation; a ValidationError names each bad field, nothing is saved."""
    instance.full_clean(exclude=exclude)


class TransitionError(ValidationError):
    """A status change the transition table does not allow."""


def check_transition(table: dict[str, set[str]], current: str, target: str, *, what: str) -> None:
    if target not in table.get(current, set()):
        raise TransitionError(f"A {what} cannot move from '{current}' to '{target}'.")


# ---------------------------------------------------------------------------------------
# Term dates (the school-day calendar)

MIN_YEAR, MAX_YEAR = 2000, 2100


def add_term_period(*, by, start_year: int, name: str, start_date, end_date):
    """Add a term period to an academic year (creating the year if it is new).

    Rules: the end date is the same as or after the start date (a database constraint too);
    both dates fall in the academic year, 1 September to 31 August (DOMAIN.md); no two
    term periods overlap, or a day would count twice.
    """
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not isinstance(start_year, int) or not MIN_YEAR <= start_year <= MAX_YEAR:
        raise ValidationError({"start_year": f"Enter a year between {MIN_YEAR} and {MAX_YEAR}"})
    if not name:
        errors["name"] = "Enter a name for the term period"
    elif len(name) > 60:
        errors["name"] = "Name must be 60 characters or fewer"
    if end_date < start_date:
        errors["end_date"] = "The end date must be the same as or after the start date"
    first, last = academic_year_bounds(start_year)
    year_text = f"the {academic_year_label(start_year)} academic year ({_long(first)} to {_long(last)})"
    if not first <= start_date <= last:
        errors["start_date"] = f"The start date must be in {year_text}"
    if not first <= end_date <= last and "end_date" not in errors:
        errors["end_date"] = f"The end date must be in {year_text}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        year, _ = AcademicYear.objects.get_or_create(start_year=start_year)
        AcademicYear.objects.select_for_update().get(pk=year.pk)  # one writer per year: overlap check holds
        clash = TermPeriod.objects.filter(start_date__lte=end_date, end_date__gte=start_date).first()
        if clash is not None:
            raise ValidationError(
                {
                    "start_date": f"These dates overlap {clash.name} {clash.academic_year} "
                    f"({_long(clash.start_date)} to {_long(clash.end_date)})"
                }
            )
        period = TermPeriod.objects.create(academic_year=year, name=name, start_date=start_date, end_date=end_date)
        audit.record(
            by=by,
            action="create",
            obj=period,
            summary=f"Added term period {name} {year}: {_long(start_date)} to {_long(end_date)}",
            changes=audit.diff(
                {}, {"academic_year": str(year), "name": name, "start_date": start_date, "end_date": end_date}
            ),
        )
    return period


def add_non_school_day(*, by, date, kind: str, description: str = ""):
    """Record an INSET or closure day: a weekday inside a term period that is not a school day.

    Rules: it must fall on a weekday inside a term period (other days are not school days
    anyway); a bank holiday is already not a school day; one entry per date.
    """
    description = (description or "").strip()
    errors: dict[str, str] = {}
    if kind not in NonSchoolDay.Kind.values:
        errors["kind"] = "Select the kind of day"
    if len(description) > 200:
        errors["description"] = "Description must be 200 characters or fewer"
    if date.weekday() >= 5:
        errors["date"] = "The date must be a weekday: weekends are never school days"
    elif date in england_bank_holidays([date.year]):
        errors["date"] = "That date is a bank holiday, so it is already not a school day"
    elif not TermPeriod.objects.filter(start_date__lte=date, end_date__gte=date).exists():
        errors["date"] = "The date must be inside a term period. Add the term period first"
    elif NonSchoolDay.objects.filter(date=date).exists():
        errors["date"] = "That date is already an INSET or closure day"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        day = NonSchoolDay.objects.create(date=date, kind=kind, description=description)
        audit.record(
            by=by,
            action="create",
            obj=day,
            summary=f"Added {day.get_kind_display()} on {_long(date)}",
            changes=audit.diff({}, {"date": date, "kind": kind, "description": description}),
        )
    return day


def remove_non_school_day(*, by, day) -> None:
    """Remove an INSET or closure day, so the date counts as a school day again."""

    with transaction.atomic():
        audit.record(
            by=by,
            action="delete",
            obj=day,
            summary=f"Removed {day.get_kind_display()} on {_long(day.date)}",
            changes=audit.diff({"date": day.date, "kind": day.kind, "description": day.description}, {}),
        )
        day.delete()


# ---------------------------------------------------------------------------------------
# Reference codes


def update_code(*, by, code, label: str, category: str, active: bool, reason: str):
    """Change a reference code's label, category or whether it is in use, saying why.

    Rules: a reason is required (it goes in the audit trail); the label is required; the
    category is one the list already uses (a list with no categories keeps none), so
    statistics built on categories stay meaningful. Nothing is written if nothing changed.
    """
    label, category, reason = (label or "").strip(), (category or "").strip(), (reason or "").strip()
    errors: dict[str, str] = {}
    if not label:
        errors["label"] = "Enter a label"
    elif len(label) > 300:
        errors["label"] = "Label must be 300 characters or fewer"
    allowed = categories_in(code.code_list)
    if allowed and category not in allowed:
        errors["category"] = "Select a category"
    elif not allowed and category:
        errors["category"] = "This list has no categories"
    if not reason:
        errors["reason"] = "Enter a reason for the change"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Code.objects.select_for_update().get(pk=code.pk)
        before = {"label": current.label, "category": current.category, "active": current.active}
        after = {"label": label, "category": category, "active": bool(active)}
        changes = audit.diff(before, after)
        if not changes:
            return current
        Code.objects.filter(pk=current.pk).update(**after)
        current.refresh_from_db()
        audit.record(
            by=by,
            action="update",
            obj=current,
            summary=f"Changed code {current.code} in {current.code_list}",
            changes=changes,
            reason=reason,
        )
    return current


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"
