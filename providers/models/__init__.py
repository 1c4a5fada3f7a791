from providers.models.commissioning import BlockCommission
from providers.models.compliance import ComplianceDocument, PrivateStorage, private_storage
from providers.models.directory import (
    COMMISSIONABLE_STATUSES,
    DirectoryChange,
    DirectorySettings,
    FrameworkStatus,
    FrameworkStatusChange,
    Need,
    OfstedStatus,
    Programme,
    Provider,
    ProviderContact,
)
from providers.models.qa import (
    Concern,
    JudgementLevel,
    NoticeToImprove,
    QACriterion,
    QADomain,
    SelfAssessment,
    SelfAssessmentRating,
    Visit,
    VisitAction,
    VisitJudgement,
)

__all__ = [
    "COMMISSIONABLE_STATUSES", "BlockCommission", "ComplianceDocument", "Concern", "DirectoryChange",
    "DirectorySettings", "FrameworkStatus", "FrameworkStatusChange", "JudgementLevel", "Need", "NoticeToImprove",
    "OfstedStatus", "PrivateStorage", "Programme", "Provider", "ProviderContact", "QACriterion", "QADomain",
    "SelfAssessment", "SelfAssessmentRating", "Visit", "VisitAction", "VisitJudgement", "private_storage",
]
