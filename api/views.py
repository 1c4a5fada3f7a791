"""The REST API for providers' systems: their placements, and attendance to read and to send.

Every endpoint authenticates with a provider token (api.authentication) and acts as the
provider manager the token was issued to, so it reaches only that provider's pupils through
the same scoped queries and services as the web pages. Each view carries ``custodian_policy``
for tests/test_url_policies.py and is exempt from the sign-in redirect: DRF answers 401 itself.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import (
    AttendanceItemSerializer,
    ErrorsSerializer,
    MarksSerializer,
    PlacementSerializer,
    RecordedSerializer,
)
from attendance import rules, services
from attendance.queries import acting_provider_id, provider_components, register_rows, running_on, today
from core.calendar import SchoolCalendar

DATE_PARAMETER = OpenApiParameter(
    "date", datetime.date, description="The day, as YYYY-MM-DD (default: today)", required=False
)


class HasPolicyPermission(permissions.BasePermission):
    """The acting role must have the view's ``required_permission`` (a rules permission)."""

    message = "This token cannot use the API"

    def has_permission(self, request, view):
        return bool(request.user) and request.user.has_perm(view.required_permission)


class ProviderApiView(APIView):
    custodian_policy = "api-token"
    required_permission = "api.use_api"
    permission_classes = [permissions.IsAuthenticated, HasPolicyPermission]
    parser_classes = [JSONParser]

    @property
    def provider_id(self) -> int:
        return acting_provider_id(self.request.user)


def _day(request) -> datetime.date | Response:
    text = request.query_params.get("date", "")
    if not text:
        return today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return Response(
            {
                "detail": "Invalid date",
                "errors": [{"index": None, "field": "date", "message": f"'{text}' is not a date: use YYYY-MM-DD"}],
            },
            status=status.HTTP_400_BAD_REQUEST,
        )


class PlacementList(ProviderApiView):
    @extend_schema(
        summary="Your pupils' placements running on a day",
        parameters=[DATE_PARAMETER],
        responses={200: PlacementSerializer(many=True), 400: ErrorsSerializer},
    )
    def get(self, request):
        day = _day(request)
        if isinstance(day, Response):
            return day
        calendar = SchoolCalendar.load()
        components = (
            running_on(provider_components(self.provider_id), day)
            .select_related("placement__pupil", "placement__home_school", "programme")
            .order_by("placement__pupil__legal_surname", "placement__pupil__legal_forename", "id")
        )
        data = []
        for component in components:
            pupil = component.placement.pupil
            data.append(
                {
                    "placement_id": component.placement_id,
                    "component_id": component.pk,
                    "pupil": {
                        "upn": pupil.upn,
                        "forename": pupil.preferred_forename or pupil.legal_forename,
                        "surname": pupil.legal_surname,
                        "date_of_birth": pupil.date_of_birth,
                    },
                    "home_school": component.placement.home_school.name,
                    "programme": component.programme.name if component.programme else None,
                    "start_date": component.start_date,
                    "end_date": component.end_date,
                    "sessions": list(component.sessions or []),
                    "expected_on_date": rules.expected_sessions(component, day, calendar)
                    if calendar.covers(day)
                    else [],
                }
            )
        return Response(PlacementSerializer(data, many=True).data)


class AttendanceEndpoint(ProviderApiView):
    @extend_schema(
        summary="The register for a day: every expected session and any mark",
        parameters=[DATE_PARAMETER],
        responses={200: AttendanceItemSerializer(many=True), 400: ErrorsSerializer},
    )
    def get(self, request):
        day = _day(request)
        if isinstance(day, Response):
            return day
        calendar = SchoolCalendar.load()
        rows = register_rows(provider_components(self.provider_id), day, calendar) if calendar.covers(day) else []
        data = []
        for row in rows:
            for cell in row.cells:
                if not (cell.expected or cell.code):
                    continue
                mark = cell.mark
                data.append(
                    {
                        "upn": row.pupil.upn,
                        "component_id": row.component.pk,
                        "date": day,
                        "session": cell.session,
                        "expected": cell.expected,
                        "code": mark.code if mark else None,
                        "source": mark.source if mark else None,
                        "recorded_at": mark.recorded_at if mark else None,
                    }
                )
        return Response(AttendanceItemSerializer(data, many=True).data)

    @extend_schema(
        summary="Record attendance marks, all or nothing",
        description=(
            'Send {"marks": [{"upn", "date", "session", "code"}, ...]}. Every mark is checked first: the '
            "pupil must be placed with you and expected that day and session, and the code must be a 2024 attendance "
            "code. If any mark is wrong nothing is saved and the response lists each problem by position and field. "
            "A session already marked is changed to the new code."
        ),
        request=MarksSerializer,
        responses={200: RecordedSerializer, 400: ErrorsSerializer},
    )
    def post(self, request):
        marks = request.data.get("marks") if isinstance(request.data, dict) else None
        if not isinstance(marks, list):
            return Response(
                {
                    "detail": "Invalid request",
                    "errors": [
                        {"index": None, "field": "marks", "message": "Send a JSON object with a list called 'marks'"}
                    ],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            result = services.record_marks(by=request.user, marks=marks, source="api")
        except services.MarkErrors as exc:
            errors = [{"index": p.index, "field": p.field, "message": p.message} for p in exc.problems]
            return Response({"detail": "Nothing was saved", "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        except ValidationError as exc:
            errors = [{"index": None, "field": "marks", "message": m} for m in exc.messages]
            return Response({"detail": "Nothing was saved", "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"created": result.created, "updated": result.updated, "unchanged": result.unchanged})
