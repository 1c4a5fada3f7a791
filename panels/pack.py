"""The panel pack and the minutes, built for one viewer.

Each member sees only what the case needs: the pupil's name for the LA, the referring school
and partner services, initials with year group and school for everyone else; risks and
safeguarding notes only for seats whose role needs them, never for providers
(referrals.queries.access_for and referrals.rules). Opening a pack or the minutes writes one
audit line per child in it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from core.calendar import SchoolCalendar
from panels import queries, standing
from panels.models import AgendaItem, Meeting
from referrals import history
from referrals.queries import NO_ACCESS, Access, access_for_many, pupil_label, year_group_text


@dataclass
class CaseEntry:
    item: AgendaItem
    access: Access
    label: str
    year_group: str
    history: history.History | None = None
    deadline: history.Deadline | None = None

    @property
    def request(self):
        return self.item.request

    @property
    def decision(self):
        return getattr(self.item, "decision", None)


@dataclass
class Pack:
    meeting: Meeting
    cases: list[CaseEntry]
    standing: dict = field(default_factory=dict)
    members: list = field(default_factory=list)
    attendance: dict = field(default_factory=dict)

    @property
    def pupil_ids(self) -> list[int]:
        return [c.request.pupil_id for c in self.cases if c.label]


def _label(access: Access, pupil, on: datetime.date) -> str:
    """The pupil as this viewer may see them; nothing at all once their seat's window has passed."""
    if access == NO_ACCESS:
        return ""
    return pupil_label(pupil, access, on)


def case_entries(user, meeting: Meeting, on: datetime.date, *, with_history: bool) -> list[CaseEntry]:
    items = [i for i in queries.agenda_of(meeting) if i.kind == AgendaItem.Kind.CASE]
    access = access_for_many(user, [i.request for i in items], on=on)
    cal = SchoolCalendar.load() if with_history else None
    entries = []
    for item in items:
        grant = access[item.request.pk]
        pupil = item.request.pupil
        entry = CaseEntry(item, grant, _label(grant, pupil, on), year_group_text(pupil, on))
        if with_history and entry.label:
            entry.history = history.pupil_history(pupil, on, cal)
            entry.deadline = history.pex_deadline(item.request, on, cal)
        entries.append(entry)
    return entries


def build_pack(user, meeting: Meeting, on: datetime.date) -> Pack:
    cases = case_entries(user, meeting, on, with_history=True)
    kinds = set(meeting.items.values_list("kind", flat=True))
    items: dict = {}
    if AgendaItem.Kind.REGISTER in kinds:
        items["register"] = standing.register_item(user, meeting.panel, on)
    if AgendaItem.Kind.REVIEWS_DUE in kinds:
        items["reviews_due"] = standing.reviews_due_item(user, meeting.panel, on)
    if AgendaItem.Kind.READY_TO_RETURN in kinds:
        items["ready_to_return"] = standing.ready_to_return_item(user, meeting.panel, on)
    if AgendaItem.Kind.AP_USE in kinds:
        items["ap_use"] = standing.ap_use_item(meeting.panel)
    if AgendaItem.Kind.FAIR_ACCESS in kinds:
        items["fair_access"] = standing.whose_turn(meeting.panel, on)
    return Pack(
        meeting=meeting,
        cases=cases,
        standing=items,
        members=queries.members_of(meeting.panel),
        attendance=queries.attendance_of(meeting),
    )


def pack_pdf(pack: Pack, *, viewer, on: datetime.date, base_url: str) -> bytes:
    """The same pack as a PDF (weasyprint), for printing or reading offline."""
    from weasyprint import HTML

    html = render_to_string("panels/pack_print.html", {"pack": pack, "viewer": viewer, "today": on, "pdf": True})
    return HTML(string=html, base_url=base_url).write_pdf()
