"""我要贷款 (F-LOAN-1): score every live product against an enterprise's profile and its request.

Deterministic and explainable: hard conditions (amount, term, industry, region, size, guarantee) exclude a
product with the reasons why; the eligible ones get points from a fixed table, each point with its reason,
and are ranked by (score desc, lowest rate asc, platform order asc, id asc) so ties always resolve the same way.
Products are reduced to plain ``Candidate`` tuples first, so scoring 5,000 of them is pure Python.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from finance_market.choices import EnterpriseSize, GuaranteeMethod
from finance_market.models import LoanProductPage

TEN_THOUSAND = Decimal("10000")
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


@dataclass
class Result:
    candidate: Candidate
    eligible: bool
    score: int = 0
    reasons: list = field(default_factory=list)
    product: LoanProductPage | None = None

    @property
    def sort_key(self):
        c = self.candidate
        return (-self.score, c.rate_min, c.sort_order, c.pk)


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


def _wan(value):
    return f"{(value / TEN_THOUSAND).normalize():f}"


def score(candidate, profile, request):
    """Evaluate one product: a Result that is either excluded (with why) or eligible (score + why)."""
    c, excluded, reasons = candidate, [], []
    if not c.amount_min <= request.amount <= c.amount_max:
        excluded.append(_("申请金额不在产品额度 %(lo)s–%(hi)s 万元内") % {"lo": _wan(c.amount_min),
                                                                       "hi": _wan(c.amount_max)})
    if not c.term_min <= request.term_months <= c.term_max:
        excluded.append(_("申请期限不在 %(lo)s–%(hi)s 个月内") % {"lo": c.term_min, "hi": c.term_max})
    points = BASE_SCORE
    if c.industries:
        if profile.industry_id in c.industries or (profile.section_id and profile.section_id in c.industries):
            points += POINTS["industry_targeted"]
            reasons.append(_("专门面向贵企业所属行业（%s）") % profile.industry_name)
        elif profile.industry_id is None:
            excluded.append(_("产品限定行业，请先在企业资料中填写所属行业"))
        else:
            excluded.append(_("产品不面向贵企业所属行业"))
    else:
        points += POINTS["industry_open"]
        reasons.append(_("不限行业"))
    if c.regions:
        if profile.region_id in c.regions:
            points += POINTS["region_targeted"]
            reasons.append(_("服务贵企业所在镇街（%s）") % profile.region_name)
        else:
            excluded.append(_("产品未覆盖贵企业所在镇街"))
    else:
        points += POINTS["region_open"]
        reasons.append(_("不限区域"))
    if c.sizes:
        if profile.size in c.sizes:
            points += POINTS["size_targeted"]
            reasons.append(_("适用于%s") % EnterpriseSize(profile.size).label)
        else:
            excluded.append(_("产品不适用于贵企业的规模"))
    else:
        points += POINTS["size_open"]
        reasons.append(_("不限企业规模"))
    if GuaranteeMethod.CREDIT in c.guarantees:
        points += POINTS["credit"]
        reasons.append(_("可信用贷款，无需抵押担保"))
    elif c.guarantees & request.collateral:
        points += POINTS["collateral"]
        offered = [GuaranteeMethod(code).label for code in sorted(c.guarantees & request.collateral)]
        reasons.append(_("接受贵企业可提供的担保方式：%s") % "、".join(str(x) for x in offered))
    else:
        excluded.append(_("需要抵押、质押或担保，贵企业未选择可提供的担保方式"))
    for ceiling, rate_points in RATE_POINTS:
        if c.rate_min <= ceiling:
            points += rate_points
            reasons.append(_("年利率低至 %s%%") % c.rate_min)
            break
    if excluded:
        return Result(candidate, eligible=False, reasons=excluded)
    reasons.insert(0, _("额度 %(lo)s–%(hi)s 万元、期限 %(tlo)s–%(thi)s 个月，满足申请") % {
        "lo": _wan(c.amount_min), "hi": _wan(c.amount_max), "tlo": c.term_min, "thi": c.term_max})
    return Result(candidate, eligible=True, score=points, reasons=reasons)


def rank(candidates, profile, request):
    """(eligible results best first, excluded results)."""
    results = [score(c, profile, request) for c in candidates]
    eligible = sorted((r for r in results if r.eligible), key=lambda r: r.sort_key)
    excluded = [r for r in results if not r.eligible]
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
