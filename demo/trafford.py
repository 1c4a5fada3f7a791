"""Trafford's organisations: the council, its localities, schools, AP providers and partner services.

Real (from demo/data/, Open Government Licence v3.0): the LA codes, the school names, URNs and
LAEstabs (DfE school list, latest year 2017/18), the pupil referral units, the published numbers
on roll, and each LSOA's IDACI score (IoD 2019).

SYNTHETIC (documented so nobody mistakes it for fact):
- which locality a school is in: a school whose name contains a Trafford place name goes to that
  place's locality (North: Stretford, Old Trafford, Gorse Hill...; Central: Sale, Ashton on Mersey,
  Brooklands; South: Altrincham, Bowdon, Hale, Timperley...; West: Urmston, Flixton, Davyhulme,
  Partington); the rest are dealt round the four localities at random (seeded);
- which LSOA a school is in: drawn at random (seeded), from the more deprived half of Trafford's
  LSOAs for North, the less deprived half for South, and from all of them for Central and West;
- the FSM percentage: round(min(60, 5 + 90 x IDACI score), 1), a stand-in for the real figure;
- rolls by year group (demo/rolls.py);
- with --scale N, N - 1 copies of every school named "... (demo copy k)", with URNs 2kkiii
  (200000 + 1000 x (k - 1) + i) and unused establishment numbers from the same DfE band.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from accounts.models import LocalAuthority, Organisation, PartnerService
from accounts.roles import OrganisationKind
from demo import sources
from demo.establishments import band, classify, tidy_name
from demo.rolls import build_rolls
from providers.models import Provider
from schools.models import Partnership, School, SchoolRoll

LA_NAME = "Trafford Council"
ONS_CODE = "E08000009"
LOCALITIES = ("North", "Central", "South", "West")
PLACE_NAMES = {
    "North": ("stretford", "old trafford", "gorse hill", "victoria park", "seymour park", "longford"),
    "Central": ("sale", "ashton-on-mersey", "brooklands", "park road", "worthington", "springfield"),
    "South": (
        "altrincham",
        "bowdon",
        "hale",
        "timperley",
        "broadheath",
        "navigation",
        "stamford park",
        "oldfield brow",
    ),
    "West": ("urmston", "flixton", "davyhulme", "partington", "barton clough", "woodhouse", "lostock", "wellacre"),
}
FALLBACK_BANDS = {
    School.Phase.PRIMARY: ((2000, 2999), (3000, 3999), (5200, 5299)),
    School.Phase.SECONDARY: ((4000, 4999), (5400, 5499), (5900, 5999)),
    School.Phase.SPECIAL: ((7000, 7999),),
    School.Phase.NURSERY: ((1000, 1099),),
}

# Invented providers: none of these exists. Names end "(demo)" so nobody mistakes them for real ones.
INVENTED_PROVIDERS = (
    ("Mersey Valley AP Academy (demo)", Provider.ProviderType.AP_ACADEMY, {"urn": "999101"}),
    ("Canal Street Free School (demo)", Provider.ProviderType.AP_FREE_SCHOOL, {"urn": "999102"}),
    ("Oakwood House School (demo)", Provider.ProviderType.INDEPENDENT_SCHOOL, {"urn": "999103"}),
    ("Brookfield Vocational Centre (demo)", Provider.ProviderType.UNREGISTERED, {"setting_type": "OTH"}),
    ("Greenway Mentoring and Sport (demo)", Provider.ProviderType.UNREGISTERED, {"setting_type": "OTH"}),
    ("Canalside Tuition (demo)", Provider.ProviderType.TUITION, {"setting_type": "OOT"}),
    ("Irwell Bank College (demo)", Provider.ProviderType.FE_COLLEGE, {"ukprn": "19990358"}),
    ("Trafford Park Works Placements (demo)", Provider.ProviderType.WORK_BASED, {"setting_type": "WBP"}),
    ("Sale High School Inclusion Base (demo)", Provider.ProviderType.RESOURCE_BASE, {"urn": "106375"}),
)
PARTNER_SERVICES = (
    ("Trafford Early Help", PartnerService.ServiceType.EARLY_HELP),
    ("Trafford Children's Social Care", PartnerService.ServiceType.SOCIAL_CARE),
    ("Trafford Youth Justice Service", PartnerService.ServiceType.YOUTH_JUSTICE),
    ("Trafford Mental Health Support Team", PartnerService.ServiceType.MENTAL_HEALTH),
)


@dataclass
class DemoSchool:
    school: School
    estab: int
    phase: str
    years: tuple[int, ...]
    rolls: dict[int, int]
    idaci: float
    locality: str

    @property
    def organisation(self) -> Organisation:
        return self.school.organisation

    @property
    def name(self) -> str:
        return self.school.organisation.name


@dataclass
class Area:
    la: LocalAuthority
    localities: dict[str, Partnership]
    schools: list[DemoSchool]
    pru: Provider
    medical_service: Provider
    providers: list[Provider]
    partner_services: dict[str, PartnerService] = field(default_factory=dict)

    @property
    def number_on_roll(self) -> int:
        return sum(sum(s.rolls.values()) for s in self.schools)


def _locality_for(name: str, rng: random.Random, dealt: list[str]) -> str:
    lower = name.lower()
    for locality, places in PLACE_NAMES.items():
        if any(re.search(rf"\b{re.escape(place)}\b", lower) for place in places):
            return locality
    if not dealt:
        dealt.extend(LOCALITIES)
        rng.shuffle(dealt)
    return dealt.pop()


def _lsoa_pools() -> dict[str, list[tuple[str, float]]]:
    by_score = sorted(sources.idaci_scores(), key=lambda item: (-item[1], item[0]))
    half = len(by_score) // 2
    everything = sorted(by_score)
    return {
        "North": sorted(by_score[:half]),
        "South": sorted(by_score[half:]),
        "Central": everything,
        "West": everything,
    }


def _next_estab(estab: int, phase: str, used: set[int]) -> int:
    first, last = band(estab)
    bands = ((first, last),) + tuple(b for b in FALLBACK_BANDS.get(phase, ()) if b != (first, last))
    for low, high in bands:
        span = high - low + 1
        start = estab if low <= estab <= high else low
        for step in range(span):
            candidate = low + (start - low + step) % span
            if candidate not in used:
                used.add(candidate)
                return candidate
    raise ValueError(f"No establishment numbers left for a copy of {estab}; use a smaller --scale")


def _school_rows(scale: int):
    """(source school, copy number, kind) for every school to build, originals first."""
    source = sources.trafford_schools()
    kinds = [classify(s.estab, s.name, s.urn) for s in source]
    used = {s.estab for s in source}
    rows = [(s, 0, k, s.urn, s.estab) for s, k in zip(source, kinds, strict=True) if not (k.skip or k.provider)]
    originals = list(rows)
    for copy in range(1, scale):
        for index, (s, _, k, _, _) in enumerate(originals):
            rows.append((s, copy, k, f"{200000 + 1000 * (copy - 1) + index}", _next_estab(s.estab, k.phase, used)))
    return rows


def _organisations(pairs: list[tuple[str, str]]) -> list[Organisation]:
    return Organisation.objects.bulk_create([Organisation(kind=kind, name=name) for kind, name in pairs])


def create_area(*, seed: int, scale: int) -> Area:
    """Create every organisation of the demo area. ``scale`` copies the schools."""
    rng = random.Random(f"{seed}:area")
    la_org = Organisation.objects.create(kind=OrganisationKind.LOCAL_AUTHORITY, name=LA_NAME)
    la = LocalAuthority.objects.create(organisation=la_org, la_code=sources.LA_CODE, ons_code=ONS_CODE)

    locality_orgs = _organisations([(OrganisationKind.PARTNERSHIP, f"{name} Locality") for name in LOCALITIES])
    localities = dict(
        zip(
            LOCALITIES,
            Partnership.objects.bulk_create(
                [Partnership(organisation=o, kind=Partnership.Kind.LOCALITY) for o in locality_orgs]
            ),
            strict=True,
        )
    )

    rows = _school_rows(scale)
    names = [tidy_name(s.name) + (f" (demo copy {copy + 1})" if copy else "") for s, copy, *_ in rows]
    primary, secondary = sources.pupils_on_roll("2024/25")
    roll_plan = build_rolls(
        [(k.phase, n) for (_, _, k, _, _), n in zip(rows, names, strict=True)], primary * scale, secondary * scale, rng
    )
    orgs = _organisations([(OrganisationKind.SCHOOL, n) for n in names])
    pools = _lsoa_pools()
    remaining: dict[str, list[tuple[str, float]]] = {k: [] for k in pools}
    dealt: list[str] = []
    schools, demo_schools = [], []
    for (_, _, kind, urn, estab), org, name, (years, rolls) in zip(rows, orgs, names, roll_plan, strict=True):
        locality = _locality_for(name, rng, dealt)
        if not remaining[locality]:
            remaining[locality] = list(pools[locality])
            rng.shuffle(remaining[locality])
        lsoa, idaci = remaining[locality].pop()
        school = School(
            organisation=org,
            urn=urn,
            laestab=f"{sources.LA_CODE}{estab:04d}",
            phase=kind.phase,
            school_type=kind.school_type,
            partnership=localities[locality],
            lsoa_code=lsoa,
            idaci_score=Decimal(f"{idaci:.3f}"),
            fsm_percent=Decimal(f"{round(min(60, 5 + idaci * 90), 1):.1f}"),
        )
        schools.append(school)
        demo_schools.append(DemoSchool(school, estab, kind.phase, years, rolls, idaci, locality))
    School.objects.bulk_create(schools, batch_size=500)
    SchoolRoll.objects.bulk_create(
        [SchoolRoll(school=d.school, year_group=y, pupils=n) for d in demo_schools for y, n in sorted(d.rolls.items())],
        batch_size=1000,
    )

    prus = [s for s in sources.trafford_schools() if classify(s.estab, s.name, s.urn).provider]
    provider_rows = [(tidy_name(s.name), Provider.ProviderType.PRU, {"urn": s.urn}) for s in prus]
    provider_rows += list(INVENTED_PROVIDERS)
    provider_orgs = _organisations([(OrganisationKind.PROVIDER, name) for name, _, _ in provider_rows])
    providers = Provider.objects.bulk_create(
        [
            Provider(organisation=o, provider_type=t, **ids)
            for o, (_, t, ids) in zip(provider_orgs, provider_rows, strict=True)
        ]
    )
    pru = next(p for p in providers if p.provider_type == Provider.ProviderType.PRU and "medical" not in p.name.lower())
    medical = next((p for p in providers if "medical" in p.name.lower()), pru)

    partner_orgs = _organisations([(OrganisationKind.PARTNER_SERVICE, name) for name, _ in PARTNER_SERVICES])
    partner_services = PartnerService.objects.bulk_create(
        [
            PartnerService(organisation=o, service_type=t)
            for o, (_, t) in zip(partner_orgs, PARTNER_SERVICES, strict=True)
        ]
    )
    return Area(
        la=la,
        localities=localities,
        schools=demo_schools,
        pru=pru,
        medical_service=medical,
        providers=providers,
        partner_services={p.service_type: p for p in partner_services},
    )
