"""The Jinja2 environment every page renders through, with GOV.UK Frontend macros."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from core.govuk_forms import error_list, parts


def govuk_date(value: datetime.date | None, empty: str = "") -> str:
    """A date as GOV.UK style writes it: 5 January 2026."""
    if value is None:
        return empty
    return f"{value.day} {value:%B %Y}"


def govuk_datetime(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value)
    hour = local.strftime("%I:%M%p").lstrip("0").lower()
    return f"{govuk_date(local.date())} at {hour}"


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def pence(value: int | None) -> str:
    """Integer pence as pounds: 1234567 -> £12,345.67."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    pounds, p = divmod(abs(int(value)), 100)
    return f"{sign}£{pounds:,}.{p:02d}"


def environment(**options) -> Environment:
    loader = options.pop("loader")
    options["loader"] = ChoiceLoader(
        [loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")})]
    )
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = Environment(**options)  # noqa: S701  (autoescape=True is set in settings.TEMPLATES)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "service_name": settings.SERVICE_NAME,
            "get_messages": messages.get_messages,
            "form_errors": error_list,
            "date_parts": parts,
        }
    )
    env.filters.update({"govuk_date": govuk_date, "govuk_datetime": govuk_datetime, "pence": pence})
    return env
