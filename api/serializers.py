"""Shapes of the API's requests and responses (they also document the OpenAPI schema)."""

from rest_framework import serializers


class PupilSerializer(serializers.Serializer):
    upn = serializers.CharField(help_text="Unique pupil number, 13 characters")
    forename = serializers.CharField(help_text="Preferred first name, or the legal one")
    surname = serializers.CharField()
    date_of_birth = serializers.DateField()


class PlacementSerializer(serializers.Serializer):
    placement_id = serializers.IntegerField()
    component_id = serializers.IntegerField(help_text="This provider's part of the placement")
    pupil = PupilSerializer()
    home_school = serializers.CharField()
    programme = serializers.CharField(allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True, help_text="Last day here, if known")
    sessions = serializers.ListField(
        child=serializers.CharField(), help_text='Weekday sessions the pupil attends, like ["mon_am", "tue_pm"]'
    )
    expected_on_date = serializers.ListField(
        child=serializers.CharField(help_text="AM or PM"),
        help_text="The sessions the pupil is expected on the requested date (none on a day that is not a school day)",
    )


class AttendanceItemSerializer(serializers.Serializer):
    upn = serializers.CharField()
    component_id = serializers.IntegerField()
    date = serializers.DateField()
    session = serializers.ChoiceField(choices=["AM", "PM"])
    expected = serializers.BooleanField(help_text="Whether the pupil is expected in this session")
    code = serializers.CharField(allow_null=True, help_text="The attendance code, or null if not marked yet")
    source = serializers.CharField(allow_null=True, help_text="web, csv or api")
    recorded_at = serializers.DateTimeField(allow_null=True)


class MarkSerializer(serializers.Serializer):
    upn = serializers.CharField()
    component_id = serializers.IntegerField(
        required=False,
        help_text="Only needed if the pupil has two parts of a placement with you (see /api/placements/)",
    )
    date = serializers.DateField(help_text="YYYY-MM-DD; today or earlier")
    session = serializers.ChoiceField(choices=["AM", "PM"])
    code = serializers.CharField(help_text="A 2024 attendance code, like / (AM present), \\ (PM present), L, I, N or O")


class MarksSerializer(serializers.Serializer):
    marks = MarkSerializer(many=True)


class RecordedSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ProblemSerializer(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True, help_text="Position of the mark in 'marks', from 0")
    field = serializers.CharField()
    message = serializers.CharField()


class ErrorsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = ProblemSerializer(many=True)
