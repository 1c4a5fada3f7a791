"""QA pages: the dashboard, the shared record of visits, scheduling and recording visits, the
printable visit report (HTML and PDF), and the actions that come out of visits.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from accounts.policy import policy
from core.govuk_forms import apply_validation_error
from providers import dashboard, queries, services_qa
from providers.forms_qa import (
    ActionForm,
    AnnualVisitsForm,
    CancelVisitForm,
    CloseActionForm,
    VisitRecordForm,
    VisitScheduleForm,
)
from providers.models import Visit
from providers.queries import today


@policy("providers.view_qa_dashboard")
def qa_dashboard(request):
    board = dashboard.build(today())
    return render(
        request,
        "providers/qa_dashboard.html",
        {"board": board, "can_schedule": request.user.has_perm("providers.schedule_annual_visits")},
    )


@policy("providers.schedule_annual_visits")
def schedule_annual(request):
    board = dashboard.build(today())
    form = AnnualVisitsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visits = services_qa.schedule_annual_visits(
                by=request.user, providers=board.to_schedule, scheduled_for=form.cleaned_data["scheduled_for"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{len(visits)} annual visit{'s' if len(visits) != 1 else ''} scheduled")
            return redirect("providers:qa-dashboard")
    return render(request, "providers/schedule_annual.html", {"form": form, "providers": board.to_schedule})


@policy("providers.view_visits")
def visit_list(request):
    visits = queries.visits_visible_to(request.user).order_by("-scheduled_for", "-id")
    status = request.GET.get("status", "")
    if status in Visit.Status.values:
        visits = visits.filter(status=status)
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "providers/visit_list.html",
        {
            "page": page,
            "visits": page.object_list,
            "status": status,
            "statuses": Visit.Status.choices,
            "today": today(),
        },
    )


@policy("providers.schedule_visit")
def visit_schedule(request, pk):
    provider = queries.provider_or_404(pk)
    form = VisitScheduleForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        try:
            visit = services_qa.schedule_visit(by=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Visit scheduled for {visit.scheduled_for:%-d %B %Y}")
            return redirect("providers:visit-detail", pk=visit.pk)
    return render(request, "providers/visit_schedule.html", {"form": form, "provider": provider})


def _report_context(request, visit):
    return {
        "visit": visit,
        "provider": visit.provider,
        "judgements": list(queries.visit_judgements(visit)),
        "actions": list(queries.visit_actions(visit)),
        "today": today(),
    }


@policy("providers.view_visits")
def visit_detail(request, pk):
    visit = queries.visit_or_404(request.user, pk)
    context = _report_context(request, visit)
    recordable = queries.visits_recordable_by(request.user).filter(pk=visit.pk).exists()
    context.update(
        can_record=recordable and visit.status == Visit.Status.SCHEDULED,
        can_manage_actions=recordable and visit.status == Visit.Status.COMPLETED,
        can_issue_notice=request.user.has_perm("providers.issue_notice") and visit.status == Visit.Status.COMPLETED,
    )
    return render(request, "providers/visit_detail.html", context)


@policy("providers.view_visits")
def visit_pdf(request, pk):
    from weasyprint import HTML

    visit = queries.visit_or_404(request.user, pk)
    html = render_to_string("providers/visit_print.html", _report_context(request, visit), request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="qa-visit-{visit.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@policy("providers.record_visit")
def visit_record(request, pk):
    visit = queries.recordable_visit_or_404(request.user, pk)
    domains, levels = list(queries.active_domains()), list(queries.scale())
    form = VisitRecordForm(
        request.POST or None, domains=domains, levels=levels, initial={"carried_out_on": visit.scheduled_for}
    )
    if visit.status != Visit.Status.SCHEDULED:
        messages.info(request, "This visit has already been recorded or cancelled")
        return redirect("providers:visit-detail", pk=visit.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_qa.record_visit(
                by=request.user,
                visit=visit,
                carried_out_on=data["carried_out_on"],
                overall_level=data["overall_level"],
                judgements=form.judgements(),
                evidence=data["evidence"],
                pupil_voice=data["pupil_voice"],
                summary=data["summary"],
                actions=form.actions(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The visit has been recorded")
            return redirect("providers:visit-detail", pk=visit.pk)
    return render(
        request,
        "providers/visit_record.html",
        {
            "form": form,
            "visit": visit,
            "provider": visit.provider,
            "levels": levels,
            "domains": domains,
            "self_assessment": queries.latest_self_assessment(visit.provider),
        },
    )


@policy("providers.record_visit")
def visit_cancel(request, pk):
    visit = queries.recordable_visit_or_404(request.user, pk)
    form = CancelVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_qa.cancel_visit(by=request.user, visit=visit, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The visit has been cancelled")
            return redirect("providers:visit-detail", pk=visit.pk)
    return render(request, "providers/visit_cancel.html", {"form": form, "visit": visit})


@policy("providers.record_visit")
def action_add(request, pk):
    visit = queries.recordable_visit_or_404(request.user, pk)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_qa.add_action(by=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The action has been added")
            return redirect("providers:visit-detail", pk=visit.pk)
    return render(request, "providers/action_form.html", {"form": form, "visit": visit})


@policy("providers.record_visit")
def action_close(request, pk):
    action = queries.action_recordable_or_404(request.user, pk)
    form = CloseActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_qa.close_action(by=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The action has been updated")
            return redirect("providers:visit-detail", pk=action.visit_id)
    return render(request, "providers/action_close.html", {"form": form, "action": action})
