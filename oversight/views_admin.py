"""The LA strategic lead keeps the benchmarks and the outlier thresholds: data the LA edits, not code."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts.policy import policy
from core.govuk_forms import apply_validation_error
from oversight import services
from oversight.benchmarks import benchmark_or_404
from oversight.forms import BenchmarkForm, ThresholdsForm
from oversight.models import Benchmark, OversightSettings


def _benchmark_page(request, benchmark: Benchmark | None):
    initial = {"active": "yes", "sort_order": 0}
    if benchmark is not None:
        initial = {
            name: getattr(benchmark, name) for name in BenchmarkForm.base_fields if name not in ("reason", "active")
        }
        initial["active"] = "yes" if benchmark.active else "no"
    form = BenchmarkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if benchmark is None:
                saved = services.add_benchmark(by=request.user, reason=form.cleaned_data["reason"], **form.values())
            else:
                saved = services.update_benchmark(
                    by=request.user, benchmark=benchmark, reason=form.cleaned_data["reason"], **form.values()
                )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"The benchmark '{saved.label}' ({saved.period}) has been saved")
            return redirect("oversight:benchmarks")
    title = "Add a benchmark" if benchmark is None else "Change a benchmark"
    return render(request, "oversight/benchmark_form.html", {"form": form, "title": title, "benchmark": benchmark})


@policy("oversight.change_benchmarks")
def benchmark_add(request):
    return _benchmark_page(request, None)


@policy("oversight.change_benchmarks")
def benchmark_change(request, pk: int):
    return _benchmark_page(request, benchmark_or_404(pk))


@policy("oversight.view_dashboard")
def thresholds(request):
    return render(
        request,
        "oversight/thresholds.html",
        {
            "settings": OversightSettings.current(),
            "fields": _labelled(OversightSettings.current()),
            "can_change": request.user.has_perm("oversight.change_thresholds"),
        },
    )


def _labelled(settings: OversightSettings) -> list[tuple[str, object]]:
    return [
        (
            OversightSettings._meta.get_field(name).verbose_name[0].upper()
            + OversightSettings._meta.get_field(name).verbose_name[1:],
            getattr(settings, name),
        )
        for name in OversightSettings.FIELDS
    ]


@policy("oversight.change_thresholds")
def thresholds_change(request):
    current = OversightSettings.current()
    form = ThresholdsForm(
        request.POST or None, initial={name: getattr(current, name) for name in OversightSettings.FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            services.update_thresholds(by=request.user, reason=form.cleaned_data["reason"], **values)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The thresholds have been saved")
            return redirect("oversight:thresholds")
    return render(request, "oversight/thresholds_form.html", {"form": form, "title": "Change the thresholds"})
