"""python manage.py seed_demo [--seed N] [--scale N] [--if-empty] [--today YYYY-MM-DD]

Builds the demo local area (Trafford, LA 358) from the public data extracts in demo/data/.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from accounts.models import LocalAuthority
from demo.generator import MAX_SCALE, DemoAreaExists, generate


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date like 2026-03-16, not {value!r}") from None


class Command(BaseCommand):
    help = "Build the demo local area (Trafford) with its schools, providers, term dates, demo users and pupils."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed and --today, same data)")
        parser.add_argument(
            "--scale", type=int, default=1, help=f"copies of every school and its pupils (1-{MAX_SCALE})"
        )
        parser.add_argument("--if-empty", action="store_true", help="do nothing if a local authority already exists")
        parser.add_argument("--today", type=_date, default=None, help="the date the data is built around (YYYY-MM-DD)")

    def handle(self, *args, seed, scale, if_empty, today, **options):
        if if_empty and LocalAuthority.objects.exists():
            self.stdout.write("A local authority already exists; the demo area was not generated.")
            return
        started = time.monotonic()
        try:
            summary = generate(seed=seed, scale=scale, today=today)
        except DemoAreaExists as exc:
            raise CommandError(f"{exc}. Use a fresh database, or --if-empty to skip.") from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f}s."))
