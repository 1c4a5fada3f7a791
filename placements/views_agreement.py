"""The written placement agreement, as a page and as a PDF (weasyprint)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from accounts.policy import policy
from core.calendar import SchoolCalendar, academic_year_of
from placements import queries, rules, services
from pupils.rules import national_curriculum_year


def _context(request, placement) -> dict:
    user = request.user
    components = queries.visible_components(user, placement)
    costs, total, cost_error = queries.package_costs(placement, components, SchoolCalendar.load())
    return {
        "placement": placement,
        "pupil": placement.pupil,
        "year_group": national_curriculum_year(placement.pupil.date_of_birth, academic_year_of(placement.start_date)),
        "costs": costs,
        "total": None if queries.is_provider_view(user) else total,
        "cost_error": cost_error,
        "profile": queries.learner_profile_of(placement),
        "review_dates": [(r.kind, r.due_date) for r in queries.reviews_of(placement)]
        or rules.review_due_dates(placement.start_date, placement.planned_end_date, queries.term_periods()),
    }


@policy("placements.view_placement")
def agreement(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    services.record_placement_view(by=request.user, placement=placement, what="Placement agreement")
    return render(request, "placements/agreement.html", _context(request, placement))


@policy("placements.view_placement")
def agreement_pdf(request, pk):
    from weasyprint import HTML

    placement = queries.visible_placement_or_404(request.user, pk)
    services.record_placement_view(by=request.user, placement=placement, what="Placement agreement (PDF)")
    html = render_to_string("placements/agreement_pdf.html", _context(request, placement), request=request)
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="placement-agreement-{placement.pk}.pdf"'
    return response
