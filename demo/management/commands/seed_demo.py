"""Build the Chinese demo site: idempotent, run by `make run`; `--scale N` adds N×1,000 pages."""

from django.core.management.base import BaseCommand
from django.db import transaction

from core.db_statistics import analyze
from demo import enterprise_list as lists_demo
from demo import finance_market as market_demo
from demo import home as home_demo
from demo import inspection as inspection_demo
from demo import members as members_demo
from demo import policies as policies_demo
from demo.consultations import seed_consultations_demo
from demo.reports import seed_statistics
from members import notify
from search import documents as search_documents


class Command(BaseCommand):
    help = "建立演示站点（可重复执行）。--scale N 额外生成 N×1000 个页面用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="内容倍数（>1 时批量生成页面）")
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")

    def handle(self, *args, scale, quiet_logins, **options):
        with transaction.atomic(), notify.mail_suppressed():  # demo history mails nobody
            home = home_demo.ensure_home_page()
            inspection_demo.seed_footer()  # first: policy 索引号 take the 信息公开机构代码 as prefix
            collection = home_demo.public_collection()
            department_pages = policies_demo.seed_channels(home)
            channels = home_demo.seed_site_rights(department_pages, policies_demo.DEPARTMENTS)
            home_demo.seed_home(home, collection)
            policies_demo.seed_content(home, collection)
            policies_demo.seed_disclosure(home)
            accounts = home_demo.seed_accounts(channels)
            accounts += members_demo.seed_members(home, department_pages)
            market_demo.seed_market(home)
            seed_consultations_demo()
            accounts += lists_demo.seed_lists(home)
            policies_demo.seed_page_in_review()
            seed_statistics()
            inspection_demo.seed_forbidden_words()
            inspection_demo.seed_intervals()
            # facet values computed at indexing may name things seeded later (a case names its bank before the
            # institutions exist): recompute them now that everything is there
            search_documents.rebuild()
        if scale > 1:
            policies_demo.seed_bulk(home.get_children().get(slug="news").specific,
                                    home.get_children().get(slug="policies").specific, scale)
        analyze()  # the planner's statistics of the tables just filled (core/db_statistics.py)
        self.stdout.write(self.style.SUCCESS("演示站点已就绪。"))
        if not quiet_logins:
            self.stdout.write(f"演示账号（密码均为 {home_demo.DEMO_PASSWORD}）：")
            for role, username in accounts:
                self.stdout.write(f"  {role:<12} {username}")
