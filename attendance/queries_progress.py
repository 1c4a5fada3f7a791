"""Reads of a pupil's progress at a provider: weekly notes, termly targets with distance travelled, achievements.

The caller has already found the component through attendance.queries.visible_component_or_404.
"""

from __future__ import annotations

from dataclasses import dataclass

from attendance import rules
from attendance.models import Achievement, ProgressNote, TargetArea, TargetRating, Term


def notes_for(component):
    return ProgressNote.objects.filter(component=component).select_related("created_by", "updated_by")


def achievements_for(component) -> list[Achievement]:
    return list(Achievement.objects.filter(component=component))


@dataclass
class AreaProgress:
    area: str
    label: str
    by_term: dict  # (academic_year, term) -> TargetRating
    first_baseline: int | None
    latest: int | None

    @property
    def distance(self) -> int | None:
        if self.first_baseline is None or self.latest is None:
            return None
        return rules.distance_travelled(self.first_baseline, self.latest)


@dataclass
class TargetTable:
    terms: list[tuple[int, str, str]]  # (academic_year, term, label), in order
    areas: list[AreaProgress]


def term_label(academic_year: int, term: str) -> str:
    return f"{Term(term).label} {academic_year}/{(academic_year + 1) % 100:02d}"


def target_table(component) -> TargetTable:
    """Every term's ratings per area, oldest first, and the distance travelled since the first baseline: one query."""
    ratings = list(TargetRating.objects.filter(component=component))
    terms = sorted({(r.academic_year, r.term) for r in ratings}, key=lambda t: rules.term_sort_key(*t))
    areas = []
    for area in TargetArea:
        by_term = {(r.academic_year, r.term): r for r in ratings if r.area == area.value}
        ordered = [by_term[t] for t in terms if t in by_term]
        first = ordered[0].baseline if ordered else None
        latest = None
        for rating in ordered:
            latest = rating.outcome if rating.outcome is not None else rating.baseline
        areas.append(AreaProgress(area.value, area.label, by_term, first, latest))
    return TargetTable([(year, term, term_label(year, term)) for year, term in terms], areas)


def ratings_for_term(component, academic_year: int, term: str) -> dict[str, TargetRating]:
    return {r.area: r for r in TargetRating.objects.filter(component=component, academic_year=academic_year, term=term)}
