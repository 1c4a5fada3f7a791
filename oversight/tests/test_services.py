"""Changing benchmarks and thresholds: validated, audited with a reason, nothing half-saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from oversight import services
from oversight.models import Benchmark, OversightSettings

NEW = {
    "measure": "pupils_in_ap",
    "comparator": "other",
    "label": "Stockport",
    "value": "30.1",
    "period": "2022/23",
    "source": "DfE AP census 2022/23",
    "derivation": "",
    "sort_order": 50,
    "active": True,
}


def test_add_a_benchmark(area, user_as):
    lead = user_as(Role.LA_STRATEGIC_LEAD)
    benchmark = services.add_benchmark(by=lead, reason="A statistical neighbour", **NEW)
    assert (benchmark.key, benchmark.value) == ("other-pupils_in_ap-stockport-202223", Decimal("30.10"))
    again = services.add_benchmark(by=lead, reason="Twice", **NEW)
    assert again.key == "other-pupils_in_ap-stockport-202223-2"
    event = AuditEvent.objects.filter(action="create", object_type="oversight.benchmark").order_by("pk").first()
    assert event.reason == "A statistical neighbour"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("source", "  ", "Enter where the figure was published, so others can check it"),
        ("value", "-1", "Enter the figure as a number of 0 or more, like 21.8"),
        ("value", "lots", "Enter the figure as a number of 0 or more, like 21.8"),
        ("measure", "happiness", "Choose the measure the figure is a benchmark for"),
        ("label", "", "Enter who the figure describes, like England or the name of an area"),
    ],
)
def test_a_benchmark_is_checked_before_it_is_saved(area, user_as, field, value, message):
    with pytest.raises(ValidationError) as error:
        services.add_benchmark(by=user_as(Role.LA_STRATEGIC_LEAD), reason="x", **{**NEW, field: value})
    assert error.value.message_dict[field] == [message]
    assert not Benchmark.objects.filter(label="Stockport").exists()


def test_change_a_benchmark_keeps_the_old_value_in_the_audit_trail(area, user_as):
    benchmark = Benchmark.objects.get(key="table1-devolved-places")
    services.update_benchmark(
        by=user_as(Role.LA_STRATEGIC_LEAD),
        benchmark=benchmark,
        reason="Corrected from the report",
        value=Decimal("27.9"),
    )
    event = AuditEvent.objects.get(action="update", object_type="oversight.benchmark")
    assert event.changes == {"value": ["27.80", "27.90"]} and event.reason == "Corrected from the report"
    with pytest.raises(ValidationError) as error:
        services.update_benchmark(by=user_as(Role.LA_INCLUSION_OFFICER), benchmark=benchmark, reason="", value=1)
    assert "reason" in error.value.message_dict
    assert Benchmark.objects.get(pk=benchmark.pk).value == Decimal("27.90")


def test_change_the_thresholds(area, user_as):
    lead = user_as(Role.LA_STRATEGIC_LEAD)
    saved = services.update_thresholds(by=lead, reason="Agreed at the heads' forum", use_ratio=Decimal("1.25"))
    assert OversightSettings.current().use_ratio == Decimal("1.25") and saved.updated_by == lead
    with pytest.raises(ValidationError) as error:
        services.update_thresholds(by=lead, reason="x", use_ratio=Decimal("0.5"), contribution_ratio=Decimal("2"))
    assert error.value.message_dict == {
        "use_ratio": ["Enter a number of 1 or more"],
        "contribution_ratio": ["Enter a number of 1 or less"],
    }
    assert OversightSettings.current().use_ratio == Decimal("1.25")
    assert AuditEvent.objects.filter(object_type="oversight.oversightsettings").count() == 1


def test_benchmark_form_shows_errors_against_the_fields(area, client_as):
    response = client_as(Role.LA_STRATEGIC_LEAD).post(
        reverse("oversight:benchmark-add"), {**NEW, "value": "", "reason": "x", "active": "yes"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and 'href="#value"' in html


def test_thresholds_form_saves(area, client_as):
    data = {name: getattr(OversightSettings.current(), name) for name in OversightSettings.FIELDS}
    response = client_as(Role.LA_STRATEGIC_LEAD).post(
        reverse("oversight:thresholds-change"), {**data, "min_pupils": 5, "reason": "Agreed"}
    )
    assert response.status_code == 302 and OversightSettings.current().min_pupils == 5
