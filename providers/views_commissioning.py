"""Commissioning pages: all AP commissioned in the area, block-commissioned places, sufficiency,
and the pupils to move from a suspended or decommissioned provider. Reads placements only
through providers.commissioning.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.policy import policy
from core.calendar import academic_year_label, academic_year_of
from core.govuk_forms import apply_validation_error
from providers import commissioning, queries, rules, services_commissioning
from providers.forms_qa import BlockCommissionForm
from providers.models import DirectorySettings
from providers.queries import today


@policy("providers.view_commissioning")
def overview(request):
    on = today()
    year = academic_year_of(on)
    chosen = request.GET.get("year", "")
    if chosen.isdigit() and year - 3 <= int(chosen) <= year + 2:
        year = int(chosen)
    blocks = list(queries.block_commissions(year))
    rows = commissioning.commissioned_placements(on)
    return render(
        request,
        "providers/commissioning.html",
        {
            "today": on,
            "year": year,
            "year_label": academic_year_label(year),
            "years": [(y, academic_year_label(y)) for y in range(academic_year_of(on) - 3, academic_year_of(on) + 3)],
            "blocks": blocks,
            "block_places": sum(b.places for b in blocks),
            "block_total": sum(b.total_pence for b in blocks),
            "rows": rows,
            "totals": {
                "pupils": sum(r.pupils for r in rows),
                "la": sum(r.by_la for r in rows),
                "schools": sum(r.by_schools for r in rows),
                "others": sum(r.by_others for r in rows),
                "unregistered": sum(r.pupils for r in rows if not r.registered),
                "out_of_area": sum(r.pupils for r in rows if r.provider.out_of_area),
            },
            "can_change": request.user.has_perm("providers.change_block_commission"),
        },
    )


def _years():
    this_year = academic_year_of(today())
    return list(range(this_year - 1, this_year + 3))


def _block_page(request, commission=None):
    la = queries.la_organisation(request.user)
    settings = DirectorySettings.load()
    if commission is None:
        initial = {
            "academic_year": academic_year_of(today()),
            "place_funding_pence": settings.place_funding_pence,
            "top_up_pence": 0,
        }
        if request.GET.get("provider", "").isdigit():
            initial["provider"] = int(request.GET["provider"])
    else:
        initial = {
            "academic_year": commission.academic_year,
            "places": commission.places,
            "place_funding_pence": commission.place_funding_pence,
            "top_up_pence": commission.top_up_pence,
            "notes": commission.notes,
            "joint_commissioners": [o.pk for o in commission.joint_commissioners.all()],
        }
    form = BlockCommissionForm(
        request.POST or None,
        initial=initial,
        providers=queries.approved_providers().order_by("organisation__name"),
        years=_years(),
        partners=queries.organisations_for_joint_commissioning(),
        editing=commission is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if commission is None:
                services_commissioning.add_block_commission(by=request.user, commissioner=la, **data)
            else:
                services_commissioning.update_block_commission(by=request.user, commission=commission, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The block-commissioned places have been saved")
            return redirect(_overview_url(data.get("academic_year") or commission.academic_year))
    return render(
        request,
        "providers/block_form.html",
        {
            "form": form,
            "commission": commission,
            "settings": settings,
            "state_funded": ", ".join(sorted(t.label for t in rules.STATE_FUNDED_AP)),
        },
    )


def _overview_url(year) -> str:
    return f"{reverse('providers:commissioning')}?year={year}"


@policy("providers.change_block_commission")
def block_add(request):
    return _block_page(request)


@policy("providers.change_block_commission")
def block_edit(request, pk):
    return _block_page(request, queries.block_commission_or_404(pk))


@policy("providers.view_sufficiency")
def sufficiency(request):
    on = today()
    return render(request, "providers/sufficiency.html", {"report": commissioning.sufficiency(on), "today": on})


@policy("providers.view_pupils_to_move")
def pupils_to_move(request, pk):
    provider = queries.provider_or_404(pk)
    on = today()
    placements = commissioning.pupils_to_move(request.user, provider, on)
    return render(
        request,
        "providers/pupils_to_move.html",
        {
            "provider": provider,
            "placements": placements,
            "accepts": rules.accepts_new_placements(provider.framework_status),
        },
    )
