"""The end-of-placement survey: a one-time link for the young person or the family, needing no account.

The link carries a random token; only its SHA-256 hash is stored, so the database never
holds a working link. Submitting marks the invitation used with a conditional UPDATE
(``used_at IS NULL AND expires_at > now``) whose row count is checked, so a link works
exactly once even if it is submitted twice at the same moment.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from placements.models import PlacementStatus, Respondent, SurveyInvitation, SurveyResponse

LINK_VALID_DAYS = 28
ANSWER_FIELDS = ["overall", "felt_safe", "felt_listened_to", "helped", "went_well", "could_be_better"]


class SurveyLinkError(Exception):
    """The link is unknown, already used or expired."""

    def __init__(self, message: str, *, gone: bool):
        super().__init__(message)
        self.gone = gone


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_survey_invitation(*, by, placement, respondent: str) -> tuple[SurveyInvitation, str]:
    """Make a one-time survey link for the young person or the family of an ended placement. Returns the invitation and the token to send."""
    if respondent not in Respondent.values:
        raise ValidationError({"respondent": "Choose who the survey is for"})
    if placement.status != PlacementStatus.ENDED:
        raise ValidationError("The end-of-placement survey can be sent only once the placement has ended")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = SurveyInvitation.objects.create(
            placement=placement,
            respondent=respondent,
            token_hash=hash_token(token),
            expires_at=timezone.now() + datetime.timedelta(days=LINK_VALID_DAYS),
            created_by=by,
            updated_by=by,
        )
        audit.record(
            by=by,
            action="create",
            obj=invitation,
            pupil_id=placement.pupil_id,
            summary=f"End-of-placement survey link made for {invitation.get_respondent_display().lower()}",
        )
    return invitation, token


def invitation_for_token(token: str) -> SurveyInvitation:
    """The open invitation a link's token belongs to, or SurveyLinkError saying why it cannot be used."""
    invitation = SurveyInvitation.objects.select_related("placement").filter(token_hash=hash_token(token or "")).first()
    if invitation is None:
        raise SurveyLinkError("This survey link is not recognised. Check you copied the whole link.", gone=False)
    if invitation.used_at is not None:
        raise SurveyLinkError("This survey has already been completed. Thank you.", gone=True)
    if invitation.expires_at <= timezone.now():
        raise SurveyLinkError("This survey link has expired. Ask the school for a new one.", gone=True)
    return invitation


def submit_survey(*, token: str, **answers) -> SurveyResponse:
    """Save the answers given through a one-time link, and use the link up."""
    invitation = invitation_for_token(token)
    response = SurveyResponse(invitation=invitation, **{k: v for k, v in answers.items() if k in ANSWER_FIELDS})
    for key in ("went_well", "could_be_better"):
        setattr(response, key, (getattr(response, key) or "").strip())
    now = timezone.now()
    response.submitted_at = now
    response.full_clean(exclude=["invitation"])
    with transaction.atomic():
        used = SurveyInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True, expires_at__gt=now).update(
            used_at=now
        )
        if used != 1:
            raise SurveyLinkError("This survey has already been completed. Thank you.", gone=True)
        response.save()
        audit.record(
            by=None,
            action="create",
            obj=response,
            pupil_id=invitation.placement.pupil_id,
            summary=f"End-of-placement survey answered by {invitation.get_respondent_display().lower()}",
        )
    return response
