"""python manage.py demo_users [--json]: the demo sign-ins and the password in force."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import Membership, User
from accounts.roles import LA_ROLES, Role
from demo.people import DEMO_EMAIL_DOMAIN

ROLE_ORDER = {role.value: i for i, role in enumerate(Role)}


def demo_sign_ins() -> list[dict[str, str]]:
    """Every membership of a demo user (and any demo user without one), LA roles first, then role order, then email."""
    memberships = Membership.objects.filter(user__email__endswith=DEMO_EMAIL_DOMAIN).select_related(
        "user", "organisation"
    )
    rows = [
        {
            "email": m.user.email,
            "role": m.role,
            "role_label": Role(m.role).label,
            "organisation": m.organisation.name,
            "password": settings.DEMO_PASSWORD,
        }
        for m in memberships
    ]
    rows += [
        {
            "email": u.email,
            "role": "",
            "role_label": "(no role)",
            "organisation": "",
            "password": settings.DEMO_PASSWORD,
        }
        for u in User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN, memberships__isnull=True)
    ]
    return sorted(rows, key=lambda r: (r["role"] not in LA_ROLES, ROLE_ORDER.get(r["role"], 99), r["email"]))


class Command(BaseCommand):
    help = "List the demo sign-ins (email, role, organisation) and the demo password."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")

    def handle(self, *args, **options):
        rows = demo_sign_ins()
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write("No demo users. Run: python manage.py seed_demo")
            return
        headers = ("Email", "Role", "Organisation")
        table = [(r["email"], r["role_label"], r["organisation"]) for r in rows]
        widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write(line.format(*headers).rstrip())
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in table:
            self.stdout.write(line.format(*row).rstrip())
        self.stdout.write(f"\nPassword for every demo user: {settings.DEMO_PASSWORD}")
