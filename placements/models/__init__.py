from placements.models.followup import Destination, Return, ReturnCheck, Review
from placements.models.placement import (
    OPEN_STATUSES,
    SESSION_KEYS,
    EndReason,
    HomeAttendanceCode,
    LearnerProfile,
    Placement,
    PlacementComponent,
    PlacementExtension,
    PlacementStatus,
    ProgrammeOccupancy,
    RegistrationArrangement,
    Tier,
    session_label,
)
from placements.models.survey import Respondent, SurveyInvitation, SurveyResponse

__all__ = [
    "OPEN_STATUSES", "SESSION_KEYS", "Destination", "EndReason", "HomeAttendanceCode", "LearnerProfile", "Placement",
    "PlacementComponent", "PlacementExtension", "PlacementStatus", "ProgrammeOccupancy", "RegistrationArrangement",
    "Respondent", "Return", "ReturnCheck", "Review", "SurveyInvitation", "SurveyResponse", "Tier", "session_label",
]
