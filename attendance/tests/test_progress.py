"""Weekly notes, termly targets with distance travelled, and achievements."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from attendance import services_progress as progress
from attendance.models import Achievement, ProgressNote, TargetRating
from attendance.queries_progress import target_table
from core.models import AuditEvent

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")
AREAS = ("interaction", "motivation", "reliability", "punctuality", "attendance")


def ratings(baseline=2, target=3, outcome=None, **overrides):
    values = {area: {"baseline": baseline, "target": target, "outcome": outcome, "comment": ""} for area in AREAS}
    for area, change in overrides.items():
        values[area] = {**values[area], **change}
    return values


class TestNotes:
    def test_a_note_is_filed_under_its_monday_and_audited(self, placed, staff):
        note = progress.save_progress_note(
            by=staff, component=placed.full, week_of=D(2025, 11, 13), summary="Settled week"
        )
        assert note.week_start == D(2025, 11, 10) and note.pupil == placed.full.placement.pupil
        assert AuditEvent.objects.filter(
            pupil_id=note.pupil_id, action="create", object_type="attendance.progressnote"
        ).exists()

    def test_one_note_a_week(self, placed, staff):
        progress.save_progress_note(by=staff, component=placed.full, week_of=D(2025, 11, 10), summary="One")
        with pytest.raises(ValidationError) as excinfo:
            progress.save_progress_note(by=staff, component=placed.full, week_of=D(2025, 11, 12), summary="Two")
        assert "already a note for the week beginning 10 November 2025" in excinfo.value.message_dict["week_of"][0]

    def test_changing_a_note_keeps_the_old_text_in_the_audit(self, placed, staff):
        note = progress.save_progress_note(by=staff, component=placed.full, week_of=D(2025, 11, 10), summary="One")
        progress.save_progress_note(
            by=staff, component=placed.full, note=note, week_of=D(2025, 11, 10), summary="Better"
        )
        assert AuditEvent.objects.get(action="update").changes == {"summary": ["One", "Better"]}

    @pytest.mark.parametrize(
        ("week_of", "summary", "field", "words"),
        [
            (D(2025, 11, 24), "x", "week_of", "not started yet"),
            (D(2025, 10, 20), "x", "week_of", "not placed here"),
            (D(2025, 11, 10), "  ", "summary", "Enter how the week went"),
        ],
    )
    def test_bad_notes(self, placed, staff, week_of, summary, field, words):
        with pytest.raises(ValidationError) as excinfo:
            progress.save_progress_note(by=staff, component=placed.full, week_of=week_of, summary=summary)
        assert words in excinfo.value.message_dict[field][0]
        assert not ProgressNote.objects.exists()

    def test_only_the_components_provider_writes_notes(self, placed, user_as, area):
        for user in (user_as("school_leader"), user_as("provider_manager", area.provider_b.organisation)):
            with pytest.raises(ValidationError, match="Only staff of Riverside Learning Centre"):
                progress.save_progress_note(by=user, component=placed.full, week_of=D(2025, 11, 10), summary="x")


class TestTargets:
    def test_targets_and_distance_travelled(self, placed, staff):
        component = placed.full
        progress.set_targets(
            by=staff,
            component=component,
            academic_year=2025,
            term="autumn",
            ratings=ratings(baseline=2, target=3, outcome=3, punctuality={"outcome": 1}),
        )
        assert TargetRating.objects.filter(component=component).count() == 5
        table = target_table(component)
        assert [label for _, _, label in table.terms] == ["Autumn term 2025/26"]
        distances = {a.area: a.distance for a in table.areas}
        assert distances["interaction"] == 1 and distances["punctuality"] == -1

    def test_saving_again_updates_in_place(self, placed, staff):
        progress.set_targets(by=staff, component=placed.full, academic_year=2025, term="autumn", ratings=ratings())
        progress.set_targets(
            by=staff, component=placed.full, academic_year=2025, term="autumn", ratings=ratings(outcome=4)
        )
        assert set(TargetRating.objects.values_list("outcome", flat=True)) == {4}
        assert AuditEvent.objects.filter(action="update", summary__startswith="Targets").count() == 1

    @pytest.mark.parametrize(
        ("kwargs", "field", "words"),
        [
            ({"term": "spring"}, "term", "not started yet"),
            ({"academic_year": 2024, "term": "summer"}, "term", "not placed here"),
            ({"ratings": ratings(baseline=6)}, "interaction_baseline", "from 1 to 5"),
            ({"ratings": ratings(motivation={"target": None})}, "motivation_target", "from 1 to 5"),
            ({"ratings": ratings(outcome=0)}, "attendance_outcome", "or leave it blank"),
        ],
    )
    def test_bad_targets_save_nothing(self, placed, staff, kwargs, field, words):
        args = {"academic_year": 2025, "term": "autumn", "ratings": ratings(), **kwargs}
        with pytest.raises(ValidationError) as excinfo:
            progress.set_targets(by=staff, component=placed.full, **args)
        assert words in excinfo.value.message_dict[field][0]
        assert not TargetRating.objects.exists()


class TestAchievements:
    def test_recorded(self, placed, staff):
        a = progress.add_achievement(
            by=staff,
            component=placed.full,
            kind="unit",
            title="Using hand tools",
            achieved_on=D(2025, 11, 14),
            level="1",
            awarding_body="City & Guilds",
        )
        assert a.pupil == placed.full.placement.pupil
        assert AuditEvent.objects.filter(pupil_id=a.pupil_id, summary="Unit achieved: Using hand tools").exists()

    @pytest.mark.parametrize(
        ("kwargs", "field", "words"),
        [
            ({"achieved_on": D(2025, 11, 21)}, "achieved_on", "today or in the past"),
            ({"achieved_on": D(2025, 10, 1)}, "achieved_on", "started here on 3 November 2025"),
            ({"title": ""}, "title", "Enter the name"),
            ({"kind": "badge"}, "kind", "qualification or a unit"),
        ],
    )
    def test_bad_achievements(self, placed, staff, kwargs, field, words):
        args = {"kind": "qualification", "title": "Functional Skills English", "achieved_on": D(2025, 11, 14), **kwargs}
        with pytest.raises(ValidationError) as excinfo:
            progress.add_achievement(by=staff, component=placed.full, **args)
        assert words in excinfo.value.message_dict[field][0]
        assert not Achievement.objects.exists()


class TestPages:
    def test_provider_adds_a_note_and_the_school_reads_it(self, placed, client_as):
        url = reverse("attendance:note-add", args=[placed.full.pk])
        response = client_as("provider_staff").post(
            url,
            {
                "week_of-day": "17",
                "week_of-month": "11",
                "week_of-year": "2025",
                "summary": "Great week\nAll sessions",
            },
        )
        assert response.status_code == 302
        page = client_as("school_leader").get(reverse("attendance:progress", args=[placed.full.pk])).content.decode()
        assert "Week beginning 17 November 2025" in page and "Great week<br>All sessions" in page
        assert "Add a weekly note" not in page  # the school reads, the provider writes

    def test_targets_form_shows_errors_against_each_area(self, placed, client_as):
        url = reverse("attendance:targets", args=[placed.full.pk])
        client = client_as("provider_manager")
        page = client.post(url, {"interaction_baseline": "2"}).content.decode()
        assert "Choose a target for interaction" in page and 'href="#motivation_baseline"' in page
        data = {}
        for area in AREAS:
            data.update({f"{area}_baseline": "2", f"{area}_target": "4", f"{area}_outcome": ""})
        assert client.post(url, data).status_code == 302
        page = client.get(reverse("attendance:progress", args=[placed.full.pk])).content.decode()
        assert "2 → not yet (4)" in page

    def test_achievement_page(self, placed, client_as):
        url = reverse("attendance:achievement-add", args=[placed.full.pk])
        response = client_as("provider_staff").post(
            url,
            {
                "kind": "qualification",
                "title": "Food safety",
                "level": "2",
                "achieved_on-day": "14",
                "achieved_on-month": "11",
                "achieved_on-year": "2025",
            },
        )
        assert response.status_code == 302
        assert Achievement.objects.get().get_level_display() == "Level 2"
