"""Collective decision-making panels: who sits on them, their meetings, agendas and decisions.

Read through panels.queries (scoped to the user); change only through the panels services.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from accounts.models import Organisation
from core.models import TimestampedModel
from providers.models import Provider
from referrals.models import Request
from schools.models import Partnership


class PanelType(models.TextChoices):
    INCLUSION = "inclusion", "Inclusion panel"
    BEHAVIOUR_ATTENDANCE = "behaviour_attendance", "Behaviour and attendance panel"
    FAIR_ACCESS = "fair_access", "Fair access panel"
    SEND_SPA = "send_spa", "SEND single point of access"


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    FOUR_WEEKLY = "four_weekly", "Every four weeks"
    MONTHLY = "monthly", "Monthly"
    HALF_TERMLY = "half_termly", "Once a half term"


class Panel(TimestampedModel):
    """A standing panel for the whole LA (no area) or for one partnership or locality."""

    name = models.CharField(max_length=200)
    panel_type = models.CharField(max_length=30, choices=PanelType.choices)
    area = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="panels",
        help_text="Leave empty for a panel that covers the whole local authority",
    )
    quorum = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="Voting members with authority to decide who must be present for a decision",
    )
    cadence = models.CharField(max_length=20, choices=Cadence.choices)
    in_spa_rotation = models.BooleanField(
        "takes a turn at the weekly single point of access",
        default=False,
    )
    rotation_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(quorum__gte=1), name="panel_quorum_at_least_one")]

    def __str__(self) -> str:
        return self.name

    @property
    def area_name(self) -> str:
        return self.area.organisation.name if self.area_id else "Whole local authority"


class PanelRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    LA_OFFICER = "la_officer", "LA officer"
    SCHOOL = "school", "School representative"
    AP_LEADER = "ap_leader", "AP provider leader"
    PARTNER = "partner", "Partner service"
    SEND = "send", "SEND officer"
    CLERK = "clerk", "Clerk or coordinator"


class PanelMember(TimestampedModel):
    """A person sitting on a panel for an organisation, voting or advisory."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="panel_members")
    panel_role = models.CharField("role on the panel", max_length=20, choices=PanelRole.choices)
    voting = models.BooleanField(default=True)
    authority_to_decide = models.BooleanField(default=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["panel", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user", "organisation"], condition=Q(active=True), name="panel_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation}) on {self.panel}"


class Meeting(TimestampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CONCLUDED = "concluded", "Concluded, minutes final"
        CANCELLED = "cancelled", "Cancelled"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    single_point_of_access = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["panel", "date"])]

    def __str__(self) -> str:
        kind = "single point of access" if self.single_point_of_access else "meeting"
        return f"{self.panel} {kind}, {self.date.day} {self.date:%B %Y}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["member__user__full_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_meeting")]


class AgendaItem(TimestampedModel):
    """A case (a request for support) or a standing item on a meeting's agenda."""

    class Kind(models.TextChoices):
        CASE = "case", "Request for support"
        REGISTER = "register", "The register for the panel's area"
        REVIEWS_DUE = "reviews_due", "Placements due review or extension"
        READY_TO_RETURN = "ready_to_return", "Pupils ready to return to mainstream"
        AP_USE = "ap_use", "The area's use of AP against its share"
        FAIR_ACCESS = "fair_access", "Fair access: whose turn"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    request = models.ForeignKey(Request, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="case") & Q(request__isnull=False)) | (~Q(kind="case") & Q(request__isnull=True)),
                name="agenda_item_case_has_request",
            ),
            models.UniqueConstraint(
                fields=["meeting", "request"], condition=Q(request__isnull=False), name="agenda_case_once_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind"], condition=~Q(kind="case"), name="agenda_standing_item_once"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Outcome(models.TextChoices):
    TARGETED_SUPPORT = "targeted_support", "Targeted support or outreach in mainstream"
    TIME_LIMITED_PLACEMENT = "time_limited_placement", "Time-limited placement"
    TRANSITIONAL_PLACEMENT = "transitional_placement", "Transitional placement"
    MANAGED_MOVE = "managed_move", "Managed move to a named school"
    FAIR_ACCESS_ALLOCATION = "fair_access_allocation", "Fair access allocation to a named school"
    EXTEND_PLACEMENT = "extend_placement", "Extend a placement"
    RETURN_TO_MAINSTREAM = "return_to_mainstream", "Return to mainstream"
    EHC_ASSESSMENT = "ehc_assessment", "Refer for an EHC needs assessment"
    DECLINE = "decline", "Decline"
    DEFER = "defer", "Defer to a later meeting"


class Decision(TimestampedModel):
    """What a quorate panel decided for one case, and why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    request = models.ForeignKey(Request, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    placement_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    named_school = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="panel_allocations"
    )
    return_date = models.DateField(null=True, blank=True)
    extend_placement = models.ForeignKey(
        "placements.Placement", null=True, blank=True, on_delete=models.PROTECT, related_name="extension_decisions"
    )
    rationale = models.TextField()
    decided_at = models.DateTimeField()
    voting_members_present = models.PositiveSmallIntegerField(default=0)
    allocation_deadline = models.DateField(null=True, blank=True)
    admitted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["outcome", "named_school"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="fair_access_allocation") | Q(named_school__isnull=False),
                name="decision_fair_access_names_school",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="managed_move") | Q(named_school__isnull=False),
                name="decision_managed_move_names_school",
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="decision_has_rationale"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.meeting})"


class Conflict(models.Model):
    """A member with a conflict of interest in a decision: recorded, and they do not vote."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="conflicts")
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["decision", "member"], name="conflict_once_per_decision")]


class Action(TimestampedModel):
    """Something someone must do because of a decision, by a date."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description
