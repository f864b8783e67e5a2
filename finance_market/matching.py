"""我要贷款 (F-LOAN-1): score every live product against an enterprise's profile and its request.

Deterministic and explainable: hard conditions (amount, term, industry, region, size, guarantee) exclude a
product with the reasons why; the eligible ones get points from a fixed table, each point with its reason,
and are ranked by (score desc, lowest rate asc, platform order asc, id asc) so ties always resolve the same way.
Products are reduced to plain ``Candidate`` tuples first, so scoring 5,000 of them is pure Python.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy

from core.money import display_wan
from finance_market.choices import EnterpriseSize, GuaranteeMethod
from finance_market.models import LoanProductPage

BASE_SCORE = 40
POINTS = {
    "industry_targeted": 20, "industry_open": 5,
    "region_targeted": 10, "region_open": 3,
    "size_targeted": 10, "size_open": 3,
    "credit": 10, "collateral": 5,
}
RATE_POINTS = ((Decimal("3.50"), 10), (Decimal("4.50"), 6), (Decimal("6.00"), 3))


@dataclass(frozen=True)
class Profile:
    industry_id: int | None
    section_id: int | None
    industry_name: str
    region_id: int | None
    region_name: str
    size: str | None


@dataclass(frozen=True)
class Request:
    amount: Decimal  # yuan
    term_months: int
    purpose: str = ""
    collateral: frozenset = frozenset()  # GuaranteeMethod codes the enterprise can offer besides credit


@dataclass(frozen=True)
class Candidate:
    pk: int
    amount_min: Decimal
    amount_max: Decimal
    term_min: int
    term_max: int
    rate_min: Decimal
    sort_order: int
    guarantees: frozenset
    sizes: frozenset
    industries: frozenset
    regions: frozenset


# Reason texts, rendered only for the results shown: gettext per product would dominate the cost.
REASONS = {
    "amount_out": gettext_lazy("申请金额不在产品额度 %(lo)s–%(hi)s 万元内"),
    "term_out": gettext_lazy("申请期限不在 %(lo)s–%(hi)s 个月内"),
    "industry_unknown": gettext_lazy("产品限定行业，请先在企业资料中填写所属行业"),
    "industry_out": gettext_lazy("产品不面向贵企业所属行业"),
    "region_out": gettext_lazy("产品未覆盖贵企业所在镇街"),
    "size_out": gettext_lazy("产品不适用于贵企业的规模"),
    "guarantee_out": gettext_lazy("需要抵押、质押或担保，贵企业未选择可提供的担保方式"),
    "fits": gettext_lazy("额度 %(lo)s–%(hi)s 万元、期限 %(tlo)s–%(thi)s 个月，满足申请"),
    "industry_targeted": gettext_lazy("专门面向贵企业所属行业（%(name)s）"),
    "industry_open": gettext_lazy("不限行业"),
    "region_targeted": gettext_lazy("服务贵企业所在镇街（%(name)s）"),
    "region_open": gettext_lazy("不限区域"),
    "size_targeted": gettext_lazy("适用于%(name)s"),
    "size_open": gettext_lazy("不限企业规模"),
    "credit": gettext_lazy("可信用贷款，无需抵押担保"),
    "collateral": gettext_lazy("接受贵企业可提供的担保方式：%(names)s"),
    "rate": gettext_lazy("年利率低至 %(rate)s%%"),
}


@dataclass
class Result:
    candidate: Candidate
    eligible: bool
    score: int = 0
    codes: list = field(default_factory=list)  # [(reason key, params)]
    product: LoanProductPage | None = None

    @property
    def sort_key(self):
        c = self.candidate
        return (-self.score, c.rate_min, c.sort_order, c.pk)

    @property
    def reasons(self):
        return [str(REASONS[key]) % _display(params) if params else str(REASONS[key]) for key, params in self.codes]


def _display(params):
    """Reason parameters as shown: yuan → 万元, codes → labels."""
    shown = dict(params)
    for key in ("lo", "hi"):
        if isinstance(shown.get(key), Decimal):
            shown[key] = display_wan(shown[key])
    if "size" in shown:
        shown["name"] = EnterpriseSize(shown.pop("size")).label
    if "codes" in shown:
        shown["names"] = "、".join(str(GuaranteeMethod(code).label) for code in sorted(shown.pop("codes")))
    return shown


def enterprise_size(enterprise):
    """工信部 2011 划型 (industrial thresholds), from headcount and the latest yearly revenue; None if unknown."""
    latest = enterprise.financials.order_by("-year").first()
    revenue = latest.revenue if latest and latest.revenue is not None else None
    people = enterprise.headcount
    if people is None and revenue is None:
        return None

    def at_least(min_people, min_revenue):
        return (people is None or people >= min_people) and (revenue is None or revenue >= min_revenue)

    if at_least(1000, Decimal("400000000")):
        return EnterpriseSize.LARGE
    if at_least(300, Decimal("20000000")):
        return EnterpriseSize.MEDIUM
    if at_least(20, Decimal("3000000")):
        return EnterpriseSize.SMALL
    return EnterpriseSize.MICRO


def profile_of(enterprise):
    industry = enterprise.industry
    return Profile(
        industry_id=enterprise.industry_id,
        section_id=industry.section_id if industry else None,
        industry_name=industry.name if industry else "",
        region_id=enterprise.region_id,
        region_name=enterprise.region.name if enterprise.region_id else "",
        size=enterprise_size(enterprise),
    )


def load_candidates(queryset=None):
    """Every live public product as a Candidate, in 3 queries (products, industries, regions)."""
    queryset = queryset if queryset is not None else LoanProductPage.objects.live().public()
    rows = list(queryset.values_list("pk", "amount_min", "amount_max", "term_min", "term_max", "rate_min",
                                     "sort_order", "guarantee_methods", "eligible_sizes"))
    ids = [row[0] for row in rows]
    industries, regions = {}, {}
    for through, target, bucket in ((LoanProductPage.eligible_industries.through, "industry_id", industries),
                                    (LoanProductPage.eligible_regions.through, "region_id", regions)):
        for product_id, target_id in through.objects.filter(loanproductpage_id__in=ids).values_list(
                "loanproductpage_id", target):
            bucket.setdefault(product_id, set()).add(target_id)
    split = LoanProductPage._meta.get_field("guarantee_methods").to_python
    return [
        Candidate(pk, amin, amax, tmin, tmax, rate, order, frozenset(split(guarantees)), frozenset(split(sizes)),
                  frozenset(industries.get(pk, ())), frozenset(regions.get(pk, ())))
        for pk, amin, amax, tmin, tmax, rate, order, guarantees, sizes in rows
    ]


def _discard(_item):
    pass


def score(candidate, profile, request, explain=True):
    """Evaluate one product: a Result that is either excluded (with why) or eligible (score + why).

    With ``explain=False`` the reasons of an eligible product are not collected (rank() explains only the
    results it returns, later): the hot loop then allocates almost nothing.
    """
    c, excluded, codes = candidate, [], []
    note = codes.append if explain else _discard
    if not c.amount_min <= request.amount <= c.amount_max:
        excluded.append(("amount_out", {"lo": c.amount_min, "hi": c.amount_max}))
    if not c.term_min <= request.term_months <= c.term_max:
        excluded.append(("term_out", {"lo": c.term_min, "hi": c.term_max}))
    points = BASE_SCORE
    if c.industries:
        if profile.industry_id in c.industries or (profile.section_id and profile.section_id in c.industries):
            points += POINTS["industry_targeted"]
            note(("industry_targeted", {"name": profile.industry_name}))
        else:
            excluded.append(("industry_unknown" if profile.industry_id is None else "industry_out", None))
    else:
        points += POINTS["industry_open"]
        note(("industry_open", None))
    if c.regions:
        if profile.region_id in c.regions:
            points += POINTS["region_targeted"]
            note(("region_targeted", {"name": profile.region_name}))
        else:
            excluded.append(("region_out", None))
    else:
        points += POINTS["region_open"]
        note(("region_open", None))
    if c.sizes:
        if profile.size in c.sizes:
            points += POINTS["size_targeted"]
            note(("size_targeted", {"size": profile.size}))
        else:
            excluded.append(("size_out", None))
    else:
        points += POINTS["size_open"]
        note(("size_open", None))
    if GuaranteeMethod.CREDIT in c.guarantees:
        points += POINTS["credit"]
        note(("credit", None))
    elif c.guarantees & request.collateral:
        points += POINTS["collateral"]
        note(("collateral", {"codes": c.guarantees & request.collateral}))
    else:
        excluded.append(("guarantee_out", None))
    if excluded:
        return Result(candidate, eligible=False, codes=excluded)
    for ceiling, rate_points in RATE_POINTS:
        if c.rate_min <= ceiling:
            points += rate_points
            note(("rate", {"rate": c.rate_min}))
            break
    if explain:
        codes.insert(0, ("fits", {"lo": c.amount_min, "hi": c.amount_max, "tlo": c.term_min, "thi": c.term_max}))
    return Result(candidate, eligible=True, score=points, codes=codes)


def rank(candidates, profile, request):
    """(eligible results best first, excluded results)."""
    results = [score(c, profile, request, explain=False) for c in candidates]
    eligible = sorted((r for r in results if r.eligible), key=lambda r: r.sort_key)
    excluded = [r for r in results if not r.eligible]
    for result in eligible:
        result.codes = score(result.candidate, profile, request).codes
    return eligible, excluded


def match(enterprise, request, candidates=None):
    """Rank every live product for ``enterprise``; attaches the product pages to the eligible results."""
    candidates = load_candidates() if candidates is None else candidates
    eligible, excluded = rank(candidates, profile_of(enterprise), request)
    pages = LoanProductPage.objects.filter(pk__in=[r.candidate.pk for r in eligible + excluded]).select_related(
        "institution")
    by_pk = {page.pk: page for page in pages}
    for result in eligible + excluded:
        result.product = by_pk.get(result.candidate.pk)
    return eligible, excluded
