"""Reference code lists: loaded from core/data/codes by migration 0003, read by version in force."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from core import codes as code_lists
from core.codes import (
    CodeListError,
    category_of,
    choices,
    codes,
    is_valid_code,
    label_for,
    load_code_lists,
    read_code_list_files,
)
from core.models import AuditEvent, Code, CodeList
from core.services import update_code

D = datetime.date
pytestmark = pytest.mark.django_db

EXPECTED = {
    # key: (version, codes in the file, codes in use)
    "attendance": ("2024", 34, 34),
    "exclusion-reason": ("2020", 17, 17),
    "sen-provision": ("2018", 4, 3),
    "enrolment-status": ("1", 4, 3),
    "ap-setting-type": ("2023", 4, 4),
    "ap-placement-reason": ("2023", 10, 10),
}


@pytest.mark.parametrize("key", EXPECTED)
def test_every_list_loads_with_the_right_counts(key):
    version, total, active = EXPECTED[key]
    code_list = CodeList.objects.get(key=key)
    assert code_list.version == version
    assert code_list.source
    assert code_list.codes.count() == total
    assert len(codes(key)) == active
    assert len(codes(key, include_inactive=True)) == total


def test_data_files_are_well_formed():
    files = read_code_list_files()
    assert {data["key"] for data in files} == set(EXPECTED)


def test_attendance_codes_2024():
    assert is_valid_code("attendance", "K")
    assert is_valid_code("attendance", "C2")
    assert not is_valid_code("attendance", "H")  # withdrawn in August 2024
    assert not is_valid_code("attendance", "J")
    assert not is_valid_code("attendance", "Y")
    assert category_of("attendance", "D") == "NP"
    assert category_of("attendance", "K") == "AEA"
    assert category_of("attendance", "C2") == "Auth"
    assert category_of("attendance", "/") == "Present"
    assert category_of("attendance", "G") == "Unauth"
    assert category_of("attendance", "#") == "Admin"
    assert {code.category for code in codes("attendance")} == {"Present", "AEA", "Auth", "Unauth", "NP", "Admin"}
    assert Code.objects.get(code_list__key="attendance", code="K").confidence == Code.Confidence.CONFIRMED
    assert Code.objects.get(code_list__key="attendance", code="M").confidence == Code.Confidence.THIRD_PARTY


def test_confidence_marks_follow_the_sources():
    exclusion = {code.code: code.confidence for code in codes("exclusion-reason")}
    assert exclusion["PP"] == Code.Confidence.THIRD_PARTY
    assert exclusion["PD"] == exclusion["OT"] == Code.Confidence.NOT_CONFIRMED
    assert "MB" not in exclusion  # unverified newer codes are left out
    assert {code.confidence for code in codes("ap-placement-reason")} == {Code.Confidence.NOT_CONFIRMED}
    assert not is_valid_code("sen-provision", "S")  # discontinued 1 April 2018
    assert not is_valid_code("enrolment-status", "G")
    assert Code.objects.get(code_list__key="enrolment-status", code="G").confidence == Code.Confidence.NOT_CONFIRMED


def test_placement_reasons_include_the_dfe_labels():
    labels = {label for _, label in choices("ap-placement-reason")}
    assert "Off-site placement for behavioural support" in labels
    assert "Permanent exclusion (where still going through the review process)" in labels
    assert "Setting named on EHC plan" in labels


def test_version_in_force_on_a_date():
    assert is_valid_code("attendance", "K", D(2024, 9, 2))
    with pytest.raises(CodeListError, match="No version"):
        codes("attendance", D(2024, 1, 1))


def test_a_newer_version_takes_over_from_its_valid_from():
    newer = CodeList.objects.create(key="sen-provision", version="2030", name="SEN provision", valid_from=D(2030, 9, 1))
    Code.objects.create(code_list=newer, code="N", label="No SEN")
    assert is_valid_code("sen-provision", "K", D(2030, 8, 31))
    assert not is_valid_code("sen-provision", "K", D(2030, 9, 1))
    assert label_for("sen-provision", "K") == "SEN support"  # older versions still read


def test_labels_and_choices():
    assert label_for("attendance", "K") == "Attending education provision arranged by the local authority"
    assert label_for("attendance", "H") == "H"  # unknown code comes back as it was recorded
    assert ("E", "Education, health and care plan") in choices("sen-provision")
    assert ("S", "Statement of special educational needs (discontinued 1 April 2018)") not in choices("sen-provision")


def test_unknown_key_raises_a_clear_error():
    with pytest.raises(CodeListError, match="no code list called 'attendence'.*attendance"):
        codes("attendence")
    with pytest.raises(CodeListError, match="no code list called"):
        label_for("nope", "K")
    with pytest.raises(CodeListError, match="no code list called"):
        is_valid_code("nope", "K")
    with pytest.raises(CodeListError, match="not a code"):
        category_of("attendance", "H")


def test_loader_is_idempotent_and_keeps_an_la_edit():
    Code.objects.filter(code_list__key="attendance", code="K").update(label="Our LA's wording")
    before = Code.objects.count()
    assert load_code_lists() == {"lists": 0, "codes": 0}
    assert Code.objects.count() == before
    assert label_for("attendance", "K") == "Our LA's wording"


def test_loader_adds_missing_codes_and_new_versions(tmp_path):
    Code.objects.filter(code_list__key="attendance", code="Z").delete()
    for data in read_code_list_files():
        (tmp_path / f"{data['key']}.json").write_text(json.dumps(data))
    (tmp_path / "new.json").write_text(
        json.dumps(
            {
                "key": "attendance",
                "version": "2030",
                "name": "Attendance codes",
                "valid_from": "2030-09-01",
                "source": "test",
                "codes": [
                    {
                        "code": "K",
                        "label": "K",
                        "category": "AEA",
                        "confidence": "confirmed",
                        "active": True,
                        "sort_order": 1,
                    }
                ],
            }
        )
    )
    assert load_code_lists(directory=tmp_path) == {"lists": 1, "codes": 2}
    assert is_valid_code("attendance", "Z")


def test_loader_rejects_a_bad_file(tmp_path):
    (tmp_path / "bad.json").write_text(
        json.dumps(
            {
                "key": "x",
                "version": "1",
                "name": "X",
                "valid_from": "2020-01-01",
                "source": "",
                "codes": [
                    {"code": "A", "label": "A", "category": "", "confidence": "sure", "active": True, "sort_order": 1}
                ],
            }
        )
    )
    with pytest.raises(ValueError, match="unknown confidence"):
        load_code_lists(directory=tmp_path)


@pytest.fixture
def lead(area):
    from accounts.tests.factories import MembershipFactory

    user = UserFactory(email="lead@example.org")
    MembershipFactory(user=user, organisation=area.la, role="la_strategic_lead")
    return user


def test_update_code_audits_a_diff_with_the_reason(lead):
    code = Code.objects.get(code_list__key="attendance", code="K")
    update_code(
        by=lead, code=code, label="LA-arranged education", category="AEA", active=True, reason="Shorter wording"
    )
    code.refresh_from_db()
    assert code.label == "LA-arranged education"
    event = AuditEvent.objects.get(object_type="core.code", object_id=str(code.pk))
    assert event.action == "update"
    assert event.reason == "Shorter wording"
    assert event.changes == {
        "label": ["Attending education provision arranged by the local authority", "LA-arranged education"]
    }
    assert event.user_email == "lead@example.org"


def test_update_code_requires_a_reason_and_saves_nothing_without_one(lead):
    code = Code.objects.get(code_list__key="attendance", code="K")
    with pytest.raises(ValidationError) as caught:
        update_code(by=lead, code=code, label="New", category="AEA", active=False, reason="  ")
    assert "reason" in caught.value.message_dict
    code.refresh_from_db()
    assert code.label != "New" and code.active
    assert not AuditEvent.objects.exists()


def test_update_code_checks_the_category(lead):
    code = Code.objects.get(code_list__key="attendance", code="K")
    with pytest.raises(ValidationError) as caught:
        update_code(by=lead, code=code, label="K", category="Holiday", active=True, reason="x")
    assert "category" in caught.value.message_dict
    sen = Code.objects.get(code_list__key="sen-provision", code="K")
    with pytest.raises(ValidationError):
        update_code(by=lead, code=sen, label="SEN support", category="AEA", active=True, reason="x")


def test_update_code_without_changes_writes_nothing(lead):
    code = Code.objects.get(code_list__key="attendance", code="K")
    update_code(by=lead, code=code, label=code.label, category=code.category, active=True, reason="Checked")
    assert not AuditEvent.objects.exists()


def test_inactive_code_is_not_valid_but_still_has_a_category(lead):
    code = Code.objects.get(code_list__key="attendance", code="B")
    update_code(by=lead, code=code, label=code.label, category="AEA", active=False, reason="Not used here")
    assert not is_valid_code("attendance", "B")
    assert code_lists.category_map("attendance")["B"] == "AEA"
