import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from pupils import services
from pupils.tests.factories import RegistrationFactory


def test_enrolment_status_change_is_audited(area, user_as):
    registration = RegistrationFactory(organisation=area.school_a.organisation)
    services.set_enrolment_status(by=user_as("la_inclusion_officer"), registration=registration, enrolment_status="M")
    registration.refresh_from_db()
    assert registration.enrolment_status == "M"
    assert AuditEvent.objects.get(action="update").changes == {"enrolment_status": ["C", "M"]}


def test_unknown_enrolment_status_is_refused(area, user_as):
    registration = RegistrationFactory(organisation=area.school_a.organisation)
    with pytest.raises(ValidationError):
        services.set_enrolment_status(
            by=user_as("la_inclusion_officer"), registration=registration, enrolment_status="G"
        )
