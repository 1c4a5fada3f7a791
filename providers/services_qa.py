"""Quality assurance: the LA's framework, visits (scheduled, recorded, cancelled), actions and
providers' self-assessments. Every function validates fully, runs in one transaction and audits.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from core import audit
from core.services import TransitionError, check_transition
from providers.models import (
    FrameworkStatus,
    JudgementLevel,
    Provider,
    QACriterion,
    QADomain,
    SelfAssessment,
    SelfAssessmentRating,
    Visit,
    VisitAction,
    VisitJudgement,
)
from providers.services import local_today

VISIT_TRANSITIONS = {Visit.Status.SCHEDULED: {Visit.Status.COMPLETED, Visit.Status.CANCELLED}}
ACTION_TRANSITIONS = {VisitAction.Status.OPEN: {VisitAction.Status.DONE, VisitAction.Status.DROPPED}}


def _acting_organisation(by):
    membership = getattr(by, "acting_membership", None)
    if membership is None:
        raise ValidationError("You need a role in an organisation to do this")
    return membership.organisation


# ---------------------------------------------------------------------------------------
# The framework: domains, criteria and the judgement scale (data the LA edits)


def _save_framework_row(*, by, row, fields: dict, label: str, unique_field: str | None = None):
    before = model_to_dict(row, fields=list(fields)) if row.pk else {}
    for key, value in fields.items():
        setattr(row, key, value.strip() if isinstance(value, str) else value)
    try:
        row.full_clean(exclude=["created_by", "updated_by", "domain"])
    except ValidationError as exc:
        messages = exc.message_dict
        if unique_field and any("already exists" in m for m in messages.get(unique_field, [])):
            messages[unique_field] = [f"There is already a {label} with this {unique_field.replace('_', ' ')}"]
        raise ValidationError(messages) from None
    changes = audit.diff(before, model_to_dict(row, fields=list(fields)))
    if not changes:
        return row
    creating = row.pk is None
    with transaction.atomic():
        row.updated_by = by
        if creating:
            row.created_by = by
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            raise ValidationError({unique_field or "__all__": f"There is already a {label} like this"}) from None
        audit.record(
            by=by,
            action="create" if creating else "update",
            obj=row,
            summary=f"QA framework {label} {'added' if creating else 'changed'}: {row}",
            changes=changes,
        )
    return row


def save_domain(
    *, by, domain: QADomain | None = None, name: str, description: str = "", sort_order: int = 0, active: bool = True
) -> QADomain:
    """Add or change a QA domain (switch it off rather than delete it, so past judgements still read)."""
    return _save_framework_row(
        by=by,
        row=domain or QADomain(),
        label="domain",
        unique_field="name",
        fields={"name": name or "", "description": description or "", "sort_order": sort_order or 0, "active": active},
    )


def save_criterion(
    *, by, domain: QADomain, criterion: QACriterion | None = None, text: str, sort_order: int = 0, active: bool = True
) -> QACriterion:
    """Add or change a criterion within a domain."""
    row = criterion or QACriterion(domain=domain)
    return _save_framework_row(
        by=by, row=row, label="criterion", fields={"text": text or "", "sort_order": sort_order or 0, "active": active}
    )


def save_level(
    *,
    by,
    level: JudgementLevel | None = None,
    rank: int,
    label: str,
    description: str = "",
    prompts_escalation: bool = False,
    active: bool = True,
) -> JudgementLevel:
    """Add or change a point on the judgement scale. Rank 1 is the strongest."""
    if rank is None or not 1 <= rank <= 10:
        raise ValidationError({"rank": "Enter a rank from 1 (strongest) to 10"})
    others = JudgementLevel.objects.exclude(pk=getattr(level, "pk", None))
    if others.filter(rank=rank).exists():
        raise ValidationError({"rank": f"Another judgement already has rank {rank}"})
    if label and others.filter(label__iexact=label.strip()).exists():
        raise ValidationError({"label": f"There is already a judgement called {label.strip()}"})
    if level is not None and level.active and not active and not others.filter(active=True).exists():
        raise ValidationError({"active": "The scale needs at least one judgement in use"})
    return _save_framework_row(
        by=by,
        row=level or JudgementLevel(),
        label="judgement",
        unique_field="label",
        fields={
            "rank": rank,
            "label": label or "",
            "description": description or "",
            "prompts_escalation": prompts_escalation,
            "active": active,
        },
    )


# ---------------------------------------------------------------------------------------
# Visits


def schedule_visit(*, by, provider: Provider, kind: str, scheduled_for: datetime.date, focus: str = "") -> Visit:
    """Schedule a visit to a provider, made by the scheduler's organisation (the LA or a school)."""
    focus = (focus or "").strip()
    errors: dict[str, str] = {}
    if kind not in Visit.Kind.values:
        errors["kind"] = "Choose the kind of visit"
    if scheduled_for is None:
        errors["scheduled_for"] = "Enter the date of the visit"
    elif scheduled_for < local_today():
        errors["scheduled_for"] = "The visit date must be today or in the future"
    if kind == Visit.Kind.FOCUS and not focus:
        errors["focus"] = "Enter what the focus visit will look at"
    if provider.framework_status == FrameworkStatus.DECOMMISSIONED:
        errors["provider"] = f"{provider.name} is decommissioned, so it is not visited"
    if kind == Visit.Kind.ANNUAL and "kind" not in errors:
        booked = provider.visits.filter(kind=Visit.Kind.ANNUAL, status=Visit.Status.SCHEDULED).first()
        if booked:
            errors["kind"] = f"An annual visit is already scheduled for {booked.scheduled_for:%-d %B %Y}"
    if errors:
        raise ValidationError(errors)
    organisation = _acting_organisation(by)
    with transaction.atomic():
        visit = Visit.objects.create(
            provider=provider,
            kind=kind,
            scheduled_for=scheduled_for,
            focus=focus,
            visiting_organisation=organisation,
            created_by=by,
            updated_by=by,
            updated_at=timezone.now(),
        )
        audit.record(
            by=by,
            action="create",
            obj=visit,
            summary=f"{visit.get_kind_display()} to {provider.name} scheduled for {scheduled_for:%-d %B %Y}",
        )
    return visit


def schedule_annual_visits(*, by, providers: list[Provider], scheduled_for: datetime.date) -> list[Visit]:
    """Schedule an annual visit for each provider given that has none scheduled already."""
    if scheduled_for is None or scheduled_for < local_today():
        raise ValidationError({"scheduled_for": "The visit date must be today or in the future"})
    visits = []
    with transaction.atomic():
        for provider in providers:
            if provider.visits.filter(kind=Visit.Kind.ANNUAL, status=Visit.Status.SCHEDULED).exists():
                continue
            visits.append(schedule_visit(by=by, provider=provider, kind=Visit.Kind.ANNUAL, scheduled_for=scheduled_for))
    return visits


def _clean_judgements(judgements: dict, domains: list[QADomain], levels: dict[int, JudgementLevel]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for domain in domains:
        level_id, _ = judgements.get(domain.pk, (None, ""))
        if level_id in (None, ""):
            errors[f"domain_{domain.pk}"] = f"Choose a judgement for {domain.name.lower()}"
        elif int(level_id) not in levels:
            errors[f"domain_{domain.pk}"] = f"The judgement for {domain.name.lower()} must be one on the scale"
    return errors


def _as_level(value, levels: dict[int, JudgementLevel]) -> JudgementLevel | None:
    try:
        return levels.get(int(getattr(value, "pk", value)))
    except (TypeError, ValueError):
        return None


def record_visit(
    *,
    by,
    visit: Visit,
    carried_out_on: datetime.date,
    overall_level,
    judgements: dict,
    evidence: str,
    pupil_voice: str = "",
    summary: str = "",
    actions=(),
) -> Visit:
    """Record a visit: the date, evidence, pupil voice, a judgement on the scale per domain and actions with due dates.

    ``judgements`` is {domain id: (level id, commentary)}; ``actions`` is [(description, due date)].
    """
    domains = list(QADomain.objects.filter(active=True).order_by("sort_order", "name"))
    levels = {level.pk: level for level in JudgementLevel.objects.filter(active=True)}
    errors = _clean_judgements(judgements, domains, levels)
    try:
        check_transition(VISIT_TRANSITIONS, visit.status, Visit.Status.COMPLETED, what="visit")
    except TransitionError:
        errors["__all__"] = f"This visit is {visit.get_status_display().lower()}, so it cannot be recorded again"
    if carried_out_on is None:
        errors["carried_out_on"] = "Enter the date the visit took place"
    elif carried_out_on > local_today():
        errors["carried_out_on"] = "The visit date must be today or in the past"
    overall = _as_level(overall_level, levels)
    if overall is None:
        errors["overall_level"] = "Choose an overall judgement on the scale"
    if not (evidence or "").strip():
        errors["evidence"] = "Enter the evidence seen on the visit"
    clean_actions = []
    for index, (description, due_on) in enumerate(actions, 1):
        description = (description or "").strip()
        if not description and due_on is None:
            continue
        if not description:
            errors[f"action_{index}"] = f"Enter what action {index} is"
        elif len(description) > 300:
            errors[f"action_{index}"] = f"Action {index} must be 300 characters or fewer"
        if due_on is None:
            errors[f"action_{index}_due"] = f"Enter the date action {index} is due"
        elif carried_out_on and due_on <= carried_out_on:
            errors[f"action_{index}_due"] = f"Action {index} must be due after the visit"
        clean_actions.append((description, due_on))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moved = Visit.objects.filter(pk=visit.pk, status=Visit.Status.SCHEDULED).update(
            status=Visit.Status.COMPLETED,
            carried_out_on=carried_out_on,
            overall_level=overall,
            visitor=by,
            evidence=evidence.strip(),
            pupil_voice=(pupil_voice or "").strip(),
            summary=(summary or "").strip(),
            updated_by=by,
            updated_at=timezone.now(),
        )
        if moved != 1:
            raise ValidationError({"__all__": "This visit has already been recorded"})
        VisitJudgement.objects.bulk_create(
            VisitJudgement(
                visit=visit,
                domain=domain,
                level=levels[int(judgements[domain.pk][0])],
                level_label=levels[int(judgements[domain.pk][0])].label,
                commentary=(judgements[domain.pk][1] or "").strip(),
            )
            for domain in domains
        )
        VisitAction.objects.bulk_create(
            VisitAction(visit=visit, provider=visit.provider, description=d, due_on=due, created_by=by, updated_by=by)
            for d, due in clean_actions
        )
        visit.refresh_from_db()
        audit.record(
            by=by,
            action="update",
            obj=visit,
            summary=f"{visit.get_kind_display()} to {visit.provider.name} recorded: {overall.label}",
            changes={
                "status": ["scheduled", "completed"],
                **{d.name: [None, levels[int(judgements[d.pk][0])].label] for d in domains},
            },
        )
    return visit


def cancel_visit(*, by, visit: Visit, reason: str) -> Visit:
    """Cancel a scheduled visit, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for cancelling the visit"})
    try:
        check_transition(VISIT_TRANSITIONS, visit.status, Visit.Status.CANCELLED, what="visit")
    except TransitionError:
        raise ValidationError({"reason": "Only a scheduled visit can be cancelled"}) from None
    with transaction.atomic():
        moved = Visit.objects.filter(pk=visit.pk, status=Visit.Status.SCHEDULED).update(
            status=Visit.Status.CANCELLED, cancel_reason=reason, updated_by=by, updated_at=timezone.now()
        )
        if moved != 1:
            raise ValidationError({"reason": "Only a scheduled visit can be cancelled"})
        visit.refresh_from_db()
        audit.record(
            by=by, action="update", obj=visit, summary=f"Visit to {visit.provider.name} cancelled", reason=reason
        )
    return visit


def add_action(*, by, visit: Visit, description: str, due_on: datetime.date) -> VisitAction:
    """Add an action to a recorded visit."""
    description = (description or "").strip()
    errors = {}
    if visit.status != Visit.Status.COMPLETED:
        errors["description"] = "Record the visit before adding actions to it"
    elif not description:
        errors["description"] = "Enter what the provider must do"
    elif len(description) > 300:
        errors["description"] = "The action must be 300 characters or fewer"
    if due_on is None:
        errors["due_on"] = "Enter the date the action is due"
    elif due_on <= local_today():
        errors["due_on"] = "The due date must be in the future"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = VisitAction.objects.create(
            visit=visit,
            provider=visit.provider,
            description=description,
            due_on=due_on,
            created_by=by,
            updated_by=by,
            updated_at=timezone.now(),
        )
        audit.record(
            by=by, action="create", obj=action, summary=f"Action for {visit.provider.name} due {due_on:%-d %B %Y}"
        )
    return action


def close_action(*, by, action: VisitAction, status: str, note: str = "") -> VisitAction:
    """Mark an action done, or no longer needed (which needs a note)."""
    note = (note or "").strip()
    try:
        check_transition(ACTION_TRANSITIONS, action.status, status, what="QA action")
    except TransitionError:
        raise ValidationError({"status": "Choose whether the action is done or no longer needed"}) from None
    if status == VisitAction.Status.DROPPED and not note:
        raise ValidationError({"note": "Enter why the action is no longer needed"})
    with transaction.atomic():
        moved = VisitAction.objects.filter(pk=action.pk, status=VisitAction.Status.OPEN).update(
            status=status, note=note, closed_on=local_today(), updated_by=by, updated_at=timezone.now()
        )
        if moved != 1:
            raise ValidationError({"status": "This action has already been closed"})
        action.refresh_from_db()
        audit.record(
            by=by,
            action="update",
            obj=action,
            summary=f"Action for {action.provider.name}: {action.get_status_display()}",
            changes={"status": ["open", status]},
            reason=note,
        )
    return action


# ---------------------------------------------------------------------------------------
# Self-assessment


def submit_self_assessment(*, by, provider: Provider, ratings: dict, summary: str = "") -> SelfAssessment:
    """A provider judges itself on every domain of the framework; ``ratings`` is {domain id: (level id, evidence)}."""
    domains = list(QADomain.objects.filter(active=True).order_by("sort_order", "name"))
    levels = {level.pk: level for level in JudgementLevel.objects.filter(active=True)}
    errors = _clean_judgements(ratings, domains, levels)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment = SelfAssessment.objects.create(
            provider=provider, summary=(summary or "").strip(), created_by=by, updated_by=by, updated_at=timezone.now()
        )
        SelfAssessmentRating.objects.bulk_create(
            SelfAssessmentRating(
                assessment=assessment,
                domain=d,
                level=levels[int(ratings[d.pk][0])],
                level_label=levels[int(ratings[d.pk][0])].label,
                evidence=(ratings[d.pk][1] or "").strip(),
            )
            for d in domains
        )
        audit.record(by=by, action="create", obj=assessment, summary=f"Self-assessment by {provider.name} submitted")
    return assessment
