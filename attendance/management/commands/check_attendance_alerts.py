"""Raise and email today's attendance alerts. Safe to run as often as you like: nothing is sent twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from attendance.services_alerts import check_alerts


class Command(BaseCommand):
    help = (
        "Check expected sessions for pupils absent without a reason (N or O), sessions not marked by the "
        "LA's deadline and providers that have not submitted a register; email the home school's "
        "safeguarding lead and the LA. Run it every few minutes during the school day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to check, as YYYY-MM-DD (default: today)")

    def handle(self, *args, date=None, **options):
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be a date like 2025-11-03, not {date!r}") from None
        else:
            day = timezone.localdate()
        run = check_alerts(day=day)
        if run.skipped:
            self.stdout.write(f"No checks for {day:%Y-%m-%d}: {run.skipped}.")
            return
        counts = {}
        for alert in run.raised:
            counts[alert.get_kind_display()] = counts.get(alert.get_kind_display(), 0) + 1
        raised = ", ".join(f"{n} {kind.lower()}" for kind, n in counts.items()) or "none"
        self.stdout.write(
            f"Attendance alerts for {day:%Y-%m-%d}: {len(run.raised)} new ({raised}); {run.emails} emails sent."
        )
