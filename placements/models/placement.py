"""A placement: one shared record per child-placement, and the package of provider components it buys."""

from __future__ import annotations

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from accounts.models import Organisation
from core.models import TimestampedModel

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
WEEKDAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday"}
SESSION_KEYS = tuple(f"{day}_{half}" for day in WEEKDAYS for half in ("am", "pm"))


def session_label(key: str) -> str:
    day, half = key.split("_")
    return f"{WEEKDAY_NAMES[day]} {'morning' if half == 'am' else 'afternoon'}"


class PlacementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (PlacementStatus.PROPOSED, PlacementStatus.AGREED, PlacementStatus.ACTIVE)


class Tier(models.TextChoices):
    """The three tiers of the SEND and AP Improvement Plan (March 2023)."""

    TARGETED = "targeted", "Targeted support in mainstream school"
    TIME_LIMITED = "time_limited", "Time-limited placement"
    TRANSITIONAL = "transitional", "Transitional placement"


class RegistrationArrangement(models.TextChoices):
    SINGLE_HOME = "single_home", "Stays on the home school roll only"
    DUAL = "dual", "Dual registered with the provider"
    OFF_SITE_DIRECTION = "off_site_direction", "Off-site direction by the school (s29A Education Act 2002)"


class HomeAttendanceCode(models.TextChoices):
    K = "K", "K: education arranged by the local authority"
    B = "B", "B: supervised off-site education arranged by the school"
    D = "D", "D: dual registered, attending the other setting"


class EndReason(models.TextChoices):
    RETURNED = "returned", "Returned to the home school"
    MANAGED_MOVE = "managed_move", "Managed move to another school"
    SPECIAL_SCHOOL = "special_school", "Moved to a special school"
    POST_16 = "post_16", "Left for post-16 education, employment or training"
    MOVED_AWAY = "moved_away", "Moved away from the area"
    BREAKDOWN = "breakdown", "Placement breakdown"
    OTHER = "other", "Other"


class Placement(TimestampedModel):
    """A child's placement in alternative provision. Read only through placements.queries."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="placements")
    home_school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="placements_as_home_school",
        help_text="The school that stays responsible for the pupil (the home or excluding school)",
    )
    decision = models.ForeignKey(
        "panels.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    request = models.ForeignKey(
        "referrals.Request", null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    status = models.CharField(max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.PROPOSED)
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.TIME_LIMITED)
    commissioner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="placements_commissioned")
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="placements_funded")
    start_date = models.DateField()
    planned_end_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="The last day of the placement, once it has ended")
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    end_notes = models.TextField(blank=True)
    cancel_reason = models.TextField(blank=True)
    objectives = models.TextField(help_text="What the placement is for: the outcomes it should achieve")
    reintegration_plan = models.TextField(blank=True, help_text="How and when the pupil is expected to return")
    registration_arrangement = models.CharField(
        max_length=20, choices=RegistrationArrangement.choices, default=RegistrationArrangement.SINGLE_HOME
    )
    home_attendance_code = models.CharField(max_length=1, choices=HomeAttendanceCode.choices)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # What starting the placement put on the pupil's record, so that ending it ends exactly these.
    in_ap_episode = models.ForeignKey(
        "pupils.EducationEpisode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dual_episode = models.ForeignKey(
        "pupils.EducationEpisode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provider_registrations = models.ManyToManyField("pupils.Registration", blank=True, related_name="+")

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=F("start_date")), name="placement_planned_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="placement_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="placement_ended_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(home_attendance_code__in=["K", "B", "D"]), name="placement_home_code_k_b_or_d"
            ),
            models.UniqueConstraint(
                fields=["pupil"],
                condition=Q(status__in=["proposed", "agreed", "active"]),
                name="placement_one_open_per_pupil",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "planned_end_date"]),
            models.Index(fields=["home_school", "status"]),
        ]

    def __str__(self) -> str:
        return f"Placement of {self.pupil} from {self.start_date:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def last_day(self) -> datetime.date:
        """The day the placement ends: its end date once ended, otherwise the planned end."""
        return self.end_date or self.planned_end_date


class PlacementComponent(TimestampedModel):
    """One provider's part of a placement: which sessions (or hours) a week, and the price per session."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="components")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="placement_components")
    programme = models.ForeignKey(
        "providers.Programme", null=True, blank=True, on_delete=models.PROTECT, related_name="placement_components"
    )
    sessions = models.JSONField(default=list, blank=True, help_text='Weekday sessions, like ["mon_am", "tue_pm"]')
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    cost_per_session_pence = models.PositiveIntegerField(help_text="Price of one session (half day), in pence")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Last day, if before the placement's end")
    place_booked = models.BooleanField(
        default=False, help_text="Whether this component holds one of the programme's places"
    )

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="component_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(place_booked=False) | Q(programme__isnull=False), name="component_place_needs_programme"
            ),
        ]
        indexes = [models.Index(fields=["provider", "start_date"])]

    def __str__(self) -> str:
        return f"{self.provider} for {self.placement.pupil}"

    @property
    def session_labels(self) -> list[str]:
        return [session_label(key) for key in SESSION_KEYS if key in (self.sessions or [])]


class ProgrammeOccupancy(models.Model):
    """How many of a programme's places agreed or active placements hold.

    Booking a place is one conditional UPDATE (booked < capacity) whose row count is
    checked inside the agreeing transaction, so concurrent confirmations cannot over-book.
    """

    programme = models.OneToOneField("providers.Programme", on_delete=models.CASCADE, related_name="occupancy")
    booked = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "programme occupancies"
        constraints = [models.CheckConstraint(condition=Q(booked__gte=0), name="occupancy_booked_not_negative")]

    def __str__(self) -> str:
        return f"{self.programme}: {self.booked} booked"


class LearnerProfile(TimestampedModel):
    """What the provider needs to know to teach the pupil well and keep them safe, shared before the start."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="learner_profile")
    strengths = models.TextField("Strengths and interests", blank=True)
    needs = models.TextField("Needs")
    what_helps = models.TextField("What helps")
    what_to_avoid = models.TextField("What to avoid")
    risks = models.TextField("Risks and how they are managed")
    medical = models.TextField("Medical needs and medication", blank=True)

    def __str__(self) -> str:
        return f"Learner profile for {self.placement.pupil}"


class PlacementExtension(TimestampedModel):
    """An extension of a placement past its planned end, authorised by a panel decision."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="extensions")
    decision = models.OneToOneField("panels.Decision", on_delete=models.PROTECT, related_name="placement_extension")
    previous_end_date = models.DateField()
    new_end_date = models.DateField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end_date__gt=F("previous_end_date")), name="extension_moves_end_later"
            )
        ]

    def __str__(self) -> str:
        return f"Extended to {self.new_end_date}"
