"""Property tests of the ledger (hypothesis): recharges move money without creating it; the ledger balances at every date."""

import datetime

from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funding.models import EntryKind, LedgerEntry
from funding.queries_money import account_balances
from funding.reconcile import post_ledger
from funding.services_ledger import close_month, record_invoice
from funding.tests.helpers import D, FundingModel, arrangement, confirmed_year, exclude, make_placement, mark
from placements.models import SESSION_KEYS

TODAY = D(2025, 11, 20)
PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
sessions = st.lists(st.sampled_from(SESSION_KEYS), min_size=1, max_size=10, unique=True)


def by_account(on):
    return {b.account.pk: b.balance for b in account_balances(on)}


@PROPERTY
@given(
    cost=st.integers(1, 20_000),
    chosen=sessions,
    weeks=st.integers(1, 14),
    model=st.sampled_from([FundingModel.DEVOLVED_SCHOOLS, FundingModel.DEVOLVED_PARTNERSHIPS]),
    engaged=st.booleans(),
)
def test_a_recharge_moves_money_and_never_creates_it(area, finance, cost, chosen, weeks, model, engaged):
    with transaction.atomic():
        arrangement(finance, model)
        confirmed_year(finance, area, engaged=("a", "c") if engaged else ("c",), declined=() if engaged else ("a",))
        start = D(2025, 10, 13)
        placed = make_placement(
            area, start=start, planned_end=start + datetime.timedelta(weeks=weeks), sessions=chosen, cost=cost
        )
        exclude(area, placed.pupil)
        post_ledger(by=finance, up_to=start - datetime.timedelta(days=1))
        before = by_account(TODAY)
        post_ledger(by=finance, up_to=TODAY)
        after = by_account(TODAY)
        recharge = LedgerEntry.objects.get(kind=EntryKind.RECHARGE)
        commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT)
        assert sum(before.values()) == sum(after.values()) == 0
        assert recharge.amount_pence == commitment.amount_pence > 0
        school = recharge.debit_account
        assert after[school.pk] - before.get(school.pk, 0) == -recharge.amount_pence
        assert (
            after[recharge.credit_account.pk] - before[recharge.credit_account.pk]
            == recharge.amount_pence - commitment.amount_pence
        )
        changed = {k: after.get(k, 0) - before.get(k, 0) for k in set(before) | set(after)}
        assert sum(changed.values()) == 0
        transaction.set_rollback(True)


placement_plan = st.fixed_dictionaries(
    {
        "start": st.dates(D(2025, 9, 1), D(2025, 11, 10)),
        "weeks": st.integers(1, 20),
        "cost": st.integers(100, 15_000),
        "sessions": sessions,
        "funder": st.sampled_from(["la", "school_a", "school_b"]),
        "excluded": st.booleans(),
        "ended_after_days": st.one_of(st.none(), st.integers(0, 40)),
        "marks": st.lists(
            st.tuples(st.integers(0, 60), st.sampled_from(["AM", "PM"]), st.sampled_from(["/", "B", "N", "C"])),
            max_size=6,
        ),
    }
)


@PROPERTY
@given(
    plans=st.lists(placement_plan, min_size=1, max_size=3),
    closes=st.integers(0, 2),
    invoices=st.lists(st.integers(1, 50_000), max_size=2),
    tariff=st.integers(0, 600_000),
)
def test_the_ledger_balances_at_every_date(area, finance, plans, closes, invoices, tariff):
    with transaction.atomic():
        models = [FundingModel.DEVOLVED_SCHOOLS] + ([FundingModel.TARIFF] if tariff else [])
        arrangement(finance, *models, tariff_pence=tariff)
        confirmed_year(finance, area, engaged=("a", "c"), declined=("b",))
        for plan in plans:
            start = plan["start"]
            end = start + datetime.timedelta(weeks=plan["weeks"])
            ended = plan["ended_after_days"]
            funder = area.la if plan["funder"] == "la" else getattr(area, plan["funder"]).organisation
            extra = {}
            if ended is not None:
                extra = {
                    "status": "ended",
                    "end_date": min(end, start + datetime.timedelta(days=ended)),
                    "end_reason": "returned",
                }
            placed = make_placement(
                area, start=start, planned_end=end, sessions=plan["sessions"], cost=plan["cost"], funder=funder, **extra
            )
            if plan["excluded"]:
                exclude(
                    area,
                    placed.pupil,
                    school=area.school_a.organisation if plan["funder"] != "school_b" else area.school_b.organisation,
                    start=start,
                )
            for offset, session, code in plan["marks"]:
                day = start + datetime.timedelta(days=offset)
                if (
                    day.weekday() < 5
                    and day <= TODAY
                    and not placed.component.attendance_marks.filter(date=day, session=session).exists()
                ):
                    mark(placed.component, day, session, code)
        for number, amount in enumerate(invoices):
            record_invoice(
                by=finance,
                provider=area.provider,
                reference=f"INV-{number}",
                invoice_date=D(2025, 11, 3),
                amount_pence=amount,
                description="Transport",
            )
        post_ledger(by=finance, up_to=TODAY)
        for month in (D(2025, 9, 1), D(2025, 10, 1))[:closes]:
            close_month(by=finance, month=month, today=TODAY)
            post_ledger(by=finance, up_to=TODAY)
        assert post_ledger(by=finance, up_to=TODAY).total == 0
        dates = sorted(set(LedgerEntry.objects.values_list("entry_date", flat=True)) | {D(2025, 8, 31), TODAY})
        for day in dates:
            assert sum(by_account(day).values()) == 0, day
            on_day = LedgerEntry.objects.filter(entry_date=day)
            debits = on_day.values("debit_account").aggregate(total=Sum("amount_pence"))["total"] or 0
            credits = on_day.values("credit_account").aggregate(total=Sum("amount_pence"))["total"] or 0
            assert debits == credits
        transaction.set_rollback(True)
