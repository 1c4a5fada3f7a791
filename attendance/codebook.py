"""Every version of the attendance code list, read once, for checking and counting many marks.

``core.codes`` answers one question per query; a register or a CSV file asks hundreds, so
``CodeBook.load()`` reads all versions of the 'attendance' list in two queries and answers
the rest from memory. A mark is read with the codes of the version in force on its date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from attendance import rules
from core.models import Code, CodeList

LIST_KEY = "attendance"


@dataclass
class CodeVersion:
    version: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    codes: dict[str, tuple[str, bool, str]] = field(default_factory=dict)  # code -> (category, active, label)
    order: list[str] = field(default_factory=list)

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class CodeBook:
    def __init__(self, versions: list[CodeVersion]):
        self.versions = sorted(versions, key=lambda v: v.valid_from, reverse=True)

    @classmethod
    def load(cls) -> CodeBook:
        lists = {
            row.pk: CodeVersion(row.version, row.valid_from, row.valid_to)
            for row in CodeList.objects.filter(key=LIST_KEY)
        }
        for list_id, code, category, active, label in (
            Code.objects.filter(code_list_id__in=lists)
            .order_by("sort_order", "code")
            .values_list("code_list_id", "code", "category", "active", "label")
        ):
            lists[list_id].codes[code] = (category, active, label)
            lists[list_id].order.append(code)
        return cls(list(lists.values()))

    def version_on(self, day: datetime.date) -> CodeVersion | None:
        return next((v for v in self.versions if v.covers(day)), None)

    def is_valid(self, code: str, day: datetime.date) -> bool:
        """Whether ``code`` is an active code of the version in force on ``day``."""
        version = self.version_on(day)
        return bool(version and code in version.codes and version.codes[code][1])

    def category(self, code: str, day: datetime.date) -> str:
        version = self.version_on(day)
        if version and code in version.codes:
            return version.codes[code][0]
        return ""

    def label(self, code: str, day: datetime.date | None = None) -> str:
        for version in ([self.version_on(day)] if day else []) + self.versions:
            if version and code in version.codes:
                return version.codes[code][2]
        return code

    def choices(self, day: datetime.date, session: str) -> list[tuple[str, str]]:
        """The codes a provider may choose for a session: active codes in force, '/' only in the morning and '\\' only in the afternoon."""
        version = self.version_on(day)
        if version is None:
            return []
        return [
            (code, f"{code} – {version.codes[code][2]}")
            for code in version.order
            if version.codes[code][1] and rules.present_code_fits_session(code, session)
        ]

    def codes_in(self, categories: set[str]) -> Q:
        """A filter on AttendanceMark for marks whose code is in one of ``categories`` in the version of its date."""
        condition = Q(pk__in=[])
        for version in self.versions:
            wanted = [code for code, (category, _, _) in version.codes.items() if category in categories]
            if not wanted:
                continue
            span = Q(date__gte=version.valid_from)
            if version.valid_to:
                span &= Q(date__lte=version.valid_to)
            condition |= span & Q(code__in=wanted)
        return condition

    def describe_versions(self) -> str:
        return ", ".join(f"the {v.version} codes from {v.valid_from.day} {v.valid_from:%B %Y}" for v in self.versions)
