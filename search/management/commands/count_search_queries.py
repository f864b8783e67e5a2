"""Keep the facet counts of the frequent queries of several words now (search.counted_queries; also a daily job)."""

from django.core.management.base import BaseCommand

from search import counted_queries, documents


class Command(BaseCommand):
    help = "为常用的多词搜索保存分面计数（PostgreSQL），搜索页不必逐条统计其匹配。"

    def add_arguments(self, parser):
        parser.add_argument("queries", nargs="*", help="也为这些检索词保存计数")
        parser.add_argument("--top", type=int, default=counted_queries.TOP, help="取搜索日志中最常用的多少个多词检索")
        parser.add_argument("--days", type=int, default=counted_queries.DAYS, help="搜索日志的天数")
        parser.add_argument(
            "--min-documents", type=int, default=counted_queries.MIN_DOCUMENTS, help="匹配文档少于此数的不保存"
        )

    def handle(self, *args, queries, top, days, min_documents, **options):
        if not documents.counts_terms():
            self.stdout.write("此数据库不保存词项计数。")
            return
        counted = counted_queries.count_frequent_queries(queries, top=top, days=days, min_documents=min_documents)
        for text in counted.values():
            self.stdout.write(text)
        self.stdout.write(self.style.SUCCESS(f"已为 {len(counted)} 个多词检索保存分面计数。"))
