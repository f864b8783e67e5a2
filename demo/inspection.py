"""Demo data for the website inspection: footer records, channel intervals, a forbidden-word list (idempotent)."""

from wagtail.models import Site

from core.models import PortalSettings
from inspection import freshness
from inspection.models import ForbiddenWord, RuleAction

FOOTER = {
    "sponsor": "中国人民银行市分行",
    "organizer": "市金融服务中心",
    "site_code": "3411000001",
    "icp_number": "皖ICP备20260001号-1",
    "police_number": "皖公网安备 34110202000001号",
    "police_record_code": "34110202000001",
    "disclosure_code": "11341100MB0000001X",
    "contact_phone": "0558-1234567",
    "address": "市政务服务中心三楼",
}

# (word, action, note): 不规范表述 and words an official site must not carry
FORBIDDEN_WORDS = [
    ("人行", RuleAction.WARN, "正式发布时应写作“中国人民银行”"),
    ("最低利率", RuleAction.BLOCK, "广告法禁用的绝对化用语"),
    ("保证放款", RuleAction.BLOCK, "不得承诺放款"),
    ("包过", RuleAction.BLOCK, "不得承诺审批结果"),
    ("无抵押秒批", RuleAction.BLOCK, "夸大宣传"),
]


def seed_footer():
    """Fill the footer records that are still empty (an admin's own values are kept)."""
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    changed = [name for name, value in FOOTER.items() if not getattr(settings, name)]
    for name in changed:
        setattr(settings, name, FOOTER[name])
    if changed:
        settings.save()


def seed_forbidden_words():
    for word, action, note in FORBIDDEN_WORDS:
        ForbiddenWord.objects.get_or_create(word=word, defaults={"action": action, "note": note})


def seed_intervals():
    """One interval row per channel, with the default of its type (14 days news, 180 policies)."""
    freshness.channel_statuses()
