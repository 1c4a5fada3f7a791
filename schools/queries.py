"""Reads of schools. Schools are not pupil data, so these are not scoped by user."""

from django.db.models import QuerySet, Sum

from schools.models import School


def schools_with_roll() -> QuerySet[School]:
    return School.objects.select_related("organisation", "partnership__organisation").annotate(
        number_on_roll=Sum("rolls__pupils")
    )
