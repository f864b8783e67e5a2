"""企查 self-checks (F-LIST-6), one public page, no login, nothing stored, no JavaScript needed. It sits in home,
the top layer, as it draws on several apps (the marketplace's loan form, policies, the industries of members):

- 专精特新 declaration self-check: the answers are checked on the server against thresholds modelled on the
  criteria the provinces publish after 工信部《优质中小企业梯度培育管理暂行办法》(2022); a deployment can
  override any of them with ``settings.SRTS_THRESHOLDS``.
- loan-product matching: a GET form straight into 我要贷款 (/market/match/), which keeps the answers (a
  visitor logs in first and lands on the match with them).
- policy-declaration self-check: live policies whose 标签 fit the industry section and the enterprise size.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import PreciseErrorsMixin
from finance_market.choices import EnterpriseSize
from finance_market.forms import LoanRequestForm
from members.models import Industry
from policies.models import PolicyPage

SRTS_DEFAULTS = {
    "max_headcount": 1000,  # 中小企业 (工信部 2011 划型, industrial)
    "min_years": 2,  # 从事特定细分市场时间 (years)
    "min_revenue_wan": Decimal("1000"),  # 上年度营业收入 (万元)
    "min_rd_wan": Decimal("100"),  # 上年度研发费用 (万元)
    "min_rd_share": Decimal("3"),  # 研发费用占营业收入 (%)
    "min_main_share": Decimal("70"),  # 主营业务收入占营业收入 (%)
    "min_growth": Decimal("5"),  # 近2年主营业务收入平均增长率 (%)
    "min_patents": 1,  # I类知识产权 (发明专利等)
}


def srts_thresholds():
    return {**SRTS_DEFAULTS, **getattr(settings, "SRTS_THRESHOLDS", {})}


class SrtsForm(PreciseErrorsMixin, forms.Form):
    established_year = forms.IntegerField(label=gettext_lazy("成立年份"), min_value=1949)
    headcount = forms.IntegerField(label=gettext_lazy("从业人员（人）"), min_value=0)
    revenue_wan = forms.DecimalField(label=gettext_lazy("上年度营业收入（万元）"), min_value=0, max_digits=12,
                                     decimal_places=2)
    rd_wan = forms.DecimalField(label=gettext_lazy("上年度研发费用（万元）"), min_value=0, max_digits=12,
                                decimal_places=2)
    main_share = forms.DecimalField(label=gettext_lazy("主营业务收入占营业收入比重（%）"), min_value=0, max_value=100,
                                    decimal_places=2)
    growth = forms.DecimalField(label=gettext_lazy("近2年主营业务收入平均增长率（%）"), min_value=-100,
                                max_value=10000, decimal_places=2)
    patents = forms.IntegerField(label=gettext_lazy("I类知识产权（发明专利等）数量"), min_value=0)

    def clean_established_year(self):
        year = self.cleaned_data["established_year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("成立年份不能晚于今年。"))
        return year


@dataclass
class Criterion:
    name: str
    passed: bool
    reason: str


def check_srts(data, thresholds=None):
    """Each criterion with whether it passes and why, in the order the notices list them."""
    t = thresholds or srts_thresholds()
    years = timezone.localdate().year - data["established_year"]
    revenue, rd = data["revenue_wan"], data["rd_wan"]
    rd_share = (rd / revenue * 100).quantize(Decimal("0.01")) if revenue else Decimal(0)
    return [
        Criterion(_("中小企业"), data["headcount"] < t["max_headcount"],
                  _("从业人员 %(have)d 人，须少于 %(need)d 人") % {"have": data["headcount"],
                                                                "need": t["max_headcount"]}),
        Criterion(_("从事细分市场年限"), years >= t["min_years"],
                  _("已经营约 %(have)d 年，须达到 %(need)d 年以上") % {"have": years, "need": t["min_years"]}),
        Criterion(_("营业收入"), revenue >= t["min_revenue_wan"],
                  _("上年度营业收入 %(have)s 万元，须不低于 %(need)s 万元")
                  % {"have": revenue, "need": t["min_revenue_wan"]}),
        Criterion(_("研发投入"), rd >= t["min_rd_wan"] and rd_share >= t["min_rd_share"],
                  _("研发费用 %(rd)s 万元、占营业收入 %(share)s%%，须不低于 %(need_rd)s 万元且不低于 %(need_share)s%%")
                  % {"rd": rd, "share": rd_share, "need_rd": t["min_rd_wan"], "need_share": t["min_rd_share"]}),
        Criterion(_("主营业务专注度"), data["main_share"] >= t["min_main_share"],
                  _("主营业务收入占比 %(have)s%%，须不低于 %(need)s%%")
                  % {"have": data["main_share"], "need": t["min_main_share"]}),
        Criterion(_("成长性"), data["growth"] >= t["min_growth"],
                  _("近2年主营业务收入平均增长率 %(have)s%%，须不低于 %(need)s%%")
                  % {"have": data["growth"], "need": t["min_growth"]}),
        Criterion(_("自主知识产权"), data["patents"] >= t["min_patents"],
                  _("I类知识产权 %(have)d 项，须不少于 %(need)d 项") % {"have": data["patents"],
                                                                    "need": t["min_patents"]}),
    ]


# ---------------------------------------------------------------- policy self-check

# 标签 a policy carries (policies.PolicyPage.tags) that fit an enterprise of that size / industry section.
SIZE_TAGS = {
    EnterpriseSize.MICRO: ("小微企业", "普惠金融", "首贷", "创业担保贷款", "担保", "税收优惠"),
    EnterpriseSize.SMALL: ("小微企业", "普惠金融", "首贷", "续贷", "担保", "税收优惠", "专精特新"),
    EnterpriseSize.MEDIUM: ("专精特新", "技术改造", "首贷", "续贷", "担保", "风险补偿"),
    EnterpriseSize.LARGE: ("技术改造", "供应链金融", "应收账款"),
}
SECTION_TAGS = {
    "A": ("普惠金融", "资金补助"),
    "C": ("技术改造", "贴息", "专精特新", "知识产权质押", "研发费用"),
    "F": ("供应链金融", "应收账款"),
    "I": ("科技", "知识产权质押", "研发费用", "专精特新"),
    "M": ("科技", "知识产权质押", "研发费用"),
}


class PolicyCheckForm(PreciseErrorsMixin, forms.Form):
    industry = forms.ModelChoiceField(label=gettext_lazy("所属行业门类"),
                                      queryset=Industry.objects.filter(section__isnull=True).order_by("code"))
    size = forms.ChoiceField(label=gettext_lazy("企业规模"), choices=EnterpriseSize.choices)


def matching_policies(industry, size, limit=30):
    """Live, public policies tagged for this size or this industry section, each with the tags that matched."""
    wanted = set(SIZE_TAGS.get(size, ())) | set(SECTION_TAGS.get(industry.code, ()))
    policies = (PolicyPage.objects.live().public().filter(tags__name__in=wanted).distinct()
                .prefetch_related("tags").order_by("-date", "-pk")[:limit])
    return [(policy, sorted(tag.name for tag in policy.tags.all() if tag.name in wanted)) for policy in policies]


# ---------------------------------------------------------------- the page


def selfcheck(request):
    check = request.GET.get("check")
    srts_form = SrtsForm(request.GET if check == "srts" else None, prefix="srts")
    policy_form = PolicyCheckForm(request.GET if check == "policy" else None, prefix="policy")
    context = {"srts_form": srts_form, "policy_form": policy_form, "loan_form": LoanRequestForm(),
               "criteria": None, "policies": None, "thresholds": srts_thresholds()}
    if srts_form.is_bound and srts_form.is_valid():
        criteria = check_srts(srts_form.cleaned_data)
        context.update(criteria=criteria, all_passed=all(c.passed for c in criteria))
    if policy_form.is_bound and policy_form.is_valid():
        context["policies"] = matching_policies(policy_form.cleaned_data["industry"], policy_form.cleaned_data["size"])
    bad = (srts_form.is_bound and srts_form.errors) or (policy_form.is_bound and policy_form.errors)
    return TemplateResponse(request, "home/selfcheck.html", context, status=400 if bad else 200)
