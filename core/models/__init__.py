from core.models.audit import AuditEvent
from core.models.base import TimestampedModel
from core.models.calendar import AcademicYear, NonSchoolDay, TermPeriod
from core.models.codes import Code, CodeList

__all__ = ["AcademicYear", "AuditEvent", "Code", "CodeList", "NonSchoolDay", "TermPeriod", "TimestampedModel"]
