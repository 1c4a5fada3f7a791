"""``post_ledger``: find what the other apps' records owe the ledger and post each thing exactly once.

Placements, attendance and education episodes are recorded by other apps, which never call
funding. This reconciliation reads them and posts, for causes dated up to ``up_to``:

1. for each confirmed funding year: the AP budget, place funding, top-ups for block
   commissions, and each school's allocation (devolved, or retained for a school that
   declined its SLA; released when it later accepts);
2. a commitment when a placement is agreed (and for each extension), and under a devolved
   model the recharge of a permanently excluded pupil's placement to the excluding school;
3. charges for sessions delivered (present or approved educational activity) in closed months;
   sessions at a provider where the commissioner block-commissions places that year are paid
   for by the place funding and top-up, so they are neither committed nor charged again;
4. a settlement of each ended or cancelled placement's commitment, and the recharge adjusted
   to what the placement actually cost;
5. tariffs for permanent exclusions under a tariff model;
6. recovery from a non-engaging school of use beyond its retained allocation, as each month closes.

The ledger opens on the first day of the first confirmed funding year: a placement agreed before
then is committed from that day for what is left of it, and is not recharged, since the model in
force when it was agreed did not recharge (rules.committed_period). Each entry's (kind, cause) is
unique in the database, so running it twice posts nothing twice.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core import audit
from core.calendar import CalendarError, SchoolCalendar, academic_year_of
from funding import rules
from funding.ledger import Context, lock_ledger, post_entry
from funding.models import AccountKind, EntryKind, FundingYear, LedgerEntry, ServiceLevelAgreement
from funding.queries import place_funding_for
from funding.queries_money import account_balances

COST_KINDS = (EntryKind.CHARGE, EntryKind.INVOICE)
RECHARGE_KINDS = (EntryKind.RECHARGE, EntryKind.RECHARGE_ADJUSTMENT)


@dataclass
class PostingResult:
    up_to: datetime.date
    posted: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.posted.values())

    def lines(self) -> list[str]:
        labels = dict(EntryKind.choices)
        return [f"{labels[kind]}: {count}" for kind, count in sorted(self.posted.items())]


class Reconciliation:
    def __init__(self, *, by, up_to: datetime.date):
        self.by = by
        self.up_to = up_to
        self.ctx = Context.load()
        self.result = PostingResult(up_to)
        self.posted = set(LedgerEntry.objects.values_list("kind", "cause_type", "cause_key"))
        first_year = FundingYear.objects.filter(status=FundingYear.Status.CONFIRMED).order_by("academic_year").first()
        self.opens = first_year.first_day if first_year else None
        self.blocks = self._blocks()
        self._calendar: SchoolCalendar | None = None

    @staticmethod
    def _blocks() -> dict[tuple[int, int, int], int]:
        """{(provider, commissioner organisation, academic year): price of a place a year} for every block commission, joint commissioners too."""
        from providers.models import BlockCommission

        rates = {
            (provider, commissioner, year): place + top_up
            for provider, commissioner, year, place, top_up in BlockCommission.objects.values_list(
                "provider_id", "commissioner_id", "academic_year", "place_funding_pence", "top_up_pence"
            )
        }
        for provider, joint, year, place, top_up in BlockCommission.joint_commissioners.through.objects.values_list(
            "blockcommission__provider_id",
            "organisation_id",
            "blockcommission__academic_year",
            "blockcommission__place_funding_pence",
            "blockcommission__top_up_pence",
        ):
            rates.setdefault((provider, joint, year), place + top_up)
        return rates

    def charged(self, component, placement, on: datetime.date) -> bool:
        """Whether a component's sessions are charged, rather than paid for by a block commission."""
        return not rules.covered_by_block(
            component.provider_id, placement.commissioner_id, academic_year_of(on), self.blocks
        )

    def block_value(self, placement, components, first: datetime.date, last: datetime.date) -> int:
        """What the block-commissioned places a placement uses from ``first`` to ``last`` are worth."""
        total = 0
        for component in components:
            if self.charged(component, placement, first):
                continue
            start, end = max(component.start_date, first), min(component.end_date or last, last)
            if end >= start:
                rate = self.blocks[(component.provider_id, placement.commissioner_id, academic_year_of(first))]
                fte = rules.fte_of(len(component.sessions or []), component.hours_per_week)
                total += rules.block_place_value(rate, fte, self.calendar.school_days_between(start, end))
        return total

    @property
    def calendar(self) -> SchoolCalendar:
        if self._calendar is None:
            self._calendar = SchoolCalendar.load()
        return self._calendar

    def done(self, kind: str, cause_type: str, cause_key) -> bool:
        return (kind, cause_type, str(cause_key)) in self.posted

    def post(self, kind, cause_type, cause_key, cause_date, amount, debit, credit, description, **links):
        if amount <= 0 or self.done(kind, cause_type, cause_key):
            return None
        entry = post_entry(
            by=self.by,
            kind=kind,
            entry_date=rules.posting_date(cause_date, self.ctx.closed),
            amount_pence=int(amount),
            debit=debit,
            credit=credit,
            description=description,
            cause_type=cause_type,
            cause_key=str(cause_key),
            closed=self.ctx.closed,
            **links,
        )
        self.posted.add((kind, cause_type, str(cause_key)))
        if entry is not None:
            self.result.posted[kind] += 1
        return entry

    def skip(self, text: str) -> None:
        self.result.skipped.append(text)

    # -----------------------------------------------------------------------------------
    def years(self) -> None:
        from providers.queries import block_commissions
        from providers.rules import STATE_FUNDED_AP

        ctx, central = self.ctx, self.ctx.central()
        decided = {
            (year, org): timezone.localdate(at)
            for year, org, at in ServiceLevelAgreement.objects.filter(decided_at__isnull=False).values_list(
                "funding_year__academic_year", "school__organisation_id", "decided_at"
            )
        }
        for year in FundingYear.objects.filter(status=FundingYear.Status.CONFIRMED).order_by("academic_year"):
            if year.first_day > self.up_to:
                continue
            start, label = year.first_day, str(year)
            self.post(
                EntryKind.BUDGET,
                "funding_year",
                year.pk,
                start,
                year.ap_budget_pence,
                ctx.account(AccountKind.HIGH_NEEDS, ctx.la.pk),
                central,
                f"AP budget for {label}",
                funding_year=year,
            )
            commissions = list(block_commissions(year.academic_year))
            if year.commissioned_places is not None:
                total, words, _ = place_funding_for(year)
                self.post(
                    EntryKind.PLACE_FUNDING,
                    "funding_year",
                    year.pk,
                    start,
                    total,
                    central,
                    ctx.account(AccountKind.PLACE_FUNDING, ctx.la.pk),
                    f"Place funding {label}: {words}",
                    funding_year=year,
                )
            for c in commissions:
                provider = ctx.account(AccountKind.PROVIDER, c.provider.organisation_id)
                state_funded = c.provider.provider_type in STATE_FUNDED_AP
                if state_funded and year.commissioned_places is None:
                    self.post(
                        EntryKind.PLACE_FUNDING,
                        "block_commission",
                        c.pk,
                        start,
                        c.places * c.place_funding_pence,
                        central,
                        provider,
                        f"Place funding {label}: {c.places} places at {c.provider.organisation.name}",
                        funding_year=year,
                        block_commission=c,
                    )
                top_up = c.places * (c.top_up_pence + (0 if state_funded else c.place_funding_pence))
                payer = ctx.funds_for(c.commissioner_id, start)
                if payer is None:
                    self.skip(
                        f"Top-up for {c.provider.organisation.name}: waiting for {c.commissioner.name}'s SLA decision"
                    )
                    continue
                self.post(
                    EntryKind.TOP_UP,
                    "block_commission",
                    c.pk,
                    start,
                    top_up,
                    payer,
                    provider,
                    f"Top-up {label}: {c.places} places at {c.provider.organisation.name}",
                    funding_year=year,
                    block_commission=c,
                    school_id=c.commissioner_id if c.commissioner.kind == "school" else None,
                )
            self._allocations(year, decided)

    def _allocations(self, year: FundingYear, decided: dict) -> None:
        ctx = self.ctx
        arrangement = ctx.arrangement_on(min(self.up_to, year.last_day))
        if arrangement is None or not rules.devolves_funding(arrangement.funding_models):
            return
        start = max(year.first_day, arrangement.effective_from)
        for allocation in year.allocations.select_related("school__organisation"):
            org = allocation.school.organisation_id
            status = ctx.engagement.get((year.academic_year, org), "pending")
            name = allocation.school.organisation.name
            links = {"funding_year": year, "allocation": allocation, "school_id": org}
            holder = ctx.account(AccountKind.DEVOLVED, ctx.holder_of(org, start))
            retained = ctx.account(AccountKind.RETAINED, org)
            if status == "engaged" and self.done(EntryKind.RETAINED, "allocation", allocation.pk):
                self.post(
                    EntryKind.RETAINED_RELEASE,
                    "allocation",
                    allocation.pk,
                    decided.get((year.academic_year, org), start),
                    allocation.amount_pence,
                    retained,
                    holder,
                    f"{name} accepted the {year} SLA: allocation released",
                    **links,
                )
            elif status == "engaged":
                self.post(
                    EntryKind.ALLOCATION,
                    "allocation",
                    allocation.pk,
                    start,
                    allocation.amount_pence,
                    ctx.central(),
                    holder,
                    f"{year} allocation to {name}",
                    **links,
                )
            elif status == "not_engaged":
                self.post(
                    EntryKind.RETAINED,
                    "allocation",
                    allocation.pk,
                    start,
                    allocation.amount_pence,
                    ctx.central(),
                    retained,
                    f"{year} allocation retained: {name} declined the SLA",
                    **links,
                )
            else:
                self.skip(f"{year} allocation to {name}: waiting for the school to accept or decline its SLA")

    # -----------------------------------------------------------------------------------
    def placements(self) -> None:
        from placements.models import Placement, PlacementStatus
        from pupils.models import EducationEpisode, EducationStatus

        placements = list(
            Placement.objects.filter(agreed_at__isnull=False)
            .exclude(status=PlacementStatus.CANCELLED)
            .select_related("funder")
            .prefetch_related("components", "extensions")
        )
        exclusions = defaultdict(list)
        for episode in EducationEpisode.objects.filter(
            status=EducationStatus.PERMANENTLY_EXCLUDED,
            school__isnull=False,
            pupil_id__in={p.pupil_id for p in placements},
        ).order_by("start_date", "id"):
            exclusions[episode.pupil_id].append(episode)
        for placement in placements:
            agreed_on = timezone.localdate(placement.agreed_at)
            if agreed_on > self.up_to:
                continue
            self._commit(placement, agreed_on, exclusions.get(placement.pupil_id, []))

    def _commit(self, placement, agreed_on: datetime.date, exclusions: list) -> None:
        ctx = self.ctx
        funds = ctx.funds_for(placement.funder_id, max(agreed_on, self.opens))
        if funds is None:
            self.skip(f"Placement {placement.pk}: waiting for {placement.funder.name}'s SLA decision")
            return
        committed = ctx.account(AccountKind.COMMITTED, funds.organisation_id)
        components = list(placement.components.all())
        extensions = sorted(placement.extensions.all(), key=lambda e: (e.created_at, e.pk))
        wanted = [
            (
                "placement",
                placement.pk,
                agreed_on,
                placement.start_date,
                extensions[0].previous_end_date if extensions else placement.planned_end_date,
            )
        ]
        for extension in extensions:
            extended_on = timezone.localdate(extension.created_at)
            if extended_on <= self.up_to:
                wanted.append(
                    (
                        "extension",
                        extension.pk,
                        extended_on,
                        extension.previous_end_date + datetime.timedelta(days=1),
                        extension.new_end_date,
                    )
                )
        periods = []
        for cause_type, key, on, first, last in wanted:
            period = rules.committed_period(first, last, self.opens)
            if period is not None:
                periods.append((cause_type, key, max(on, self.opens), *period))
        links = {
            "placement": placement,
            "pupil_id": placement.pupil_id,
            "decision_id": placement.decision_id,
            "school_id": placement.home_school_id,
        }
        arrangement = ctx.arrangement_on(agreed_on)
        excluded = next(
            (e for e in exclusions if rules.excluded_at_start(e.start_date, e.end_date, placement.start_date)), None
        )
        recharge = (
            arrangement is not None
            and rules.recharges_exclusions(arrangement.funding_models)
            and excluded is not None
            and excluded.school_id != placement.funder_id
        )
        for cause_type, key, on, first, last in periods:
            try:
                charged = [c for c in components if self.charged(c, placement, first)]
                amount = rules.placement_cost_pence(self.calendar, charged, first, last)
                in_block = self.block_value(placement, components, first, last)
            except CalendarError as exc:
                self.skip(f"Placement {placement.pk}: {exc}")
                continue
            what = "Commitment" if cause_type == "placement" else "Extension committed"
            self.post(
                EntryKind.COMMITMENT,
                cause_type,
                key,
                on,
                amount,
                funds,
                committed,
                f"{what}: placement {placement.pk}, {first:%-d %b %Y} to {last:%-d %b %Y}",
                **links,
            )
            if recharge:
                payer = ctx.school_funds(excluded.school_id, on)
                if payer is None:
                    self.skip(f"Recharge of placement {placement.pk}: waiting for the excluding school's SLA decision")
                    continue
                self.post(
                    EntryKind.RECHARGE,
                    cause_type,
                    key,
                    on,
                    amount + in_block,
                    payer,
                    funds,
                    f"Placement {placement.pk} for a pupil permanently excluded on "
                    f"{excluded.start_date:%-d %b %Y}, recharged to the excluding school",
                    **{**links, "school_id": excluded.school_id, "episode": excluded},
                )

    # -----------------------------------------------------------------------------------
    def charges(self) -> None:
        from attendance.codebook import CodeBook
        from attendance.models import AttendanceMark
        from placements.models import PlacementComponent

        closed = self.ctx.closed
        if closed is None:
            return
        limit = min(closed, self.up_to)
        rows = (
            AttendanceMark.objects.filter(date__lte=limit, date__gte=self.opens)
            .annotate(month=TruncMonth("date"))
            .order_by()
            .values_list("component_id", "month", "code")
            .annotate(n=Count("id"))
        )
        codebook = None
        delivered: dict[tuple[int, datetime.date], int] = defaultdict(int)
        for component_id, month, code, n in rows:
            month = month.date() if isinstance(month, datetime.datetime) else month
            if self.done(EntryKind.CHARGE, "component_month", f"{component_id}:{month:%Y-%m}"):
                continue
            codebook = codebook or CodeBook.load()
            if rules.counts_as_delivered(codebook.category(code, month)):
                delivered[(component_id, month)] += n
        if not delivered:
            return
        components = PlacementComponent.objects.select_related("placement", "provider__organisation").in_bulk(
            {c for c, _ in delivered}
        )
        committed_of = dict(
            LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT, cause_type="placement").values_list(
                "placement_id", "credit_account_id"
            )
        )
        accounts = {a.pk: a for a in self.ctx.accounts.values()}
        for (component_id, month), sessions in sorted(delivered.items(), key=lambda i: (i[0][1], i[0][0])):
            component = components[component_id]
            placement = component.placement
            if not self.charged(component, placement, month):
                continue
            committed = accounts.get(committed_of.get(placement.pk))
            if committed is None:
                funds = self.ctx.funds_for(placement.funder_id, rules.month_end(month))
                if funds is None:
                    self.skip(f"Charges for placement {placement.pk}: waiting for the funder's SLA decision")
                    continue
                committed = self.ctx.account(AccountKind.COMMITTED, funds.organisation_id)
            self.post(
                EntryKind.CHARGE,
                "component_month",
                f"{component_id}:{month:%Y-%m}",
                rules.month_end(month),
                sessions * component.cost_per_session_pence,
                committed,
                self.ctx.account(AccountKind.PROVIDER, component.provider.organisation_id),
                f"{sessions} sessions delivered by {component.provider.organisation.name} in {month:%B %Y}",
                period=month,
                placement=placement,
                pupil_id=placement.pupil_id,
                decision_id=placement.decision_id,
                school_id=placement.home_school_id,
            )

    # -----------------------------------------------------------------------------------
    def settlements(self) -> None:
        from placements.models import Placement, PlacementStatus

        closed = self.ctx.closed
        settled = {
            key for kind, cause_type, key in self.posted if kind == EntryKind.SETTLEMENT and cause_type == "placement"
        }
        adjusted = {
            key
            for kind, cause_type, key in self.posted
            if kind == EntryKind.RECHARGE_ADJUSTMENT and cause_type == "placement"
        }
        commitments = list(
            LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT)
            .values_list("placement_id", "debit_account_id", "credit_account_id")
            .order_by("id")
        )
        recharged = set(LedgerEntry.objects.filter(kind=EntryKind.RECHARGE).values_list("placement_id", flat=True))
        candidates = {pid for pid, _, _ in commitments if str(pid) not in settled}
        candidates |= {pid for pid in recharged if str(pid) not in adjusted}
        finished, placements = {}, {}
        for placement in Placement.objects.filter(pk__in=candidates).prefetch_related("components"):
            placements[placement.pk] = placement
            if placement.status == PlacementStatus.CANCELLED:
                finished[placement.pk] = min(self.up_to, timezone.localdate(placement.updated_at))
            elif placement.status == PlacementStatus.ENDED and closed and placement.end_date <= min(closed, self.up_to):
                finished[placement.pk] = placement.end_date
        if not finished:
            return
        funds_of, committed_of = {}, {}
        for pid, debit, credit in commitments:
            funds_of.setdefault(pid, debit)
            committed_of.setdefault(pid, credit)
        rows = list(
            LedgerEntry.objects.filter(placement_id__in=finished)
            .order_by("id")
            .values_list(
                "placement_id", "kind", "reverses__kind", "debit_account_id", "credit_account_id", "amount_pence"
            )
        )
        flows: dict[int, dict[str, int]] = defaultdict(lambda: {"committed": 0, "cost": 0, "recharged": 0})
        recharge_accounts: dict[int, tuple[int, int]] = {}
        for pid, kind, _, debit, credit, _ in rows:
            if kind == EntryKind.RECHARGE:
                recharge_accounts.setdefault(pid, (debit, credit))  # (the school's account, the funder's)
        for pid, kind, reversed_kind, debit, credit, amount in rows:
            flow = flows[pid]
            if committed_of.get(pid) in (debit, credit):
                flow["committed"] += amount if credit == committed_of[pid] else -amount
            effective = reversed_kind if kind == EntryKind.REVERSAL else kind
            sign = -1 if kind == EntryKind.REVERSAL else 1
            if effective in COST_KINDS:
                flow["cost"] += sign * amount
            if effective in RECHARGE_KINDS and pid in recharge_accounts:
                flow["recharged"] += amount if debit == recharge_accounts[pid][0] else -amount
        accounts = {a.pk: a for a in self.ctx.accounts.values()}
        for pid, ended_on in finished.items():
            flow, placement = flows[pid], placements[pid]
            links = {"placement_id": pid}
            if pid in committed_of:
                committed, funds = accounts[committed_of[pid]], accounts[funds_of[pid]]
                left = flow["committed"]
                debit, credit = (committed, funds) if left > 0 else (funds, committed)
                self.post(
                    EntryKind.SETTLEMENT,
                    "placement",
                    pid,
                    ended_on,
                    abs(left),
                    debit,
                    credit,
                    f"Placement {pid} finished: commitment settled to its actual cost",
                    **links,
                )
            if pid in recharge_accounts:
                school, payee = accounts[recharge_accounts[pid][0]], accounts[recharge_accounts[pid][1]]
                used = 0
                if placement.status == PlacementStatus.ENDED:
                    first = max(placement.start_date, self.opens)
                    used = self.block_value(placement, list(placement.components.all()), first, placement.end_date)
                over = flow["recharged"] - flow["cost"] - used
                debit, credit = (payee, school) if over > 0 else (school, payee)
                self.post(
                    EntryKind.RECHARGE_ADJUSTMENT,
                    "placement",
                    pid,
                    ended_on,
                    abs(over),
                    debit,
                    credit,
                    f"Recharge of placement {pid} adjusted to its actual cost",
                    school_id=school.organisation_id,
                    **links,
                )

    # -----------------------------------------------------------------------------------
    def tariffs(self) -> None:
        from pupils.models import EducationEpisode, EducationStatus

        if not any(rules.charges_tariff(a.funding_models, a.tariff_pence) for a in self.ctx.history):
            return
        for episode in (
            EducationEpisode.objects.filter(
                status=EducationStatus.PERMANENTLY_EXCLUDED,
                school__isnull=False,
                start_date__lte=self.up_to,
                start_date__gte=self.opens,
            )
            .select_related("school")
            .order_by("start_date", "id")
        ):
            arrangement = self.ctx.arrangement_on(episode.start_date)
            if arrangement is None or not rules.charges_tariff(arrangement.funding_models, arrangement.tariff_pence):
                continue
            if self.done(EntryKind.TARIFF, "episode", episode.pk):
                continue
            payer = self.ctx.school_funds(episode.school_id, episode.start_date)
            if payer is None:
                self.skip(
                    f"Tariff for {episode.school.name}'s exclusion of {episode.start_date:%-d %b %Y}: waiting for its SLA decision"
                )
                continue
            self.post(
                EntryKind.TARIFF,
                "episode",
                episode.pk,
                episode.start_date,
                arrangement.tariff_pence,
                payer,
                self.ctx.central(),
                f"Tariff: permanent exclusion by {episode.school.name} on {episode.start_date:%-d %b %Y}",
                school_id=episode.school_id,
                episode=episode,
                pupil_id=episode.pupil_id,
            )

    # -----------------------------------------------------------------------------------
    def recoveries(self) -> None:
        closed = self.ctx.closed
        if closed is None or closed > self.up_to:
            return
        month = closed.replace(day=1)
        year = academic_year_of(closed)
        schools = [org for (y, org), status in self.ctx.engagement.items() if y == year and status == "not_engaged"]
        if not schools:
            return
        position: dict[int, int] = defaultdict(int)
        for balance in account_balances(datetime.date.max, organisation_ids=schools):
            if balance.account.kind in (AccountKind.RETAINED, AccountKind.COMMITTED):
                position[balance.account.organisation_id] += balance.balance
        for org in schools:
            due = rules.recovery_due(position[org])
            self.post(
                EntryKind.RECOVERY,
                "school_month",
                f"{org}:{month:%Y-%m}",
                closed,
                due,
                self.ctx.account(AccountKind.SCHOOL_BUDGET, org),
                self.ctx.account(AccountKind.RETAINED, org),
                f"Recovered: use beyond the retained allocation to the end of {month:%B %Y}",
                school_id=org,
            )


def post_ledger(*, by, up_to: datetime.date) -> PostingResult:
    """Post everything owed to the ledger up to a date, exactly once; audited. Safe to run any number of times."""
    with transaction.atomic():
        la = lock_ledger()
        run = Reconciliation(by=by, up_to=up_to)
        if run.opens is None or run.opens > up_to:
            run.skip("The ledger opens with the first confirmed funding year: confirm a year's budget first")
        else:
            run.years()
            run.placements()
            run.charges()
            run.settlements()
            run.tariffs()
            run.recoveries()
        audit.record(
            by=by,
            action="create",
            obj=la,
            summary=f"Ledger posted to {up_to:%-d %B %Y}: {run.result.total} entries"
            + (f" ({'; '.join(run.result.lines())})" if run.result.total else ""),
            changes={"posted": dict(run.result.posted), "skipped": run.result.skipped[:50]},
        )
    return run.result
