"""Progress at the provider: weekly notes, termly targets on the 1 to 5 scale, qualifications and units.

Only the provider a component belongs to records its progress. Each function takes the acting
user as ``by``, checks everything first, writes in one transaction and leaves an audit line
on the pupil's record.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from attendance import rules
from attendance.models import Achievement, ProgressNote, TargetArea, TargetRating, Term
from attendance.queries import acting_provider_id
from attendance.queries import today as local_today
from core import audit

TERM_MONTHS = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 8)}


def _require_own_provider(by, component) -> None:
    if acting_provider_id(by) != component.provider.organisation_id:
        raise ValidationError(
            f"Only staff of {component.provider.organisation.name} can record this pupil's progress there"
        )


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def term_bounds(academic_year: int, term: str) -> tuple[datetime.date, datetime.date]:
    first_month, last_month = TERM_MONTHS[term]
    year = academic_year if term == "autumn" else academic_year + 1
    last_day = 31 if last_month in (12, 3, 8) else 30
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


def _overlaps_component(component, start: datetime.date, end: datetime.date) -> bool:
    return start <= (component.end_date or datetime.date.max) and component.start_date <= end


# ---------------------------------------------------------------------------------------
# Weekly notes

NOTE_FIELDS = ["week_start", "summary", "concerns", "next_steps"]


def save_progress_note(
    *,
    by,
    component,
    week_of: datetime.date,
    summary: str,
    concerns: str = "",
    next_steps: str = "",
    note: ProgressNote | None = None,
    today: datetime.date | None = None,
) -> ProgressNote:
    """Record the week's monitoring note (or correct one); one note per pupil per week at a provider."""
    _require_own_provider(by, component)
    today = today or local_today()
    summary, concerns, next_steps = (summary or "").strip(), (concerns or "").strip(), (next_steps or "").strip()
    errors = {}
    monday = rules.week_start(week_of) if week_of else None
    if monday is None:
        errors["week_of"] = "Enter a day in the week the note covers"
    elif monday > today:
        errors["week_of"] = "The week has not started yet"
    elif not _overlaps_component(component, monday, monday + datetime.timedelta(days=4)):
        errors["week_of"] = (
            f"The pupil was not placed here in the week beginning {_long(monday)} "
            f"({rules.date_range(component.start_date, component.end_date)})"
        )
    if not summary:
        errors["summary"] = "Enter how the week went"
    for name, value in (("summary", summary), ("concerns", concerns), ("next_steps", next_steps)):
        if len(value) > 5000 and name not in errors:
            errors[name] = "Keep this to 5,000 characters or fewer"
    if errors:
        raise ValidationError(errors)
    clash = ProgressNote.objects.filter(component=component, week_start=monday).exclude(pk=getattr(note, "pk", None))
    if clash.exists():
        raise ValidationError(
            {"week_of": f"There is already a note for the week beginning {_long(monday)}: change that note instead"}
        )
    creating = note is None
    note = note or ProgressNote(component=component, pupil_id=component.placement.pupil_id, created_by=by)
    before = {} if creating else model_to_dict(note, fields=NOTE_FIELDS)
    note.week_start, note.summary, note.concerns, note.next_steps = monday, summary, concerns, next_steps
    note.updated_by = by
    changes = audit.diff(before, model_to_dict(note, fields=NOTE_FIELDS))
    if not creating and not changes:
        return note
    try:
        with transaction.atomic():
            note.save()
            audit.record(
                by=by,
                action="create" if creating else "update",
                obj=note,
                pupil_id=note.pupil_id,
                summary=f"Weekly note for the week beginning {_long(monday)} {'added' if creating else 'changed'}",
                changes={} if creating else changes,
            )
    except IntegrityError:
        raise ValidationError({"week_of": f"There is already a note for the week beginning {_long(monday)}"}) from None
    return note


# ---------------------------------------------------------------------------------------
# Termly targets


def set_targets(
    *, by, component, academic_year: int, term: str, ratings: dict[str, dict], today: datetime.date | None = None
) -> list[TargetRating]:
    """Set a term's targets for all five areas: baseline and target (1 to 5), and the outcome once the term ends.

    ``ratings`` maps each area to {"baseline", "target", "outcome" (or None), "comment"}.
    """
    _require_own_provider(by, component)
    today = today or local_today()
    errors = {}
    if term not in Term.values:
        raise ValidationError({"term": "Choose the term"})
    start, end = term_bounds(academic_year, term)
    if start > today:
        errors["term"] = "That term has not started yet"
    elif not _overlaps_component(component, start, end):
        errors["term"] = (
            f"The pupil was not placed here that term ({rules.date_range(component.start_date, component.end_date)})"
        )
    for area in TargetArea:
        values = ratings.get(area.value) or {}
        for part in ("baseline", "target"):
            if not rules.valid_score(values.get(part)):
                errors[f"{area.value}_{part}"] = f"Choose a {part} score from 1 to 5 for {area.label.lower()}"
        outcome = values.get("outcome")
        if outcome is not None and not rules.valid_score(outcome):
            errors[f"{area.value}_outcome"] = (
                f"Choose an outcome from 1 to 5 for {area.label.lower()}, or leave it blank"
            )
        if len(values.get("comment") or "") > 500:
            errors[f"{area.value}_comment"] = "Keep the comment to 500 characters or fewer"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = {
            r.area: r
            for r in TargetRating.objects.select_for_update().filter(
                component=component, academic_year=academic_year, term=term
            )
        }
        saved, changes = [], {}
        for area in TargetArea:
            values = ratings[area.value]
            rating = existing.get(area.value) or TargetRating(
                component=component,
                pupil_id=component.placement.pupil_id,
                area=area.value,
                academic_year=academic_year,
                term=term,
                created_by=by,
            )
            before = [rating.baseline, rating.target, rating.outcome, rating.comment] if rating.pk else None
            rating.baseline, rating.target = values["baseline"], values["target"]
            rating.outcome, rating.comment = values.get("outcome"), (values.get("comment") or "").strip()
            after = [rating.baseline, rating.target, rating.outcome, rating.comment]
            if before != after:
                rating.updated_by = by
                rating.save()
                changes[area.value] = [before and "/".join(map(str, before[:3])), "/".join(map(str, after[:3]))]
            saved.append(rating)
        if changes:
            label = f"{Term(term).label} {academic_year}/{(academic_year + 1) % 100:02d}"
            audit.record(
                by=by,
                action="update" if existing else "create",
                obj=component,
                pupil_id=component.placement.pupil_id,
                summary=f"Targets for the {label} recorded (baseline/target/outcome)",
                changes=changes,
            )
    return saved


# ---------------------------------------------------------------------------------------
# Qualifications and units


def add_achievement(
    *,
    by,
    component,
    kind: str,
    title: str,
    achieved_on: datetime.date,
    awarding_body: str = "",
    level: str = "none",
    grade: str = "",
    today: datetime.date | None = None,
) -> Achievement:
    """Record a qualification or unit the pupil achieved at the provider."""
    _require_own_provider(by, component)
    today = today or local_today()
    achievement = Achievement(
        component=component,
        pupil_id=component.placement.pupil_id,
        kind=kind,
        title=(title or "").strip(),
        awarding_body=(awarding_body or "").strip(),
        level=level or "none",
        grade=(grade or "").strip(),
        achieved_on=achieved_on,
        created_by=by,
        updated_by=by,
    )
    errors = {}
    try:
        achievement.full_clean(exclude=["component", "pupil", "created_by", "updated_by"])
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if kind not in Achievement.Kind.values:
        errors["kind"] = "Choose whether it is a qualification or a unit"
    if not achievement.title:
        errors["title"] = "Enter the name of the qualification or unit"
    if achieved_on is None:
        errors["achieved_on"] = "Enter the date it was achieved"
    elif "achieved_on" not in errors:
        if achieved_on > today:
            errors["achieved_on"] = "The date achieved must be today or in the past"
        elif achieved_on < component.start_date:
            errors["achieved_on"] = (
                f"The pupil started here on {_long(component.start_date)}: the date must be after that"
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        achievement.save()
        audit.record(
            by=by,
            action="create",
            obj=achievement,
            pupil_id=achievement.pupil_id,
            summary=f"{achievement.get_kind_display()} achieved: {achievement.title}",
        )
    return achievement
