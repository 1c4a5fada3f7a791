"""The audit trail is append-only: not through the model, the queryset, or SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from core.audit import record
from core.models import AuditEvent


@pytest.fixture
def event(area, user_as):
    return record(by=user_as("la_strategic_lead"), action="view", obj=area.la, summary="Looked")


def test_event_records_who_as_whom(event):
    assert event.user_email.startswith("la_strategic_lead")
    assert event.organisation_name == "Trafford" and event.role == "la_strategic_lead"
    assert event.object_type == "accounts.organisation"


def test_model_refuses_change_and_deletion(event):
    event.summary = "Changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_queryset_refuses_bulk_change_and_deletion(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="Changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_database_refuses_update(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET summary = 'Changed' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.summary == "Looked"
