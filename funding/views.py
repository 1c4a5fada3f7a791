"""Funding pages: the overview, the funding model, funding years, allocations and agreements.

Ledger, balances, shares of places and the forecast are in views_ledger.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts.policy import policy
from core.calendar import academic_year_label, academic_year_of
from core.govuk_forms import apply_validation_error
from funding import queries, services
from funding.forms import ArrangementForm, DecisionForm, FundingYearForm, TermsForm
from funding.models import AgreementStatus, AgreementTerms, FundingYear
from funding.queries_money import finance_alerts, forecast

YEAR_FIELDS = [name for name in FundingYearForm.base_fields if name != "academic_year"]


@policy("funding.view_funding")
def overview(request):
    user, on = request.user, queries.today()
    who = queries.viewer(user)
    year = queries.funding_year_for(on)
    allocations = list(queries.year_allocations(year)) if year else []
    own_allocation = next((a for a in allocations if a.school.organisation_id == who.organisation_id), None)
    own_agreement = None
    if year and who.kind == "school":
        own_agreement = queries.agreements_visible_to(user).filter(funding_year=year).first()
    partnership_total = None
    if who.kind == "partnership":
        partnership_total = sum(
            a.amount_pence
            for a in allocations
            if a.school.partnership and a.school.partnership.organisation_id == who.organisation_id
        )
    return render(
        request,
        "funding/overview.html",
        {
            "title": "Funding",
            "today": on,
            "year": year,
            "year_label": academic_year_label(academic_year_of(on)),
            "arrangement": queries.arrangement_history().filter(effective_from__lte=on).first(),
            "devolved": sum(a.amount_pence for a in allocations),
            "schools_allocated": len(allocations),
            "own_allocation": own_allocation,
            "own_agreement": own_agreement,
            "partnership_total": partnership_total,
            "alerts": finance_alerts(user, on),
            "who": who,
            "forecast": forecast(year, on) if year and user.has_perm("funding.view_forecast") else None,
            "can_manage": user.has_perm("funding.manage_funding"),
            "can_ledger": user.has_perm("funding.view_ledger"),
            "can_forecast": user.has_perm("funding.view_forecast"),
        },
    )


@policy("funding.view_funding")
def arrangements(request):
    return render(
        request,
        "funding/arrangements.html",
        {
            "title": "Funding model",
            "history": list(queries.arrangement_history()),
            "today": queries.today(),
            "can_manage": request.user.has_perm("funding.manage_funding"),
        },
    )


@policy("funding.manage_funding")
def arrangement_change(request):
    current = queries.arrangement_history().first()
    initial = {"funding_models": current.funding_models, "tariff_pence": current.tariff_pence} if current else {}
    form = ArrangementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_arrangement(
                by=request.user,
                effective_from=data["effective_from"],
                funding_models=data["funding_models"],
                tariff_pence=data["tariff_pence"] or 0,
                notes=data["notes"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"The funding model changes from {data['effective_from']:%-d %B %Y}")
            return redirect("funding:arrangements")
    return render(request, "funding/arrangement_form.html", {"title": "Change the funding model", "form": form})


@policy("funding.manage_funding")
def years(request):
    return render(
        request, "funding/years.html", {"title": "AP budgets by year", "years": list(queries.funding_years())}
    )


@policy("funding.manage_funding")
def year_add(request):
    on = queries.today()
    initial = {
        "academic_year": academic_year_of(on),
        "place_rate_pence": 1_000_000,
        "devolved_percent": 100,
        "secondary_weight": 1,
        "primary_weight": 0,
        "pupil_factor_percent": 70,
        "fsm_factor_percent": 20,
        "idaci_factor_percent": 10,
    }
    form = FundingYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            year = services.create_funding_year(
                by=request.user, academic_year=data["academic_year"], **{k: data[k] for k in YEAR_FIELDS}
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, f"The AP budget for {year} has been added. Run the formula to see the allocations"
            )
            return redirect("funding:year", pk=year.pk)
    return render(
        request, "funding/year_form.html", {"title": "Add an AP budget for a year", "form": form, "year": None}
    )


@policy("funding.manage_funding")
def year_change(request, pk):
    year = queries.funding_year_or_404(pk)
    form = FundingYearForm(request.POST or None, initial={k: getattr(year, k) for k in YEAR_FIELDS}, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_funding_year(by=request.user, funding_year=year, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The settings have been saved. Run the formula again to update the allocations")
            return redirect("funding:year", pk=year.pk)
    return render(
        request,
        "funding/year_form.html",
        {"title": f"Change the {year} budget and formula", "form": form, "year": year},
    )


@policy("funding.manage_funding")
def year_detail(request, pk):
    year = queries.funding_year_or_404(pk)
    place_funding, place_words, place_lines = queries.place_funding_for(year)
    allocations = list(queries.year_allocations(year))
    agreements = {a.school_id: a for a in queries.agreements_visible_to(request.user).filter(funding_year=year)}
    devolved = sum(a.amount_pence for a in allocations)
    return render(
        request,
        "funding/year.html",
        {
            "title": f"AP budget {year}",
            "year": year,
            "place_funding": place_funding,
            "place_words": place_words,
            "place_lines": place_lines,
            "allocations": [(a, agreements.get(a.school_id)) for a in allocations],
            "devolved": devolved,
            "devolvable": year.ap_budget_pence - place_funding,
            "terms": queries.terms_for(year),
            "is_draft": year.status == FundingYear.Status.DRAFT,
        },
    )


def _year_action(request, pk, action, success):
    year = queries.funding_year_or_404(pk)
    if request.method == "POST":
        try:
            action(year)
        except ValidationError as exc:
            return render(
                request,
                "funding/year_action.html",
                {"title": success[0], "year": year, "problems": exc.messages, "explain": success[2]},
                status=400,
            )
        messages.success(request, success[1])
        return redirect("funding:year", pk=year.pk)
    return render(
        request, "funding/year_action.html", {"title": success[0], "year": year, "problems": [], "explain": success[2]}
    )


@policy("funding.manage_funding")
def year_formula(request, pk):
    return _year_action(
        request,
        pk,
        lambda year: services.run_formula(by=request.user, funding_year=year),
        (
            "Run the allocation formula",
            "The formula has been run: the allocations below replace the last run",
            "Every school's allocation is worked out again from its number on roll, FSM and IDACI, replacing the last run.",
        ),
    )


@policy("funding.manage_funding")
def year_confirm(request, pk):
    return _year_action(
        request,
        pk,
        lambda year: services.confirm_funding_year(by=request.user, funding_year=year),
        (
            "Confirm the allocations",
            "The allocations are confirmed. Issue the agreements next",
            "Once confirmed, the budget and allocations cannot change and they go to the ledger when it is next posted.",
        ),
    )


@policy("funding.manage_funding")
def year_issue(request, pk):
    def issue(year):
        count = services.issue_agreements(by=request.user, funding_year=year)
        messages.info(request, f"{count} agreements issued")

    return _year_action(
        request,
        pk,
        issue,
        (
            "Issue the service-level agreements",
            "The agreements have been issued to the schools",
            "Each school with an allocation gets the agreement with its allocation. Agreements a school has already "
            "accepted or declined are kept as they are.",
        ),
    )


@policy("funding.manage_funding")
def year_terms(request, pk):
    year = queries.funding_year_or_404(pk)
    terms = queries.terms_for(year)
    initial = (
        {name: getattr(terms, name) for name, _ in AgreementTerms.SECTIONS} if terms else services.suggested_terms(year)
    )
    form = TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_terms(by=request.user, funding_year=year, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The agreement's terms have been saved")
            return redirect("funding:year", pk=year.pk)
    return render(
        request, "funding/terms_form.html", {"title": f"Service-level agreement {year}", "form": form, "year": year}
    )


@policy("funding.view_allocation")
def allocation(request, pk):
    item = queries.allocation_or_404(request.user, pk)
    year = item.funding_year
    place_funding, place_words, _ = queries.place_funding_for(year)
    devolved = queries.devolved_total(year)
    return render(
        request,
        "funding/allocation.html",
        {
            "title": f"{item.school.organisation.name}: allocation {year}",
            "item": item,
            "year": year,
            "place_funding": place_funding,
            "place_words": place_words,
            "devolved": devolved,
            "devolvable": year.ap_budget_pence - place_funding,
        },
    )


@policy("funding.view_agreement")
def agreement(request, pk):
    item = queries.agreement_or_404(request.user, pk)
    open_decision = item.status in (AgreementStatus.PENDING, AgreementStatus.DECLINED)
    can_decide = request.user.has_perm("funding.decide_agreement") and open_decision
    return render(
        request,
        "funding/agreement.html",
        {
            "title": f"Service-level agreement {item.funding_year}",
            "item": item,
            "can_decide": can_decide,
            "can_record": request.user.has_perm("funding.manage_funding") and open_decision,
            "form": DecisionForm(),
            "allocation": queries.allocations_visible_to(request.user)
            .filter(funding_year=item.funding_year, school=item.school)
            .first(),
        },
    )


@policy("funding.decide_agreement")
def agreement_decide(request, pk):
    item = queries.agreement_or_404(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_agreement(
                by=request.user, agreement=item, decision=form.cleaned_data["decision"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Your decision has been recorded")
            return redirect("funding:agreement", pk=item.pk)
    return render(
        request,
        "funding/agreement_decide.html",
        {"title": "Accept or decline the agreement", "item": item, "form": form},
    )


@policy("funding.manage_funding")
def agreement_record(request, pk):
    item = queries.agreement_or_404(request.user, pk)
    form = DecisionForm(request.POST or None)
    form.fields["note"].label = "What the school sent: who signed it and when"
    if request.method == "POST" and form.is_valid():
        try:
            services.record_agreement_decision(
                by=request.user, agreement=item, decision=form.cleaned_data["decision"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{item.school.organisation.name}'s decision has been recorded")
            return redirect("funding:agreement", pk=item.pk)
    return render(
        request,
        "funding/agreement_decide.html",
        {
            "title": "Record the school's decision",
            "item": item,
            "form": form,
            "on_behalf": True,
        },
    )
