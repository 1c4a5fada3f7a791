"""Post what the records owe the AP ledger, exactly once: ``manage.py post_ledger [--date YYYY-MM-DD]``.

Safe to schedule nightly: running it again posts nothing twice (funding.reconcile.post_ledger).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from funding.reconcile import post_ledger


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be a date like 2026-01-31, not {text!r}") from None


class Command(BaseCommand):
    help = "Post budgets, allocations, commitments, charges, recharges, tariffs and recoveries to the AP ledger, once each."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, default=None, help="Post causes up to this date (default today)")

    def handle(self, *args, date=None, **options):
        up_to = date or timezone.localdate()
        try:
            result = post_ledger(by=None, up_to=up_to)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Ledger posted to {up_to:%Y-%m-%d}: {result.total} entries")
        for line in result.lines():
            self.stdout.write(f"  {line}")
        for line in result.skipped:
            self.stdout.write(f"  waiting: {line}")
